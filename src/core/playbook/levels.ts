/**
 * The severity levels, the phases, the post-mortem milestones and other names the playbook format
 * lists: plain lists, kept apart from the zod schemas (schema.ts builds its enums from them) so that
 * code which only needs the names (the journal's and the playbook's quick checks, the side commands)
 * does not load zod.
 */

export const SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4"] as const;

/** The phases of a response, in order (schema.ts describes each). */
export const PHASES = [
  "declare",
  "triage",
  "contain",
  "identify",
  "map",
  "decide",
  "acknowledge",
  "fix",
  "update",
  "monitor",
  "learn",
] as const;

/** The five phases every playbook must cover: cause, channels and magnitude, public response, fix, report. */
export const CORE_PHASES = ["identify", "map", "acknowledge", "fix", "learn"] as const;

export const MILESTONES = [
  "impact_started",
  "detected",
  "aware",
  "content_paused",
  "content_resumed",
  "mitigated",
  "impact_ended",
] as const;

export const CRISIS_TYPES = [
  "viral-complaint",
  "service-outage",
  "offensive-content",
  "misconduct",
  "data-breach",
  "product-recall",
  "misinformation",
  "account-hijack",
  "other",
] as const;

export const PROMPT_TYPES = [
  "text",
  "long-text",
  "select",
  "multi-select",
  "confirm",
  "number",
  "datetime",
  "url",
] as const;

/** A message template's job (its front matter's kind). */
export const TEMPLATE_KINDS = [
  "holding",
  "update",
  "apology",
  "correction",
  "final",
  "internal",
  "reply",
  "notice",
  "warning",
] as const;
