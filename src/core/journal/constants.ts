/**
 * The journal's plain constants, kept apart from the zod schema (events.ts builds its enums from
 * them) so that the quick check and the code that writes lines need no zod.
 */

/** The version of the line format new lines are written in. */
export const JOURNAL_VERSION = 2;

export const RETRO_SECTIONS = [
  "went_well",
  "went_wrong",
  "lucky",
  "contributing_factor",
  "mitigator",
  "root_cause",
  "trigger",
  "resolution",
  "why",
] as const;

export const ACTION_KINDS = ["prevent", "mitigate", "detect", "process", "comms"] as const;

export const POSTMORTEM_STATUSES = ["draft", "in-review", "reviewed", "closed"] as const;
