import { z } from "zod";
import { oneLine } from "../adapters/terminal/sanitize.js";
import { CrisisError, EXIT } from "../errors.js";
import type { ArgumentSpec, OptionSpec, SchemaOf } from "./define.js";

/**
 * Checks every value a command was given against its declaration, before the command runs: one
 * helper for every command, so a bad value always gets the same answer, one line naming the flag
 * (or argument), the value and what was expected, and exit 2. Loaded only when a command runs, so
 * start-up never pays for zod.
 */

/** The value as shown in the message: quoted when empty or when it has spaces, never raw control codes. */
function shown(value: unknown): string {
  const text = Array.isArray(value) ? value.join(" ") : String(value);
  return text === "" || /\s/.test(text) ? JSON.stringify(text) : oneLine(text);
}

function check(label: string, given: unknown, schema: SchemaOf<unknown>): unknown {
  const result = schema(z).safeParse(given);
  if (result.success) return result.data;
  throw new CrisisError(`${label} ${shown(given)}: ${result.error.issues[0]?.message ?? "not valid"}`, EXIT.usage);
}

/** The long flag (--max-warnings) of "--max-warnings <n>" or "-o, --output <file>". */
function flagName(flags: string): string {
  return /--[a-z0-9-]+/i.exec(flags)?.[0] ?? flags.split(/[\s,]/)[0] ?? flags;
}

/** Flags and choices commander has already settled pass as they are; values with a schema are checked. */
export function parseOptions(
  specs: Record<string, OptionSpec>,
  given: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const raw = given[key];
    out[key] = raw === undefined || spec.schema === undefined ? raw : check(flagName(spec.flags), raw, spec.schema);
  }
  return out;
}

export function parseArgs(specs: Record<string, ArgumentSpec>, given: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  Object.entries(specs).forEach(([key, spec], i) => {
    const raw = given[i];
    out[key] =
      raw === undefined || spec.schema === undefined
        ? raw
        : check(spec.name.replace(/[<>[\].]/g, ""), raw, spec.schema);
  });
  return out;
}
