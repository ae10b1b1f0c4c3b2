import { CrisisError, EXIT } from "../../errors.js";
import type { EventData, EventType, JournalEvent, journalEventSchema as Schema } from "./events.js";
import { JOURNAL_VERSION } from "./constants.js";
import { quickEvent } from "./quick-check.js";
import { orderEvents, withMergeFields } from "./order.js";
import { retryAfterLoad } from "../on-demand.js";

/**
 * Journal lines as text: parsing one (fast path first, zod as the authority), a whole journal with
 * its damage, and building the next event. No I/O: services/journal/store.ts reads and writes.
 *
 * The authority (events.ts: zod and the schema, ~100 ms to load) is imported only when asked for:
 * every command but the incident commands loads it before it runs (src/cli.ts); those run
 * without it and, when a line the quick check does not accept comes up, load it and read again
 * (withJournalSchema), so zod stays off their path while their journals hold only common lines.
 */

let authority: { journalEventSchema: typeof Schema } | undefined;

/** Thrown when a line needs the schema and it is not loaded: withJournalSchema loads it and tries again. */
export class JournalSchemaNeeded extends Error {
  constructor() {
    super("the journal schema is needed but was not loaded (withJournalSchema loads it)");
  }
}

/**
 * Thrown by an append whose line is already written when folding it met a line that needs the
 * schema: whoever catches it loads the schema and folds again, and must never write the event
 * again. Not a JournalSchemaNeeded, so withJournalSchema does not run the append twice.
 */
export class WrittenBeforeSchema extends Error {
  constructor(readonly event: JournalEvent) {
    super("the event is recorded; folding it needs the journal schema, which was not loaded");
  }
}

/** Loads zod and the journal schema, once. */
export async function loadJournalSchema(): Promise<void> {
  authority ??= await import("./events.js");
}

function journalEventSchema() {
  if (!authority) throw new JournalSchemaNeeded();
  return authority.journalEventSchema;
}

/**
 * Runs `read` (which must have no effect but its result until it returns or throws: a read of
 * journals, the check of an event before it is written; it may be async, as a read of the sync
 * remote's packs is); when it meets a line that needs the schema, loads the schema and runs it again.
 */
export function withJournalSchema<T>(read: () => T | Promise<T>): Promise<T> {
  return retryAfterLoad(read, JournalSchemaNeeded, loadJournalSchema);
}

export interface JournalDamage {
  /** A last line cut off by a crash (no newline, not valid JSON): reported, never fatal. */
  torn: { line: number; text: string } | undefined;
  /** Lines that are complete but not valid events: reported with their line numbers. */
  invalid: { line: number; message: string }[];
}

export interface ReadJournal extends JournalDamage {
  /** The valid events in fold order ((clock, id), each id once), whatever order the lines are in. */
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
  if (quick) return { event: withMergeFields(quick, raw) };
  const parsed = journalEventSchema().safeParse(value);
  if (parsed.success) return { event: withMergeFields(parsed.data, raw) };
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
  return { events: orderEvents(events), torn, invalid };
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
  /** For a register write: the id of the write it replaces (docs/journal.md, "Conflicts"). */
  supersedes?: string | undefined;
}

/** Where a new event sits among all events: its id, the writing replica, its Lamport clock, its line number. */
export interface EventPlace {
  id: string;
  replica: string;
  clock: number;
  seq: number;
}

export function buildEvent<T extends EventType>(place: EventPlace, input: AppendInput<T>, now: Date): JournalEvent {
  if (!Number.isSafeInteger(place.seq) || !Number.isSafeInteger(place.clock))
    throw new CrisisError(
      `the journal's sequence numbers have run out (the next would be ${place.seq}); start a new incident`,
      EXIT.usage,
    );
  const line = {
    v: JOURNAL_VERSION,
    id: place.id,
    replica: place.replica,
    clock: place.clock,
    ...(input.supersedes !== undefined ? { supersedes: input.supersedes } : {}),
    seq: place.seq,
    at: (input.at ?? now).toISOString(),
    logged_at: now.toISOString(),
    actor: input.actor,
    type: input.type,
    data: input.data,
  };
  // The quick check passes only what the schema accepts unchanged; anything else goes to zod, which
  // throws on what is not valid, as before. Either way the event is a copy, as zod's always was:
  // the caller's data object is never the event's.
  return (quickEvent(structuredClone(line)) ?? journalEventSchema().parse(line)) as JournalEvent;
}

/**
 * An event from another replica as a line of this journal: its own id, replica and clock (derived
 * ones too, for a v1 event), this file's next seq, and the keys in the order the schema lists
 * them, so the quick check reads it back.
 */
export function mergedLine(e: JournalEvent, seq: number): string {
  return JSON.stringify({
    v: e.v,
    id: e.id,
    replica: e.replica,
    clock: e.clock,
    ...(e.supersedes !== undefined ? { supersedes: e.supersedes } : {}),
    seq,
    at: e.at,
    logged_at: e.logged_at,
    actor: e.actor,
    type: e.type,
    data: e.data,
  });
}
