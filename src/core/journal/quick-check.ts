import { MILESTONES, SEVERITIES } from "../playbook/levels.js";
import type { JournalLine } from "./events.js";
import { ACTION_KINDS, JOURNAL_VERSION, POSTMORTEM_STATUSES, RETRO_SECTIONS } from "./constants.js";
import { parseDuration } from "../time.js";

/**
 * A quick acceptance check for the journal's common event types, tried before zod. It only ever
 * says "certainly valid": a line it passes is one journalEventSchema accepts and would return
 * unchanged (same keys, same order, no unknown keys to strip), so the parsed JSON is used as is and
 * zod's copy of every event is saved. Anything else (rare types, extra keys, other key orders,
 * odd times) goes to zod, which stays the authority on what is valid and on every error message.
 * test/journal/quick-check.test.ts holds the two to that.
 */

type Check = (value: unknown) => boolean;

const str: Check = (x) => typeof x === "string";
const bool: Check = (x) => typeof x === "boolean";
const int: Check = (x) => Number.isSafeInteger(x);
const count: Check = (x) => Number.isSafeInteger(x) && (x as number) >= 0;
const positiveInt: Check = (x) => Number.isSafeInteger(x) && (x as number) > 0;
const nonnegative: Check = (x) => typeof x === "number" && Number.isFinite(x) && x >= 0;
const share: Check = (x) => typeof x === "number" && x >= 0 && x <= 100;
const oneOf = (values: readonly string[]): Check => {
  const set = new Set(values);
  return (x) => typeof x === "string" && set.has(x);
};
const severity = oneOf(SEVERITIES);
const audience = oneOf(["public", "internal", "private"]);
const stringArray: Check = (x) => Array.isArray(x) && x.every(str);
const answerValue: Check = (x) =>
  x === null ||
  typeof x === "string" ||
  typeof x === "boolean" ||
  (typeof x === "number" && Number.isFinite(x)) ||
  stringArray(x);

// Only the canonical form toISOString writes (what the journal writer produces), with a real
// calendar date and time: a strict subset of what z.iso.datetime({ offset: false }) accepts.
// Checked digit by digit: a Date round trip would cost as much as zod itself.
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const iso: Check = (x) => {
  if (typeof x !== "string" || !CANONICAL.test(x)) return false;
  const n = (at: number) => (x.charCodeAt(at) - 48) * 10 + x.charCodeAt(at + 1) - 48;
  const year = n(0) * 100 + n(2);
  const month = n(5);
  const day = n(8);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0);
  return month >= 1 && day >= 1 && day <= days && n(11) <= 23 && n(14) <= 59 && n(17) <= 59;
};

// A calendar date as z.iso.date() reads it (YYYY-MM-DD, a real day of the Gregorian calendar).
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const date: Check = (x) => typeof x === "string" && DATE.test(x) && iso(`${x}T00:00:00.000Z`);

// A record of numbers by any name but __proto__ (which zod's copy would turn into a prototype).
const numbers: Check = (x) => {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;
  for (const key in x) {
    const value = (x as Record<string, unknown>)[key];
    if (!Object.prototype.hasOwnProperty.call(x, key) || key === "__proto__" || typeof value !== "number") return false;
  }
  return true;
};

/** A field: its key, its check, and whether it may be absent. */
type Field = readonly [key: string, check: Check, optional?: boolean];

/** True when value is a plain object with exactly these keys (optional ones may be missing), in this order. */
function shape(value: unknown, fields: readonly Field[]): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  let f = 0;
  for (const key in record) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) return false;
    // Skip optional fields this value leaves out; the key must be the next one the schema lists.
    while (f < fields.length && (fields[f] as Field)[0] !== key && (fields[f] as Field)[2]) f++;
    const field = fields[f];
    if (!field || field[0] !== key || !field[1](record[key])) return false;
    f++;
  }
  for (; f < fields.length; f++) if (!(fields[f] as Field)[2]) return false;
  return true;
}

const duration: Check = (x) => typeof x === "string" && parseDuration(x) !== undefined;
const object =
  (fields: readonly Field[]): Check =>
  (x) =>
    shape(x, fields);
const TARGETS: readonly Field[] = [
  ["first_response", duration],
  ["update_interval", duration],
];
// Severities in their own order only (SEV1 before SEV2): whatever order zod would give the keys, it is this one.
const targets: Check = (x) => {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;
  let last = -1;
  for (const key in x) {
    const at = (SEVERITIES as readonly string[]).indexOf(key);
    if (!Object.prototype.hasOwnProperty.call(x, key) || at <= last) return false;
    if (!shape((x as Record<string, unknown>)[key], TARGETS)) return false;
    last = at;
  }
  return true;
};

const DATA: Partial<Record<JournalLine["type"], readonly Field[]>> = {
  incident_opened: [
    ["incident_id", str],
    ["title", str],
    [
      "playbook",
      object([
        ["id", str],
        ["version", str],
        ["title", str],
        ["crisis_type", str],
        ["spine", str, true],
        ["source", oneOf(["bundled", "local"]), true],
      ]),
    ],
    ["drill", bool],
    ["brand", str, true],
    ["host", str, true],
    ["targets", targets, true],
    [
      "baselines",
      object([
        ["mentions_per_hour", (x) => typeof x === "number" && Number.isFinite(x) && x > 0, true],
        ["negative_share", share, true],
      ]),
      true,
    ],
    [
      "roles",
      (x) =>
        Array.isArray(x) &&
        x.every(
          object([
            ["id", str],
            ["title", str],
          ]),
        ),
      true,
    ],
    [
      "contain",
      object([
        ["step", str],
        ["target", str],
      ]),
      true,
    ],
  ],
  replica_joined: [["host", str]],
  severity_scored: [
    ["scores", numbers],
    ["overrides", stringArray],
    ["computed", severity],
    ["reasons", stringArray],
  ],
  exit_criterion: [
    ["id", str],
    ["text", str],
    ["met", bool],
  ],
  retro_item: [
    ["section", oneOf(RETRO_SECTIONS)],
    ["text", str],
  ],
  action_item: [
    ["action", str],
    ["issue_url", str, true],
    ["kind", oneOf(ACTION_KINDS)],
    ["owner", str, true],
    ["due", date, true],
  ],
  postmortem_status: [["status", oneOf(POSTMORTEM_STATUSES)]],
  declared: [["severity", severity]],
  milestone: [
    ["name", oneOf(MILESTONES)],
    ["step", str, true],
    ["estimated", bool, true],
  ],
  role_assigned: [
    ["role", str],
    ["person", str],
  ],
  severity_changed: [
    ["from", (x) => x === null || severity(x)],
    ["to", severity],
    ["reason", str],
  ],
  step_started: [
    ["step", str],
    ["phase", str],
    ["index", int],
  ],
  step_completed: [
    ["step", str],
    ["again", bool, true],
  ],
  answer: [
    ["step", str],
    ["prompt", str],
    ["value", answerValue],
  ],
  checklist: [
    ["step", str],
    ["item", int],
    ["text", str],
    ["done", bool],
  ],
  draft_created: [
    ["step", str],
    ["template", str],
    ["channel", str],
    ["text", str],
    ["hash", str],
    ["revision", positiveInt],
    ["edited", bool],
    ["audience", audience, true],
    ["next_update_due", iso, true],
  ],
  approval_requested: [
    ["hash", str],
    ["roles", stringArray],
    ["step", str, true],
    ["template", str, true],
  ],
  approved: [
    ["hash", str],
    ["role", str],
    ["by", str],
  ],
  rejected: [
    ["hash", str],
    ["role", str],
    ["by", str],
    ["reason", str],
  ],
  published: [
    ["hash", str],
    ["channel", str],
    ["template", str],
    ["url", str, true],
    ["audience", audience],
    ["next_update_due", (x) => x === null || iso(x)],
    ["kind", str, true],
  ],
  cadence_missed: [["due", iso]],
  resolved: [["summary", str, true]],
  decision: [
    ["what", str],
    ["why", str],
    ["alternatives", str, true],
    ["step", str, true],
  ],
  note: [
    ["text", str],
    ["step", str, true],
  ],
  metric_snapshot: [
    ["mentions_per_hour", nonnegative, true],
    ["negative_share", share, true],
    ["media_pickups", count, true],
    ["support_tickets", count, true],
    ["hour", iso, true],
    ["source", (x) => typeof x === "string" && x.length <= 300, true],
  ],
};

/** The event types the quick check knows; every other type goes to zod. */
export const QUICK_TYPES = Object.keys(DATA) as readonly JournalLine["type"][];

const ID = /^[0-9a-z]{16,64}$/;
const ENVELOPE: readonly Field[] = [
  ["v", (x) => x === 1 || x === JOURNAL_VERSION],
  ["id", (x) => typeof x === "string" && ID.test(x), true],
  ["replica", (x) => typeof x === "string" && x.length > 0 && x.length <= 100, true],
  ["clock", positiveInt, true],
  ["supersedes", str, true],
  ["seq", count],
  ["at", iso],
  ["logged_at", iso],
  ["actor", (x) => typeof x === "string" && x.length > 0],
  ["type", str],
  ["data", () => true],
];

/** The value as a JournalLine when it is certainly valid and zod would return it unchanged; otherwise undefined (ask zod). */
export function quickEvent(value: unknown): JournalLine | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const e = value as Record<string, unknown>;
  const fields =
    typeof e.type === "string" && Object.prototype.hasOwnProperty.call(DATA, e.type)
      ? DATA[e.type as JournalLine["type"]]
      : undefined;
  if (!fields || !shape(e, ENVELOPE)) return undefined;
  return shape(e.data, fields) ? (value as JournalLine) : undefined;
}
