import { oneLine } from "../adapters/terminal/sanitize.js";
import { CrisisError, EXIT } from "../errors.js";
import type { ArgumentSpec, OptionSpec, SchemaOf } from "./define.js";

/**
 * Checks every value a command was given against its declaration, before the command runs: one
 * helper for every command, so a bad value always gets the same answer, one line naming the flag
 * (or argument), the value and what was expected, and exit 2. The checks are plain functions
 * (define.ts), so checking a command's values loads no library.
 */

/** The value as shown in the message: quoted when empty or when it has spaces, never raw control codes. */
function shown(value: unknown): string {
  const text = Array.isArray(value) ? value.join(" ") : String(value);
  return text === "" || /\s/.test(text) ? JSON.stringify(text) : oneLine(text);
}

async function check(label: string, given: unknown, schema: SchemaOf<unknown>): Promise<unknown> {
  // Commander gives a value-taking option or argument one string; anything else was never declared with a check.
  const result = typeof given === "string" ? await schema(given) : { ok: false as const, message: "expected text" };
  if (result.ok) return result.value;
  throw new CrisisError(`${label} ${shown(given)}: ${result.message}`, EXIT.usage);
}

/** The long flag (--max-warnings) of "--max-warnings <n>" or "-o, --output <file>". */
function flagName(flags: string): string {
  return /--[a-z0-9-]+/i.exec(flags)?.[0] ?? flags.split(/[\s,]/)[0] ?? flags;
}

/** Flags and choices commander has already settled pass as they are; values with a schema are checked. */
export async function parseOptions(
  specs: Record<string, OptionSpec>,
  given: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const raw = given[key];
    out[key] =
      raw === undefined || spec.schema === undefined ? raw : await check(flagName(spec.flags), raw, spec.schema);
  }
  return out;
}

export async function parseArgs(
  specs: Record<string, ArgumentSpec>,
  given: readonly unknown[],
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [i, [key, spec]] of Object.entries(specs).entries()) {
    const raw = given[i];
    out[key] =
      raw === undefined || spec.schema === undefined
        ? raw
        : await check(spec.name.replace(/[<>[\].]/g, ""), raw, spec.schema);
  }
  return out;
}
