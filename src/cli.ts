import type * as Commander from "commander";
import { createRequire } from "node:module";
import { describeFsFailure } from "./adapters/fs/errors.js";
import type { Io } from "./adapters/terminal/io.js";
import { processIo } from "./adapters/terminal/process-io.js";
import { neutralise } from "./adapters/terminal/sanitize.js";
import type { AnyCommand, ArgumentSpec, GlobalOptions, OptionSpec } from "./commands/define.js";
import { COMMANDS, PROGRAM } from "./commands/index.js";
import { readPlainLine, type RawInput } from "./commands/plain-line.js";
import { pointToDocs } from "./services/docs-path.js";
import { CrisisError, EXIT, InputError, formatProblem, type ExitCode } from "./errors.js";
import { VERSION } from "./version.js";

// commander is CommonJS. Required rather than imported, it loads without Node's ES-module wrapper
// (commander/esm.mjs) and without the scan of its exports (cjs-module-lexer, which nothing else an
// incident command loads needs): about 3 % of a start-up. The same module either way. Required
// when first needed: a plain line of a command (commands/plain-line.ts) runs without it.
let commander: typeof Commander | undefined;
const loadCommander = () => (commander ??= createRequire(import.meta.url)("commander") as typeof Commander);
type Command = Commander.Command;

/**
 * The command line: commander wired from the declarations in src/commands/, one loop over them.
 * No command's code loads here: each declaration's run() imports what it needs when it runs.
 */

function examples(lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;
}

/** Adds the declared options; the key each is declared under must be the name commander gives its value. */
function addOptions(cmd: Command, options: Readonly<Record<string, OptionSpec>>, docs: (t: string) => string): void {
  const { Option } = loadCommander();
  for (const [key, spec] of Object.entries(options)) {
    const option = new Option(spec.flags, docs(spec.help));
    if (spec.choices) option.choices(spec.choices);
    if (spec.default !== undefined) option.default(spec.default);
    if (spec.hidden) option.hideHelp();
    if (option.attributeName() !== key) {
      throw new CrisisError(`${spec.flags} of crisis ${cmd.name()} is declared as "${key}"`, EXIT.internal);
    }
    cmd.addOption(option);
    if (spec.negate) cmd.addOption(new Option(`--no-${option.name()}`, spec.negate));
  }
}

/**
 * The commander program. With `only` (the command the line names), only that command is wired:
 * building every command's options costs each start-up more than the command it runs needs.
 * `dispatch` gets what commander read (tests compare it with the plain reading).
 */
export function buildProgram(
  io: Io,
  setCode: (code: ExitCode) => void,
  only?: string,
  dispatch: (spec: AnyCommand, raw: RawInput, program: () => Command) => Promise<ExitCode> = (spec, raw, program) =>
    runCommand(io, spec, raw, program),
): Command {
  const { Argument, Command } = loadCommander();
  const program = new Command(PROGRAM.name);
  const output = { writeOut: (s: string) => io.stdout.write(s), writeErr: (s: string) => io.stderr.write(s) };
  const docs = (text: string) => pointToDocs(text, io.cwd);
  program
    .description(PROGRAM.description)
    .version(VERSION, "-V, --version", "print the version")
    .showHelpAfterError("(add --help for usage)")
    .configureOutput(output)
    .exitOverride()
    .addHelpText("after", `${examples(PROGRAM.examples)}${PROGRAM.helpAfter}`);
  addOptions(program, PROGRAM.options, docs);

  const add = (parent: Command, spec: AnyCommand): void => {
    const cmd = parent.command(spec.name, spec.hidden ? { hidden: true } : {}).description(spec.description);
    for (const a of Object.values(spec.args as Record<string, ArgumentSpec>)) {
      const argument = new Argument(a.name, a.help);
      if (a.choices) argument.choices(a.choices);
      if (a.default !== undefined) argument.default(a.default);
      cmd.addArgument(argument);
    }
    addOptions(cmd, spec.options as Record<string, OptionSpec>, docs);
    cmd.addHelpText("after", () => docs(examples(spec.examples) + (spec.helpAfter ?? "")));
    cmd.exitOverride().configureOutput(output);
    cmd.action(async (...params: unknown[]) => {
      const self = params[params.length - 1] as Command;
      // Commander gives an option the parent also defines (playbooks --json) to the parent even when
      // it follows the subcommand (playbooks show x --json), so a subcommand sees its parent's too.
      const given = self.parent && self.parent !== program ? { ...self.parent.opts(), ...self.opts() } : self.opts();
      const raw = { processedArgs: self.processedArgs as unknown[], given, programGiven: program.opts() };
      setCode(await dispatch(spec, raw, () => program));
    });
    for (const sub of spec.subcommands ?? []) add(cmd, sub);
  };
  const named = COMMANDS.find((spec) => spec.name === only);
  for (const spec of named && !named.describesCli ? [named] : COMMANDS) add(program, spec);
  return program;
}

/** Checks what the line gave (commander's reading or the plain one) and runs the command. */
async function runCommand(io: Io, spec: AnyCommand, raw: RawInput, program: () => Command): Promise<ExitCode> {
  const { parseArgs, parseOptions } = await import("./commands/parse-input.js");
  if (!spec.journalSchemaOnDemand) await (await import("./core/journal/lines.js")).loadJournalSchema();
  const global = (await parseOptions(PROGRAM.options, raw.programGiven)) as GlobalOptions;
  const code = await spec.run(io, {
    args: await parseArgs(spec.args as never, raw.processedArgs),
    options: await parseOptions(spec.options as never, raw.given),
    global,
    get program() {
      return program();
    },
  });
  return code ?? EXIT.ok;
}

/** Prints an error the way users should see it: one line per problem, no stack unless --debug. */
export function reportError(io: Io, error: unknown): ExitCode {
  if (commander && error instanceof commander.CommanderError) {
    if (
      error.code === "commander.helpDisplayed" ||
      error.code === "commander.version" ||
      error.code === "commander.help"
    )
      return EXIT.ok;
    return EXIT.usage; // commander has already printed what was wrong
  }
  const docs = (text: string) => pointToDocs(neutralise(text), io.cwd);
  if (error instanceof InputError) {
    for (const problem of error.problems) io.stderr.write(`${neutralise(formatProblem(problem))}\n`);
    io.stderr.write(`crisis: ${docs(error.message)}${error.suggestion ? `\n  ${docs(error.suggestion)}` : ""}\n`);
    return error.exitCode;
  }
  if (error instanceof CrisisError) {
    io.stderr.write(`crisis: ${docs(error.message)}\n${error.suggestion ? `  ${docs(error.suggestion)}\n` : ""}`);
    if (io.debug && error.stack) io.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  // A full disk, a read-only folder, a missing file: the environment's problem, never a bug.
  const fsFailure = describeFsFailure(error);
  if (fsFailure !== undefined) {
    io.stderr.write(`crisis: ${neutralise(fsFailure)}\n`);
    if (io.debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return EXIT.usage;
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
    // The command is the first argument after node and the script when it names one exactly; anything
    // else (a global option first, help, a typo to suggest a command for) gets the whole program.
    const named = COMMANDS.find((spec) => spec.name === argv[2]);
    const plain = named && readPlainLine(named, PROGRAM.options, argv.slice(3));
    if (named && plain) return await runCommand(io, named, plain, () => buildProgram(io, () => undefined, named.name));
    const program = buildProgram(io, (c) => (code = c), argv[2]);
    await program.parseAsync([...argv]);
    return code;
  } catch (error) {
    return reportError(io.debug === debug ? io : { ...io, debug }, error);
  }
}
