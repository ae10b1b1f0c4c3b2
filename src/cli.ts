import { Command, CommanderError, Option } from "commander";
import { CrisisError, EXIT, ExitError, InputError, formatProblem, type ExitCode } from "./errors.js";
import { processIo, type Io } from "./ui/output.js";
import { neutralise } from "./ui/sanitize.js";

declare const __CRISIS_VERSION__: string;

/** What every command module exports. The module is imported only when its command runs. */
export interface CommandInput {
  args: unknown[];
  options: Record<string, unknown>;
  global: GlobalOptions;
}
export interface GlobalOptions {
  config?: string;
  debug?: boolean;
}
export type CommandModule = { run(io: Io, input: CommandInput): Promise<ExitCode | undefined | void> };

// Literal import() calls, so the bundler can see each module and keep it lazy.
const commands: Record<string, () => Promise<CommandModule>> = {
  playbooks: () => import("./commands/playbooks.js"),
  "playbooks-show": () => import("./commands/playbooks-show.js"),
  schema: () => import("./commands/schema.js"),
};

const EXIT_CODES_HELP = `
Exit codes:
  0    success
  1    lint findings at or above the failure threshold
  2    usage, configuration, playbook or answers-file error
  3    internal error (a bug: please report it, with --debug output)
  4    nothing to work on (no playbook files matched, no incident found)
  130  interrupted (Ctrl+C); the journal is intact`;

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;
}

export function buildProgram(io: Io, setCode: (code: ExitCode) => void): Command {
  const program = new Command("crisis");
  const action =
    (name: string) =>
    async (...params: unknown[]): Promise<void> => {
      const cmd = params[params.length - 1] as Command;
      const load = commands[name];
      if (!load) throw new CrisisError(`command ${name} is not available`, EXIT.internal);
      const mod = await load();
      const code = await mod.run(io, { args: cmd.processedArgs as unknown[], options: cmd.opts(), global: program.opts<GlobalOptions>() });
      setCode(code ?? EXIT.ok);
    };

  program
    .description("Run social-media crisis playbooks: guided response, crash-safe journal, incident log and post-mortem.")
    .version(__CRISIS_VERSION__, "-V, --version", "print the version")
    .option("-c, --config <file>", "configuration file (default: the nearest crisis.config.yaml, or $CRISIS_CONFIG)")
    .option("--debug", "print stack traces for unexpected errors")
    .showHelpAfterError("(add --help for usage)")
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride()
    .addHelpText("after", `${examples(["crisis playbooks", "crisis start data-breach", "crisis lint playbooks/"])}${EXIT_CODES_HELP}`);

  const playbooks = program
    .command("playbooks")
    .description("list the available playbooks: id, title, crisis type, steps and where each comes from")
    .option("--json", "print the list as JSON on stdout")
    .addHelpText("after", examples(["crisis playbooks", "crisis playbooks --json | jq '.[].id'", "crisis playbooks show data-breach"]))
    .action(action("playbooks"));
  playbooks
    .command("show")
    .description("show a playbook as a readable checklist")
    .argument("<id>", "playbook id")
    .option("--markdown", "print a markdown document instead (for a wiki or a printout)")
    .option("--json", "print the resolved playbook as JSON")
    .addHelpText("after", examples(["crisis playbooks show data-breach", "crisis playbooks show data-breach --markdown > data-breach.md"]))
    .action(action("playbooks-show"));

  program
    .command("schema")
    .description("print the playbook JSON Schema (generated from the format's definition) for editors and validators")
    .addOption(new Option("--for <kind>", "which schema").choices(["playbook", "spine", "config", "journal"]).default("playbook"))
    .option("--markdown", "print a field-by-field reference table instead (as in docs/playbook-format.md)")
    .addHelpText(
      "after",
      examples(["crisis schema > playbook.schema.json", "crisis schema --for config", "crisis schema --for journal"]),
    )
    .action(action("schema"));

  for (const cmd of program.commands) {
    cmd.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
    for (const sub of cmd.commands) sub.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  }
  return program;
}

/** Prints an error the way users should see it: one line per problem, no stack unless --debug. */
export function reportError(io: Io, error: unknown): ExitCode {
  if (error instanceof ExitError) return error.exitCode;
  if (error instanceof CommanderError) {
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") return EXIT.ok;
    return EXIT.usage; // commander has already printed what was wrong
  }
  if (error instanceof InputError) {
    for (const problem of error.problems) io.stderr.write(`${neutralise(formatProblem(problem))}\n`);
    io.stderr.write(`crisis: ${neutralise(error.message)}${error.suggestion ? `\n  ${neutralise(error.suggestion)}` : ""}\n`);
    return error.exitCode;
  }
  if (error instanceof CrisisError) {
    io.stderr.write(`crisis: ${neutralise(error.message)}\n${error.suggestion ? `  ${neutralise(error.suggestion)}\n` : ""}`);
    if (io.debug && error.stack) io.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  if (error instanceof Error && error.name === "ExitPromptError") {
    io.stderr.write("crisis: interrupted\n");
    return EXIT.interrupted;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`crisis: internal error: ${neutralise(message)}\n`);
  if (io.debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  else io.stderr.write("  this is a bug in crisis; run again with --debug and report the output\n");
  return EXIT.internal;
}

/** The entry point: runs one command line and returns the exit code. Never calls process.exit. */
export async function main(argv: readonly string[], injected?: Io): Promise<ExitCode> {
  const debug = argv.includes("--debug");
  const io = injected ?? processIo(debug);
  let code: ExitCode = EXIT.ok;
  try {
    const program = buildProgram(io, (c) => (code = c));
    await program.parseAsync([...argv]);
    return code;
  } catch (error) {
    return reportError(io.debug === debug ? io : { ...io, debug }, error);
  }
}
