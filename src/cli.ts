import { Argument, Command, CommanderError, Option } from "commander";
import { CrisisError, EXIT, ExitError, InputError, formatProblem, type ExitCode } from "./errors.js";
import type { Io } from "./ui/output.js";
import { processIo } from "./ui/process-io.js";
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
  lint: () => import("./commands/lint.js"),
  start: () => import("./commands/start.js"),
  resume: () => import("./commands/resume.js"),
  note: () => import("./commands/note.js"),
  decision: () => import("./commands/decision.js"),
  severity: () => import("./commands/severity.js"),
  checkin: () => import("./commands/checkin.js"),
  list: () => import("./commands/list.js"),
  status: () => import("./commands/status.js"),
  postmortem: () => import("./commands/postmortem.js"),
  init: () => import("./commands/init.js"),
  completion: () => import("./commands/completion.js"),
  complete: () => import("./commands/complete.js"),
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
      // Commander gives an option the parent also defines (playbooks --json) to the parent even when
      // it follows the subcommand (playbooks show x --json), so a subcommand sees its parent's too.
      const options = cmd.parent && cmd.parent !== program ? { ...cmd.parent.opts(), ...cmd.opts() } : cmd.opts();
      const code = await mod.run(io, {
        args: cmd.processedArgs as unknown[],
        options,
        global: program.opts<GlobalOptions>(),
      });
      setCode(code ?? EXIT.ok);
    };

  program
    .description(
      "Run social-media crisis playbooks: guided response, crash-safe journal, incident log and post-mortem.",
    )
    .version(__CRISIS_VERSION__, "-V, --version", "print the version")
    .option("-c, --config <file>", "configuration file (default: the nearest crisis.config.yaml, or $CRISIS_CONFIG)")
    .option("--debug", "print stack traces for unexpected errors")
    .showHelpAfterError("(add --help for usage)")
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride()
    .addHelpText(
      "after",
      `${examples(["crisis playbooks", "crisis start data-breach", "crisis lint playbooks/"])}${EXIT_CODES_HELP}`,
    );

  const playbooks = program
    .command("playbooks")
    .description("list the available playbooks: id, title, crisis type, steps and where each comes from")
    .option("--json", "print the list as JSON on stdout")
    .addHelpText(
      "after",
      examples(["crisis playbooks", "crisis playbooks --json | jq '.[].id'", "crisis playbooks show data-breach"]),
    )
    .action(action("playbooks"));
  playbooks
    .command("show")
    .description("show a playbook as a readable checklist")
    .argument("<id>", "playbook id")
    .option("--markdown", "print a markdown document instead (for a wiki or a printout)")
    .option("--json", "print the resolved playbook as JSON")
    .addHelpText(
      "after",
      examples(["crisis playbooks show data-breach", "crisis playbooks show data-breach --markdown > data-breach.md"]),
    )
    .action(action("playbooks-show"));

  program
    .command("schema")
    .description("print the playbook JSON Schema (generated from the format's definition) for editors and validators")
    .addOption(
      new Option("--for <kind>", "which schema")
        .choices(["playbook", "spine", "config", "journal"])
        .default("playbook"),
    )
    .option("--markdown", "print a field-by-field reference table instead (as in docs/playbook-format.md)")
    .addHelpText(
      "after",
      examples(["crisis schema > playbook.schema.json", "crisis schema --for config", "crisis schema --for journal"]),
    )
    .action(action("schema"));

  program
    .command("lint")
    .description(
      "check playbooks, message templates and the config: YAML, schema, references, variables, flow, coverage, channel limits, hygiene",
    )
    .argument(
      "[paths...]",
      "files, folders or quoted globs (default: the configured playbook and template folders, or the bundled ones where none are configured)",
    )
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["stylish", "json", "sarif", "github"])
        .default("stylish"),
    )
    .option("-o, --output <file>", "write the chosen format to this file; the terminal still gets the stylish report")
    .option("--max-warnings <n>", "also fail (exit 1) when there are more than n warnings")
    .addOption(
      new Option(
        "--fail-on <severity>",
        "fail (exit 1) on findings at or above this severity (default: error)",
      ).choices(["error", "warning", "info"]),
    )
    .addOption(
      new Option("--severity <severity>", "same as --fail-on").choices(["error", "warning", "info"]).hideHelp(),
    )
    .option("-q, --quiet", "show only findings at or above the --fail-on severity")
    .option("--list-rules", "list every rule with its default severity (with --format json, as JSON)")
    .addHelpText(
      "after",
      examples([
        "crisis lint",
        "crisis lint playbooks/ templates/",
        "crisis lint 'playbooks/**/*.yaml' --fail-on warning",
        "crisis lint --format github   # annotations in a GitHub Actions log",
        "crisis lint --format sarif --output crisis-lint.sarif",
        "crisis lint --format json | jq '.findings[] | select(.severity == \"error\")'",
        "crisis lint --list-rules",
      ]) +
        `
Exit codes:
  0  no findings at or above the --fail-on severity (and no more than --max-warnings warnings)
  1  findings at or above the --fail-on severity, or more warnings than --max-warnings
  2  usage error, or an invalid crisis.config.yaml (its findings are printed with positions)
  3  internal error: a check crashed (reported as internal/crash findings; please report it)
  4  no files to lint: nothing matched the paths or globs

Rules, formats, suppressions and a GitHub Actions example: docs/lint.md.
`,
    )
    .action(action("lint"));

  program
    .command("init")
    .description(
      "set up a team repository: config, playbooks to customise, templates, CI lint workflow, editor schema settings",
    )
    .argument("[dir]", "the repository folder", ".")
    .option("-y, --yes", "ask nothing: use the defaults and any flags given")
    .option("--brand <name>", "the brand's name as used in public messages")
    .option("--handles <list>", "official accounts as channel=handle pairs, e.g. x=@acme,instagram=@acme")
    .option("--support-contact <text>", "where customers get help")
    .option("--media-contact <text>", "where journalists are sent")
    .option("--hub-url <url>", "the crisis hub or status page every message links to")
    .option("--status-page-url <url>", "the status page, if it is not the hub")
    .option("--mentions-per-hour <n>", "mentions per hour on a normal day (baseline)")
    .option("--negative-share <percent>", "share of negative mentions on a normal day (baseline)")
    .option("--targets <list>", "response targets, e.g. SEV1=30m/30m,SEV2=1h/1h (first response/update interval)")
    .option("--incidents-dir <dir>", "where incidents are recorded (default: incidents)")
    .option("--playbooks <playbook-ids>", "bundled playbooks to copy for customising: ids separated by commas, or all")
    .option("--spine", "also copy the common spine (the shared steps)")
    .option("--no-spine", "do not copy the spine")
    .option("--templates", "copy the message templates the copied playbooks use (default)")
    .option("--no-templates", "do not copy message templates")
    .option("--ci", "write .github/workflows/crisis-lint.yml (default)")
    .option("--no-ci", "no CI workflow")
    .option("--editor", "write .vscode settings that map the playbook schema (default)")
    .option("--no-editor", "no editor settings")
    .option("--commit-incidents", "commit incidents to the repository (writes incidents/.gitkeep)")
    .option("--no-commit-incidents", "keep incidents out of git (adds them to .gitignore; default)")
    .option("-f, --force", "overwrite files that already exist (.gitignore is only ever added to)")
    .option("--dry-run", "show what would be written, write nothing")
    .option("--json", "also print the report as JSON on stdout")
    .addHelpText(
      "after",
      examples([
        "crisis init",
        "crisis init --yes --brand Acme --hub-url https://acme.example/updates",
        "crisis init --yes --playbooks data-breach,product-recall",
        "crisis init --playbooks all --dry-run --json",
      ]) + "\nExisting files are kept unless --force; the report says what was created and what was left.\n",
    )
    .action(action("init"));

  program
    .command("completion")
    .description("print a shell completion script (commands, options, playbook and incident ids)")
    .addArgument(new Argument("<shell>", "the shell").choices(["bash", "zsh", "fish"]))
    .addHelpText(
      "after",
      examples([
        "crisis completion bash > ~/.local/share/bash-completion/completions/crisis",
        "echo 'source <(crisis completion bash)' >> ~/.bashrc",
        'crisis completion zsh > "${fpath[1]}/_crisis"',
        "crisis completion fish > ~/.config/fish/completions/crisis.fish",
      ]),
    )
    .action(action("completion"));

  program
    .command("__complete", { hidden: true })
    .description("print playbook or incident ids, one per line (used by the completion scripts)")
    .addArgument(new Argument("<kind>", "what to list").choices(["playbooks", "incidents"]))
    .addHelpText("after", examples(["crisis __complete playbooks", "crisis __complete incidents"]))
    .action(action("complete"));

  program
    .command("postmortem")
    .description(
      "write the blameless post-mortem of an incident from its journal: metrics against targets, timeline, charts, retrospective",
    )
    .argument("[id]", "incident id (default: the most recently opened incident)")
    .addOption(
      new Option("--format <format>", "markdown, or json for the same content as data")
        .choices(["markdown", "json"])
        .default("markdown"),
    )
    .option("--answers <file>", "retrospective answers from a YAML file instead of asking (see docs/postmortem.md)")
    .option("--no-retro", "do not ask the retrospective questions; just render")
    .option(
      "-o, --output <file>",
      "write here instead (- for stdout); default incidents/<id>/postmortem.md, or stdout for json",
    )
    .option("--max-gap <duration>", "warn about timeline gaps longer than this", "4h")
    .addHelpText(
      "after",
      examples([
        "crisis postmortem",
        "crisis postmortem 2026-03-04-data-breach",
        "crisis postmortem 2026-03-04-data-breach --answers retro.yaml",
        "crisis postmortem --no-retro --format json | jq '.metrics[] | select(.status == \"missed\")'",
        "crisis postmortem 2026-03-04-data-breach --output - > review.md",
      ]) +
        "\nWithout a terminal (CI, pipes) nothing is asked. Warnings from the checks go to stderr and do not change the exit code.\n",
    )
    .action(action("postmortem"));

  program
    .command("start")
    .description(
      "declare a crisis and work through a playbook step by step; every answer goes to the incident's journal at once",
    )
    .argument("[playbook]", "playbook id (default: choose from a searchable list)")
    .option("--answers <file>", "answer every question from a YAML file instead of asking (see docs/start.md)")
    .option("--drill", "an exercise: marked in the journal and log, and every drafted message carries [DRILL]")
    .option("--actor <name>", "who is at the keyboard (default: $CRISIS_ACTOR or the system user name)")
    .addHelpText(
      "after",
      examples([
        "crisis start",
        "crisis start data-breach",
        "crisis start service-outage --drill",
        "crisis start data-breach --answers drill-answers.yaml",
      ]) +
        "\nAt any question press Esc for the actions: note, decision, check-in, severity, roles, skip step, back, pause, resolve.\nCtrl+C stops at once; nothing answered is lost, and crisis resume <id> continues. See docs/start.md.\n",
    )
    .action(action("start"));

  program
    .command("resume")
    .description("continue an open incident exactly where it stopped")
    .argument("[id]", "incident id (default: the most recently opened open incident)")
    .option("--answers <file>", "answer the remaining questions from a YAML file (see docs/start.md)")
    .option("--actor <name>", "who is at the keyboard (default: $CRISIS_ACTOR or the system user name)")
    .option("--force", "resume even if another crisis process seems to be running this incident")
    .addHelpText(
      "after",
      examples([
        "crisis resume",
        "crisis resume 2026-11-21-data-breach",
        "crisis resume 2026-11-21-data-breach --answers drill-answers.yaml",
      ]),
    )
    .action(action("resume"));

  const incidentOption = ["--incident <id>", "incident id (default: the most recently opened open incident)"] as const;
  const actorOption = [
    "--actor <name>",
    "who is recording it (default: $CRISIS_ACTOR or the system user name)",
  ] as const;
  const atOption = [
    "--at <time>",
    "when it happened: -15m, 2h ago, 14:05 (UTC) or an ISO time (default: now)",
  ] as const;

  program
    .command("note")
    .description(
      "add a note to the active incident's timeline, from any terminal (start it with TODO: for a follow-up)",
    )
    .argument("<text...>", "the note")
    .option(...atOption)
    .option(...incidentOption)
    .option(...actorOption)
    .addHelpText(
      "after",
      examples([
        'crisis note "Journalist from the Daily Post called; sent to press office"',
        'crisis note "Ads paused" --at -15m',
        'crisis note "TODO: why did the approval step not catch the image?"',
      ]),
    )
    .action(action("note"));

  program
    .command("decision")
    .description("record a decision on the active incident: what, why, and what else was considered")
    .argument("<what...>", "what was decided")
    .option("--why <reason>", "why (asked when missing and there is a terminal)")
    .option("--alternatives <text>", "what else was considered")
    .option(...atOption)
    .option(...incidentOption)
    .option(...actorOption)
    .addHelpText(
      "after",
      examples([
        'crisis decision "Apologise publicly" --why "We sent the e-mail in error" --alternatives "Explain only"',
      ]),
    )
    .action(action("decision"));

  program
    .command("severity")
    .description("change the active incident's severity, with the reason")
    .argument("<level>", "SEV1 (most severe) to SEV4")
    .option("--reason <text>", "why (asked when missing and there is a terminal)")
    .option(...incidentOption)
    .option(...actorOption)
    .addHelpText(
      "after",
      examples([
        'crisis severity SEV1 --reason "National news picked it up"',
        'crisis severity 3 --reason "Volume back to twice normal" --incident 2026-11-21-viral-complaint',
      ]),
    )
    .action(action("severity"));

  program
    .command("checkin")
    .description(
      "record a check-in on the active incident: mentions per hour, negative share, media pickups, support tickets",
    )
    .option("--mentions <n>", "mentions in the last hour")
    .option("--negative <percent>", "share of mentions that are negative, 0-100")
    .option("--media <n>", "media pickups so far")
    .option("--tickets <n>", "support tickets about it")
    .option(...atOption)
    .option(...incidentOption)
    .option(...actorOption)
    .addHelpText(
      "after",
      examples([
        "crisis checkin --mentions 1240 --negative 61 --media 2 --tickets 30",
        "crisis checkin   # asks for each number",
      ]),
    )
    .action(action("checkin"));

  program
    .command("list")
    .description("list incidents: status, severity, time since declaration, next update due")
    .option("--open", "only incidents that are not resolved")
    .option("--json", "print the list as JSON on stdout")
    .addHelpText(
      "after",
      examples(["crisis list", "crisis list --open", "crisis list --json | jq '.[] | select(.update_overdue)'"]),
    )
    .action(action("list"));

  program
    .command("status")
    .description("show one incident: status, step, severity, roles, time since declaration, next update due")
    .argument("[id]", "incident id (default: the active incident)")
    .option("--json", "print it as JSON on stdout")
    .addHelpText("after", examples(["crisis status", "crisis status 2026-11-21-data-breach --json"]))
    .action(action("status"));

  // Help lists commands in the order a responder meets them, not the order they are wired.
  const order = [
    "start",
    "resume",
    "note",
    "decision",
    "severity",
    "checkin",
    "status",
    "list",
    "postmortem",
    "playbooks",
    "lint",
    "init",
    "schema",
    "completion",
  ];
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  (program.commands as Command[]).sort((a, b) => rank(a.name()) - rank(b.name()));

  for (const cmd of program.commands) {
    cmd.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
    for (const sub of cmd.commands)
      sub.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  }
  return program;
}

/** Prints an error the way users should see it: one line per problem, no stack unless --debug. */
export function reportError(io: Io, error: unknown): ExitCode {
  if (error instanceof ExitError) return error.exitCode;
  if (error instanceof CommanderError) {
    if (
      error.code === "commander.helpDisplayed" ||
      error.code === "commander.version" ||
      error.code === "commander.help"
    )
      return EXIT.ok;
    return EXIT.usage; // commander has already printed what was wrong
  }
  if (error instanceof InputError) {
    for (const problem of error.problems) io.stderr.write(`${neutralise(formatProblem(problem))}\n`);
    io.stderr.write(
      `crisis: ${neutralise(error.message)}${error.suggestion ? `\n  ${neutralise(error.suggestion)}` : ""}\n`,
    );
    return error.exitCode;
  }
  if (error instanceof CrisisError) {
    io.stderr.write(
      `crisis: ${neutralise(error.message)}\n${error.suggestion ? `  ${neutralise(error.suggestion)}\n` : ""}`,
    );
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
