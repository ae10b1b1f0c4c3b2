import type { Command } from "commander";
import type { Io } from "../adapters/terminal/io.js";
import type { ExitCode } from "../errors.js";

/**
 * How a command is declared: its name, help, arguments and options, each option's flags, help
 * text and value schema side by side, and the function that runs it. src/cli.ts wires commander
 * from these declarations, and commands/parse-input.ts checks every value against its schema
 * before the command runs, so a flag cannot be declared in one place and read under another name.
 *
 * Start-up must stay cheap (`crisis --help` loads no command code): a declaration imports only
 * types and tiny constants, and each run() imports the services it needs when it runs.
 */

/** The outcome of checking one value: the value (perhaps converted), or what was expected. */
export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Checks one value as commander gives it (a string) and may convert it. Plain functions, not zod
 * schemas: every value is one string whose check is the command's own rule, and zod costs a
 * command ~100 ms to import (a check that wants zod imports it itself, as init's --hub-url does).
 */
export type SchemaOf<T> = (text: string) => Checked<T> | Promise<Checked<T>>;

export interface OptionSpec<T = unknown> {
  /** Commander's flags: "--at <time>", "-f, --format <format>", "--json", "--no-retro". */
  readonly flags: string;
  readonly help: string;
  /** What a value must look like; its error message says what was expected ("expected …"). */
  readonly schema?: SchemaOf<unknown>;
  /** Allowed values: listed in the help, checked by commander. */
  readonly choices?: readonly string[];
  readonly default?: string;
  readonly hidden?: boolean;
  /** Help for a --no-<name> flag right after this one (--spine / --no-spine). */
  readonly negate?: string;
  /** Type only: what the command receives. */
  readonly type?: T;
}

export interface ArgumentSpec<T = unknown> {
  /** Commander's name: <id>, [dir], <text...>, [paths...]. */
  readonly name: string;
  readonly help: string;
  readonly schema?: SchemaOf<unknown>;
  readonly choices?: readonly string[];
  readonly default?: string;
  /** Type only: what the command receives. */
  readonly type?: T;
}

/** Options the program takes before any command (--config, --debug). */
export interface GlobalOptions {
  config?: string | undefined;
  debug?: boolean | undefined;
}

type ValueOf<S> = S extends { readonly type?: infer T } ? T : never;

/** What run() receives: the validated arguments and options by name, the global options, the program. */
interface CommandInput<A, O> {
  args: { [K in keyof A]: ValueOf<A[K]> };
  options: { [K in keyof O]: ValueOf<O[K]> };
  global: GlobalOptions;
  /** The wired commander program, for commands that describe the CLI itself (completion). */
  program: Command;
}

export interface CommandSpec<A = Record<string, ArgumentSpec>, O = Record<string, OptionSpec>> {
  readonly name: string;
  readonly description: string;
  readonly hidden?: boolean;
  readonly args: A;
  /** Keyed by the name commander gives the value (--max-warnings → maxWarnings); the wiring checks it. */
  readonly options: O;
  readonly examples: readonly string[];
  /** More help after the examples: exit codes, where to read on. */
  readonly helpAfter?: string;
  readonly subcommands?: readonly AnyCommand[];
  /**
   * The command reads journals only through withJournalSchema (core/journal/lines.ts), so it may
   * run without zod's journal schema loaded. Every other command gets it loaded before it runs.
   */
  readonly journalSchemaOnDemand?: boolean;
  /** The command describes the whole CLI (completion): every command is wired when it runs. */
  readonly describesCli?: boolean;
  run(io: Io, input: CommandInput<A, O>): Promise<ExitCode | undefined | void>;
}

/** A declaration whatever its arguments and options, as the wiring loops over them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = CommandSpec<any, any>;

export function defineCommand<A extends Record<string, ArgumentSpec>, O extends Record<string, OptionSpec>>(
  spec: CommandSpec<A, O>,
): CommandSpec<A, O> {
  return spec;
}

/** A flag without a value: true when given (false for its --no- form). */
export function flag(flags: string, help: string, extra: { negate?: string; hidden?: boolean } = {}) {
  return { flags, help, ...extra } as OptionSpec<boolean | undefined>;
}

/** A --no-<name> flag alone: the value is true unless it is given. */
export function negatedFlag(flags: `--no-${string}`, help: string) {
  return { flags, help } as OptionSpec<boolean>;
}

/** An option with a value the schema checks (and may convert); undefined when not given. */
export function value<T>(flags: string, help: string, schema: SchemaOf<T>): OptionSpec<T | undefined>;
/** With a default (shown in the help), so it always has a value. */
export function value<T>(flags: string, help: string, schema: SchemaOf<T>, defaultValue: string): OptionSpec<T>;
export function value<T>(flags: string, help: string, schema: SchemaOf<T>, defaultValue?: string): OptionSpec<T> {
  return { flags, help, schema, ...(defaultValue !== undefined ? { default: defaultValue } : {}) };
}

/** An option whose value is one of a list (shown in the help and checked by commander). */
export function choice<const C extends readonly string[]>(
  flags: string,
  help: string,
  choices: C,
  extra?: { hidden?: boolean },
): OptionSpec<C[number] | undefined>;
export function choice<const C extends readonly string[]>(
  flags: string,
  help: string,
  choices: C,
  extra: { default: C[number]; hidden?: boolean },
): OptionSpec<C[number]>;
export function choice(
  flags: string,
  help: string,
  choices: readonly string[],
  extra: { default?: string; hidden?: boolean } = {},
): OptionSpec {
  return { flags, help, choices, ...extra };
}

/** <name> is a string, [name] may be missing, <name...> and [name...] are lists. */
type ArgType<N extends string> = N extends `${string}...${string}`
  ? string[]
  : N extends `<${string}>`
    ? string
    : string | undefined;

/** A positional argument; with a schema, its value is checked like an option's. */
export function arg<const N extends string>(
  name: N,
  help: string,
  extra: { schema?: SchemaOf<unknown> } = {},
): ArgumentSpec<ArgType<N>> {
  return { name, help, ...extra };
}

/** An optional argument with a default, so it always has a value. */
export function argWithDefault(name: `[${string}]`, help: string, defaultValue: string): ArgumentSpec<string> {
  return { name, help, default: defaultValue };
}

/** A required argument whose value is one of a list (checked by commander). */
export function argChoice<const C extends readonly string[]>(
  name: `<${string}>`,
  help: string,
  choices: C,
): ArgumentSpec<C[number]> {
  return { name, help, choices };
}
