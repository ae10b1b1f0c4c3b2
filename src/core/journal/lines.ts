import { CrisisError, EXIT } from "../../errors.js";
import { JOURNAL_VERSION, journalEventSchema, type EventData, type EventType, type JournalEvent } from "./events.js";
import { quickEvent } from "./quick-check.js";

/**
 * Journal lines as text: parsing one (fast path first, zod as the authority), a whole journal with
 * its damage, and building the next event. No I/O: services/journal/store.ts reads and writes.
 */

export interface JournalDamage {
  /** A last line cut off by a crash (no newline, not valid JSON): reported, never fatal. */
  torn: { line: number; text: string } | undefined;
  /** Lines that are complete but not valid events: reported with their line numbers. */
  invalid: { line: number; message: string }[];
}

export interface ReadJournal extends JournalDamage {
  events: JournalEvent[];
}

export function parseLine(raw: string): { event: JournalEvent } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { error: "not valid JSON (cut off by a crash?)" };
  }
  const quick = quickEvent(value);
  if (quick) return { event: quick };
  const parsed = journalEventSchema.safeParse(value);
  if (parsed.success) return { event: parsed.data };
  return { error: parsed.error.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; ") };
}

/**
 * Reads a journal. A torn last line (the process died mid-write) is set aside and reported;
 * complete lines that fail validation are reported too. Nothing here throws on content.
 */
export function parseJournal(text: string): ReadJournal {
  const events: JournalEvent[] = [];
  const invalid: ReadJournal["invalid"] = [];
  let torn: ReadJournal["torn"];
  const lines = text.split("\n");
  const endsClean = text.endsWith("\n") || text === "";
  lines.forEach((raw, i) => {
    if (raw.trim() === "") return;
    const isLast = i === lines.length - 1;
    const result = parseLine(raw);
    if ("event" in result) events.push(result.event);
    else if (isLast && !endsClean) torn = { line: i + 1, text: raw };
    else invalid.push({ line: i + 1, message: result.error });
  });
  return { events, torn, invalid };
}

/**
 * The seq after the highest of the complete, valid events in a journal's tail (lines out of order
 * or with a seq no journal could reach are not trusted); undefined when the tail has none (look
 * further back). `whole` says the tail is the whole file, so its first line is complete too.
 */
export function nextSeqIn(tail: string, whole: boolean): number | undefined {
  const lines = tail.split("\n");
  if (!whole) lines.shift();
  let max = -1;
  for (const line of lines) {
    if (line.trim() === "") continue;
    const result = parseLine(line);
    if ("event" in result && result.event.seq > max) max = result.event.seq;
  }
  return max >= 0 ? max + 1 : whole ? 0 : undefined;
}

export interface AppendInput<T extends EventType> {
  type: T;
  data: EventData<T>;
  actor: string;
  /** When it happened; defaults to now. */
  at?: Date;
}

export function buildEvent<T extends EventType>(seq: number, input: AppendInput<T>, now: Date): JournalEvent {
  if (!Number.isSafeInteger(seq))
    throw new CrisisError(
      `the journal's sequence numbers have run out (the next would be ${seq}); start a new incident`,
      EXIT.usage,
    );
  return journalEventSchema.parse({
    v: JOURNAL_VERSION,
    seq,
    at: (input.at ?? now).toISOString(),
    logged_at: now.toISOString(),
    actor: input.actor,
    type: input.type,
    data: input.data,
  });
}
