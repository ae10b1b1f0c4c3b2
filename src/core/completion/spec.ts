import type { Argument, Command, Option } from "commander";
import { SEVERITIES } from "../playbook/schema.js";

/** What a word in a given position can be. Ids are listed at completion time by `crisis __complete`. */
export type ValueKind =
  | { kind: "playbook" }
  | { kind: "incident" }
  | { kind: "file" }
  | { kind: "dir" }
  | { kind: "command" }
  | { kind: "choices"; choices: string[] }
  | { kind: "any" };

export interface Entry {
  name: string;
  description: string;
}

interface OptionSpec extends Entry {
  /** Every spelling: -c and --config. `name` is the long one when there is one. */
  names: string[];
  /** The value the option takes; undefined for a flag. */
  value: ValueKind | undefined;
  /** Not offered, but still known, so the scripts skip its value when walking a line. */
  hidden: boolean;
}

export interface CommandSpec {
  /** Command names from the top, joined by spaces; "" for the program itself. */
  path: string;
  subcommands: Entry[];
  options: OptionSpec[];
  /** Positional arguments in order; the last one repeats when variadic. */
  args: ValueKind[];
  variadic: boolean;
}

export interface CompletionSpec {
  program: string;
  commands: CommandSpec[];
}

const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim();

/**
 * Decides what an argument or option value is from its name, so commands added later are covered
 * without touching this file: <playbook> and `playbooks show <id>` are playbook ids, <incident> or
 * another command's <id> an incident id, <file>/<path>/<output> files, <dir> folders.
 */
export function classify(name: string, commandPath: readonly string[], choices?: readonly string[]): ValueKind {
  if (choices && choices.length > 0) return { kind: "choices", choices: [...choices] };
  const n = name.toLowerCase().replace(/\.\.\.$/, "");
  if (/^playbooks?$|^playbook[-_]?ids?$/.test(n)) return { kind: "playbook" };
  if (/^incidents?$|^incident[-_]?ids?$/.test(n)) return { kind: "incident" };
  if (n === "id") return commandPath[0] === "playbooks" ? { kind: "playbook" } : { kind: "incident" };
  if (n === "command") return { kind: "command" };
  if (n === "level" || n === "severity") return { kind: "choices", choices: [...SEVERITIES] };
  if (/dir$|folder/.test(n)) return { kind: "dir" };
  if (/file|path|output|answers|config/.test(n)) return { kind: "file" };
  return { kind: "any" };
}

function optionSpec(option: Option, commandPath: readonly string[]): OptionSpec {
  const names = [option.short, option.long].filter((n): n is string => typeof n === "string");
  const valueName = /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1] ?? "";
  // An optional value ([value]) is not assumed: the next word may just as well be an argument.
  const value = option.required ? classify(valueName, commandPath, option.argChoices) : undefined;
  return {
    name: option.long ?? option.short ?? option.flags,
    names,
    description: oneLine(option.description),
    value,
    hidden: option.hidden,
  };
}

/** Walks the real commander program, so the scripts list exactly the commands and options it parses. */
export function describeProgram(program: Command): CompletionSpec {
  const help = program.createHelp();
  const commands: CommandSpec[] = [];
  const inherited: OptionSpec[] = help
    .visibleOptions(program)
    .filter((o) => o.long !== "--help" && o.long !== "--version")
    .map((o) => optionSpec(o, []));

  const visit = (cmd: Command, path: string[]): void => {
    const visible = help.visibleOptions(cmd);
    const own = [...visible, ...cmd.options.filter((o) => !visible.includes(o))].map((o) => optionSpec(o, path));
    const options = path.length === 0 ? own : [...own, ...inherited.filter((g) => !own.some((o) => o.name === g.name))];
    const args: readonly Argument[] = cmd.registeredArguments;
    const subs = help.visibleCommands(cmd);
    commands.push({
      path: path.join(" "),
      subcommands: subs.flatMap((s) =>
        [s.name(), ...s.aliases()].map((name) => ({ name, description: oneLine(s.description()) })),
      ),
      options,
      args: args.map((a) => classify(a.name(), path, a.argChoices)),
      variadic: args.at(-1)?.variadic ?? false,
    });
    for (const sub of subs) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
  return { program: program.name(), commands };
}
