import type { AnyCommand, ArgumentSpec, OptionSpec } from "./define.js";

/**
 * What commander hands a command's action: the arguments as it processed them, the command's
 * option values and the program's. src/cli.ts builds the same from a plain line without loading
 * commander (issue 15: commander and the child_process module it requires cost an incident command
 * about a tenth of Node's own start-up).
 */
export interface RawInput {
  processedArgs: unknown[];
  given: Record<string, unknown>;
  programGiven: Record<string, unknown>;
}

/**
 * "--at <time>", "-c, --config <file>", "--json": the long flag and whether it takes a value. A
 * variadic value ("<tags...>") or an optional one ("[value]") does not match: commander reads those.
 */
const FLAGS = /^(?:-[A-Za-z], )?(--[a-z][a-z0-9-]*)( <[^>]*[^.>]>)?$/;
/** "<text...>", "[id]": required or not, a list or not. */
const ARG = /^([<[])[^.<>[\]]+(\.\.\.)?[>\]]$/;

interface Known {
  key: string;
  takesValue: boolean;
  choices: readonly string[] | undefined;
}

/** The long flags of `options`, or undefined when one is not the plain kind read here (--no-x, [value], a list). */
function longFlags(options: Readonly<Record<string, OptionSpec>>): Map<string, Known> | undefined {
  const known = new Map<string, Known>();
  for (const [key, spec] of Object.entries(options)) {
    const m = FLAGS.exec(spec.flags);
    if (!m || spec.negate || m[1]!.startsWith("--no-")) return undefined;
    known.set(m[1]!, { key, takesValue: m[2] !== undefined, choices: spec.choices });
  }
  return known;
}

/** Commander's processed arguments for `operands`, or undefined when it would refuse them (or check them itself). */
function processArgs(args: readonly ArgumentSpec[], operands: readonly string[]): unknown[] | undefined {
  const processed: unknown[] = [];
  for (const [i, spec] of args.entries()) {
    const m = ARG.exec(spec.name);
    if (!m || spec.choices) return undefined;
    const required = m[1] === "<";
    const list = m[2] !== undefined;
    if (list && i !== args.length - 1) return undefined;
    if (i >= operands.length) {
      if (required) return undefined; // commander: missing required argument
      processed.push(spec.default ?? (list ? [] : undefined));
    } else processed.push(list ? operands.slice(i) : operands[i]);
  }
  const takesRest = args.length > 0 && ARG.exec(args[args.length - 1]!.name)?.[2] !== undefined;
  if (!takesRest && operands.length > args.length) return undefined; // commander: too many arguments
  return processed;
}

/**
 * The line after the command's name read as commander reads it, when it is plain: words, the
 * command's long options (each with its value as the next word, which may not start with "-"),
 * and the program's --debug. Anything else (help, --version, a short or unknown flag, --x=y, "--",
 * a value commander checks against choices, a missing or extra argument, a command with
 * subcommands given any word) returns undefined: commander reads that line, and prints what it
 * prints. A property test (test/cli/plain-line.test.ts) holds the two readings equal.
 */
export function readPlainLine(
  spec: AnyCommand,
  programOptions: Readonly<Record<string, OptionSpec>>,
  words: readonly string[],
): RawInput | undefined {
  if (spec.describesCli) return undefined;
  const own = longFlags(spec.options as Record<string, OptionSpec>);
  const program = longFlags(programOptions);
  if (!own || !program) return undefined;
  const given: Record<string, unknown> = {};
  for (const [key, option] of Object.entries(spec.options as Record<string, OptionSpec>))
    if (option.default !== undefined) given[key] = option.default;
  const programGiven: Record<string, unknown> = {};
  const operands: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith("-")) {
      operands.push(word);
      continue;
    }
    // The program looks for its own options first, wherever they are on the line.
    const inProgram = program.get(word);
    const option = inProgram ?? own.get(word);
    if (!option || (inProgram && inProgram.takesValue)) return undefined;
    const into = inProgram ? programGiven : given;
    if (!option.takesValue) {
      into[option.key] = true;
      continue;
    }
    const value = words[i + 1];
    if (value === undefined || value.startsWith("-")) return undefined;
    if (option.choices && !option.choices.includes(value)) return undefined;
    into[option.key] = value;
    i++;
  }
  if (spec.subcommands?.length && operands.length > 0) return undefined;
  const processedArgs = processArgs(Object.values(spec.args as Record<string, ArgumentSpec>), operands);
  return processedArgs && { processedArgs, given, programGiven };
}
