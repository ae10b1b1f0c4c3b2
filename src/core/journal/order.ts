import { createHash } from "node:crypto";
import type { JournalEvent, JournalLine } from "./events.js";

/**
 * The one order every replica folds in: (clock, id) ascending (docs/journal.md, "Merging"). A
 * local append always takes the highest clock, so a journal nobody merged into is already in this
 * order; events a sync brings in may belong in the middle, and then the state is folded again.
 */

/** The replica name v1 lines get: they were written before replicas existed. */
export const V1_REPLICA = "v1";

export function compareEvents(a: { clock: number; id: string }, b: { clock: number; id: string }): number {
  return a.clock - b.clock || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * An event as read: a v2 line as it is; a v1 line (no id, replica or clock) gets a derived id (the
 * sha256 of its exact text, so every replica derives the same one), replica v1 and clock seq + 1,
 * so a v1 journal folds exactly as before. The line on disk is never changed.
 */
export function withMergeFields(line: JournalLine, raw: string): JournalEvent {
  if (line.id !== undefined && line.replica !== undefined && line.clock !== undefined) return line as JournalEvent;
  // In the schema's key order, so a v1 event read here and the same event received from a sync
  // (written out with these fields) are the same object, key for key.
  const { v, id, replica, clock, ...rest } = line;
  return {
    v,
    id: id ?? createHash("sha256").update(raw, "utf8").digest("hex").slice(0, 32),
    replica: replica ?? V1_REPLICA,
    clock: clock ?? line.seq + 1,
    ...rest,
  };
}

/** Events in fold order, each id once (the first copy wins). Already-ordered input (the usual case) costs one pass. */
export function orderEvents(events: readonly JournalEvent[]): JournalEvent[] {
  const seen = new Set<string>();
  const unique = events.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
  for (let i = 1; i < unique.length; i++) {
    if (compareEvents(unique[i - 1]!, unique[i]!) > 0) return unique.sort(compareEvents);
  }
  return unique;
}

/** The machine in a replica name (<host>.<4 characters>); what incident_opened and replica_joined record wins. */
function hostOf(replica: string): string {
  // Events built by hand (tests, tools) may carry no replica: they count as v1.
  if (typeof replica !== "string") return V1_REPLICA;
  const dot = replica.lastIndexOf(".");
  return dot > 0 ? replica.slice(0, dot) : replica;
}

/** The machine an event says its replica is on, when it says (incident_opened, replica_joined). */
export function hostIn(e: JournalEvent): string {
  return (e.type === "incident_opened" || e.type === "replica_joined" ? e.data.host : undefined) ?? hostOf(e.replica);
}
