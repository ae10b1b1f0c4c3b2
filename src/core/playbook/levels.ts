/**
 * The severity levels, the phases and the post-mortem milestones: plain lists, kept apart from the zod schemas
 * (schema.ts builds its enums from them) so that code which only needs the names (the journal's
 * quick check, the side commands) does not load zod.
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
