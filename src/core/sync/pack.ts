import type { JournalEvent } from "../journal/events.js";
import { mergedLine, parseLine } from "../journal/lines.js";

/**
 * A pack: the events one sync adds to an incident's history, as JSON lines in a git blob,
 * events.jsonl in each commit's tree (docs/team.md, "What lives where in git"). Each line is an event with its id, replica and clock
 * (derived ones written out for v1 events), validated like a journal line when read.
 */

export function packText(events: readonly JournalEvent[]): string {
  return events.map((e) => `${mergedLine(e, e.seq)}\n`).join("");
}

/** The commit message: how many events, from which replicas, which clocks. */
export function packMessage(events: readonly JournalEvent[], incident: string): string {
  if (events.length === 0) return `crisis: merge ${incident}`;
  const replicas = [...new Set(events.map((e) => e.replica))].sort();
  let low = Infinity;
  let high = 0;
  for (const e of events) {
    low = Math.min(low, e.clock);
    high = Math.max(high, e.clock);
  }
  return `crisis: ${events.length} event${events.length === 1 ? "" : "s"} of ${incident} from ${replicas.join(", ")}, clocks ${low}-${high}`;
}

/** The events of a pack; lines that are not valid events are counted, never fatal. */
export function parsePack(text: string): { events: JournalEvent[]; invalid: number } {
  const events: JournalEvent[] = [];
  let invalid = 0;
  for (const raw of text.split("\n")) {
    if (raw.trim() === "") continue;
    const result = parseLine(raw);
    if ("event" in result) events.push(result.event);
    else invalid++;
  }
  return { events, invalid };
}
