import { CrisisError, EXIT } from "../errors.js";
import { DURATION_HELP, parseDuration, validateWhen } from "../core/time.js";
import { value, type Checked, type SchemaOf } from "./define.js";

/**
 * Schemas for option values several commands share, and the options themselves. Every message
 * says what was expected; the wiring prints it after the flag and the value given.
 */

/** A value that passed, as it is or converted. */
export const valid = <T>(value: T): Checked<T> => ({ ok: true, value });
/** A value that did not: the message says what was expected. */
export const invalid = (message: string): Checked<never> => ({ ok: false, message });

/** Text that is not empty (only spaces counts as empty). */
export const someText =
  (expected: string): SchemaOf<string> =>
  (s) =>
    s.trim() !== "" ? valid(s) : invalid(`expected ${expected}`);

/** A number within bounds (min and max included, above excluded); `whole` refuses fractions. */
export const numberIn =
  (expected: string, bounds: { min?: number; above?: number; max?: number; whole?: boolean }): SchemaOf<number> =>
  (s) => {
    const n = Number(s);
    const ok =
      s.trim() !== "" &&
      Number.isFinite(n) &&
      (!bounds.whole || Number.isInteger(n)) &&
      (bounds.min === undefined || n >= bounds.min) &&
      (bounds.above === undefined || n > bounds.above) &&
      (bounds.max === undefined || n <= bounds.max);
    return ok ? valid(n) : invalid(`expected ${expected}`);
  };

/** A list separated by commas, each item trimmed, empty items dropped. */
export function commaList(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** key=value pairs separated by commas, such as x=@acme,instagram=@acme; `expected` names the form. */
export const pairs =
  (expected: string, valueOk: (value: string) => boolean = () => true) =>
  (text: string): Checked<[string, string][]> => {
    const out: [string, string][] = [];
    const items = commaList(text);
    for (const item of items) {
      const at = item.indexOf("=");
      const key = item.slice(0, at).trim();
      const val = item.slice(at + 1).trim();
      if (at <= 0 || val === "" || !valueOk(val))
        return invalid(`expected ${expected}${items.length > 1 ? `; "${item}" is not one` : ""}`);
      out.push([key, val]);
    }
    return out.length > 0 ? valid(out) : invalid(`expected ${expected}`);
  };

/** A point in time as people type it; whether it lies in the future is checked against the clock later. */
const when: SchemaOf<string> = (s) => {
  // The form and the bounds (core/time.ts), against a fixed clock: the command checks the real one.
  const ok = validateWhen(s, WHEN_REFERENCE);
  return ok === true ? valid(s) : invalid(ok);
};
const WHEN_REFERENCE = new Date(Date.UTC(2026, 0, 1));

/** A duration such as 30m, 4h or 1d, in milliseconds. */
export const durationMs: SchemaOf<number> = (s) => {
  const ms = parseDuration(s);
  return ms !== undefined ? valid(ms) : invalid(DURATION_HELP);
};

/** The options every side command (note, decision, severity, checkin) takes. */
export const atOption = value(
  "--at <time>",
  "when it happened: -15m, 2h ago, 14:05 (UTC) or an ISO time (default: now)",
  when,
);
export const incidentOption = value(
  "--incident <id>",
  "incident id (default: the most recently opened open incident)",
  someText("an incident id"),
);
export const recorderOption = value(
  "--actor <name>",
  "who is recording it (default: $CRISIS_ACTOR or the system user name)",
  someText("a name"),
);
/** crisis start and resume: the person at the keyboard. */
export const responderOption = value(
  "--actor <name>",
  "who is at the keyboard (default: $CRISIS_ACTOR or the system user name)",
  someText("a name"),
);

/** A file to read, named on the command line. */
export const fileName = someText("a file name");

/**
 * --json is --format json for the commands that have --format: every command that reports takes
 * --json. Given with another format, the two contradict each other (exit 2); `fallback` is the
 * format commander fills in when --format is not given, so it does not count as a choice.
 */
export function jsonFormat<F extends string>(json: boolean | undefined, format: F, fallback: F): F | "json" {
  if (!json) return format;
  if (format !== "json" && format !== fallback)
    throw new CrisisError(`--json and --format ${format} contradict each other; expected one of them`, EXIT.usage);
  return "json";
}
