import type { JournalEvent, JournalLine } from "./events.js";
import { V1_REPLICA } from "./order.js";

/**
 * What merging several machines' journals can make concurrent, and how it is resolved
 * (docs/journal.md, "Conflicts"). Every resolved conflict is kept in the state, so status and the
 * incident log show it: nothing is silently dropped.
 */

/** One side of a conflict: who wrote what, from which replica. */
export interface ConflictSide {
  id: string;
  actor: string;
  replica: string;
  at: string;
  value: string;
}

export interface Conflict {
  kind: "register" | "resolved-twice" | "approved-redrafted";
  /** What was contested: "severity", "role lead", "resolution", a message's text. */
  subject: string;
  /** What counts. */
  kept: ConflictSide;
  /** What does not (or, for an approval of an old text, what it applies to). */
  other: ConflictSide;
  /** The rule that decided, in words. */
  rule: string;
}

/**
 * The register an event writes, when it is one: a later write replaces an earlier one, and two
 * writes that replace the same one (or both the first) were concurrent.
 */
export function registerOf(e: JournalLine): string | undefined {
  if (e.type === "severity_changed") return "severity";
  if (e.type === "role_assigned") return `role ${e.data.role}`;
  return undefined;
}

/** The value a register write sets, in words. */
export function registerValue(e: JournalEvent): string {
  if (e.type === "severity_changed") return e.data.to;
  if (e.type === "role_assigned") return e.data.person;
  return e.type;
}

export function side(e: JournalEvent, value: string): ConflictSide {
  return { id: e.id, actor: e.actor, replica: e.replica, at: e.at, value };
}

/**
 * Whether a register write was concurrent with the write it now follows in fold order: it names
 * another predecessor (or none, though one existed). v1 lines carry no predecessor and never
 * conflict, nor do two writes of one replica: each was written in order.
 */
export function isConcurrent(e: JournalEvent, head: { id: string; replica: string } | undefined): boolean {
  // One replica writes in order: it always saw its own earlier write.
  if (!head || e.replica === V1_REPLICA || e.replica === head.replica) return false;
  return e.supersedes !== head.id;
}
