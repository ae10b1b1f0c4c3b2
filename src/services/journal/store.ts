import path from "node:path";
import { appendLine, refuseSymlink } from "../../adapters/fs/durable-write.js";
import { fileError } from "../../adapters/fs/errors.js";
import { withDirLock } from "../../adapters/fs/lock.js";
import { endsMidLine, fileSize, readBytes, readRegularFile } from "../../adapters/fs/read.js";
import type { EventType, JournalEvent } from "../../core/journal/events.js";
import {
  buildEvent,
  parseJournal,
  parseLine,
  type AppendInput,
  type JournalDamage,
  type ReadJournal,
} from "../../core/journal/lines.js";
import { JOURNAL_FILE, JOURNAL_LOCK } from "../../core/incident/folder.js";
import { randomBase32 } from "../../adapters/process.js";
import { CrisisError, EXIT } from "../../errors.js";

/**
 * The journal file of an incident folder: read whole, read incrementally, appended under a lock.
 * What a line means is core/journal; how bytes reach the disk safely is adapters/fs. The guarantee
 * (docs/journal.md, "Writing"): an append returns only once its line is whole and synced; one that
 * fails leaves the journal as it was and says what was not recorded.
 */

/** The largest journal crisis reads (100,000 events take about 40 MB). */
const MAX_JOURNAL_BYTES = 256 * 1024 * 1024;

/** The journal's bytes: a regular file inside the incident folder, never a link out of it. */
function journalBytes(file: string, start = 0, length?: number): Buffer {
  refuseSymlink(file);
  if (start === 0 && length === undefined) return readRegularFile(file, MAX_JOURNAL_BYTES);
  if ((length ?? 0) > MAX_JOURNAL_BYTES)
    throw new CrisisError(`the journal ${file} grew by more than ${MAX_JOURNAL_BYTES / 1024 / 1024} MiB at once`);
  return readBytes(file, start, length ?? 0);
}

/** The journal's text, unparsed; a missing journal is "nothing to work on" (exit 4). */
export function readJournalText(dir: string): string {
  const file = path.join(dir, JOURNAL_FILE);
  try {
    return journalBytes(file).toString("utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT")
      throw new CrisisError(`cannot read the journal ${file}: no such file`, EXIT.noInput);
    throw fileError(error, file, "read");
  }
}

/** The journal's text from byte `start` on (what was appended after a checkpoint). */
export function readJournalFrom(dir: string, start: number): string {
  const file = path.join(dir, JOURNAL_FILE);
  try {
    const size = fileSize(file) ?? 0;
    return journalBytes(file, start, Math.max(size - start, 0)).toString("utf8");
  } catch (error) {
    throw fileError(error, file, "read");
  }
}

export function readJournal(dir: string): ReadJournal {
  return parseJournal(readJournalText(dir));
}

/** Where a JournalReader stands: the bytes and lines it has read, and what it learnt from them. */
export interface ReaderMark {
  offset: number;
  line: number;
  maxSeq: number;
  maxClock: number;
  invalid: JournalDamage["invalid"];
}

/**
 * Reads a journal incrementally: each call returns only the complete lines written since the last
 * one, so a long-running process (crisis start) can pick up events other processes appended
 * (crisis note in another terminal) without re-reading the whole file. Bytes after the last
 * newline are not consumed: they are either a line being written right now or a torn line.
 */
export class JournalReader implements JournalDamage {
  offset = 0;
  line = 0;
  /** The highest seq of any valid event read so far (-1: none): the next event takes one more. */
  maxSeq = -1;
  /** The highest Lamport clock of any valid event read so far (0: none): a new event takes one more. */
  maxClock = 0;
  torn: JournalDamage["torn"];
  invalid: JournalDamage["invalid"] = [];
  /** Every valid event read, in file order, and the byte offset where its line starts: what a sync sends. */
  private readonly read: JournalEvent[] = [];
  private readonly starts: number[] = [];

  constructor(readonly file: string) {}

  /** Where this reader stands: what a checkpoint keeps to continue from here. */
  mark(): ReaderMark {
    return {
      offset: this.offset,
      line: this.line,
      maxSeq: this.maxSeq,
      maxClock: this.maxClock,
      invalid: this.invalid,
    };
  }

  /**
   * A reader that continues after the lines another process read (a checkpoint's mark). It knows
   * no event before the mark: eventsFrom works only from there on.
   */
  static from(file: string, mark: ReaderMark): JournalReader {
    const reader = new JournalReader(file);
    Object.assign(reader, { ...mark, invalid: [...mark.invalid] });
    return reader;
  }

  /** The valid events whose lines start at byte `since` or later, in file order. */
  eventsFrom(since: number): JournalEvent[] {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.starts[mid] ?? 0) < since) lo = mid + 1;
      else hi = mid;
    }
    return this.read.slice(lo);
  }

  private take(event: JournalEvent, start: number): void {
    this.read.push(event);
    this.starts.push(start);
    if (event.seq > this.maxSeq) this.maxSeq = event.seq;
    if (event.clock > this.maxClock) this.maxClock = event.clock;
  }

  /**
   * Takes lines this process just appended (under the lock, right after reading everything) as
   * read, without reading them back: `lines` are their texts, `events` what they hold. False when
   * the file did not end where this reader stopped (a torn line): then read them back.
   */
  adopt(lines: readonly string[], events: readonly JournalEvent[], sizeBefore: number): boolean {
    if (sizeBefore !== this.offset || this.torn) return false;
    lines.forEach((text, i) => {
      this.line++;
      this.take(events[i]!, this.offset);
      this.offset += Buffer.byteLength(text, "utf8") + 1;
    });
    return true;
  }

  /** The seq the next event takes: one more than any seen, so lines out of order never lead to a reused seq. */
  get nextSeq(): number {
    return this.maxSeq + 1;
  }

  readNew(): JournalEvent[] {
    const size = fileSize(this.file);
    if (size === undefined) {
      // Missing is an empty journal; anything else in the way (a link, a folder, a FIFO) is an error.
      refuseSymlink(this.file);
      try {
        journalBytes(this.file);
      } catch (error) {
        if ((error as { code?: string }).code === "ENOENT") return [];
        throw error;
      }
      return [];
    }
    if (size <= this.offset) return [];
    const buffer = journalBytes(this.file, this.offset, size - this.offset);
    const end = buffer.lastIndexOf(0x0a);
    const rest = buffer.subarray(end + 1);
    this.torn =
      rest.length > 0 && rest.toString("utf8").trim() !== ""
        ? { line: this.line + countLines(buffer, end) + 1, text: rest.toString("utf8") }
        : undefined;
    if (end === -1) return [];
    const events: JournalEvent[] = [];
    let start = this.offset;
    for (const raw of buffer.subarray(0, end).toString("utf8").split("\n")) {
      this.line++;
      const lineStart = start;
      start += Buffer.byteLength(raw, "utf8") + 1;
      if (raw.trim() === "") continue;
      const result = parseLine(raw);
      if ("event" in result) {
        events.push(result.event);
        this.take(result.event, lineStart);
      } else {
        this.invalid.push({ line: this.line, message: result.error });
      }
    }
    this.offset += end + 1;
    return events;
  }

  /** True when the file ends in the middle of a line (a writer died mid-write). */
  endsTorn(): boolean {
    return this.torn !== undefined || endsMidLine(this.file);
  }
}

function countLines(buffer: Buffer, end: number): number {
  let n = 0;
  for (let i = 0; i <= end; i++) if (buffer[i] === 0x0a) n++;
  return n;
}

/** Appends lines (already JSON) in one write and one fsync: all of them, or none. Call inside withJournalLock. */
export function writeLines(file: string, lines: readonly string[], what: string): void {
  if (lines.length === 0) return;
  try {
    appendLine(file, lines.join("\n"));
  } catch (error) {
    throw fileError(error, file, "write", `${what} were not recorded in ${file}; nothing else changed`);
  }
}

/**
 * How long a writer waits for another live writer to finish its append. The lock is never taken
 * from a live process; after this the waiting command gives up, recording nothing.
 */
export const LOCK_WAIT_MS = 10_000;

/** What an event is to the person who recorded it: "the note", "the answer". */
export function eventNoun(type: string): string {
  const nouns: Record<string, string> = {
    incident_opened: "the new incident",
    note: "the note",
    decision: "the decision",
    answer: "the answer",
    metric_snapshot: "the check-in",
    severity_changed: "the severity change",
    role_assigned: "the role",
    checklist: "the checklist item",
    retro_item: "the retrospective finding",
    action_item: "the action item",
  };
  return nouns[type] ?? `the ${type.replace(/_/g, " ")} event`;
}

/**
 * A short exclusive section around "read the last seq, append one line", so two processes (crisis
 * start in one terminal, crisis note in another) never take the same seq. A lock left by a dead
 * process is taken over at once; a live owner is waited for up to LOCK_WAIT_MS and never robbed.
 * `what` names what is being recorded, for the message when the lock cannot be had.
 */
export function withJournalLock<T>(dir: string, fn: () => T, what = "nothing", waitMs = LOCK_WAIT_MS): T {
  const lock = path.join(dir, JOURNAL_LOCK);
  let inside = false;
  try {
    return withDirLock(
      lock,
      () => {
        inside = true;
        return fn();
      },
      {
        waitMs,
        onBusy: (owner) =>
          new JournalBusyError(
            `the journal in ${dir} is held by another crisis process${owner ? ` (pid ${owner.pid}${owner.since ? `, since ${owner.since}` : ""})` : ""} that has not finished in ${LOCK_WAIT_MS / 1000} s; ${what === "nothing" ? "nothing was recorded" : `${what} was not recorded`}`,
            EXIT.usage,
            owner
              ? `if that process is stuck (stopped, or its disk hangs), end it (kill ${owner.pid}) and try again; its journal lines are safe`
              : "try again",
          ),
      },
    );
  } catch (error) {
    if (inside) throw error;
    throw fileError(
      error,
      lock,
      "lock",
      `${what === "nothing" ? "nothing was" : `${what} was not`} recorded (the journal lock ${lock} could not be taken); nothing else changed`,
    );
  }
}

/** Another live crisis process held the journal lock for longer than the wait; nothing was taken from it. */
export class JournalBusyError extends CrisisError {
  override name = "JournalBusyError";
}

/** Writes one event as one line and fsyncs it; on failure nothing is left and the error says what was not recorded. Call inside withJournalLock. */
export function writeEventLine(file: string, event: JournalEvent): void {
  try {
    appendLine(file, JSON.stringify(event));
  } catch (error) {
    throw fileError(error, file, "write", `${eventNoun(event.type)} was not recorded in ${file}; nothing else changed`);
  }
}

/**
 * Appends one event as one line and fsyncs the file before returning, so nothing the responder
 * recorded is lost if the process dies next. Opens in append mode: existing lines are never
 * touched. Reads the whole journal for the next seq and clock; for a process that keeps
 * appending, IncidentSession is the way (it reads only what is new).
 */
export function appendEvent<T extends EventType>(
  dir: string,
  input: AppendInput<T>,
  now: Date = new Date(),
  replica = "local.test",
): JournalEvent {
  const file = path.join(dir, JOURNAL_FILE);
  return withJournalLock(
    dir,
    () => {
      const reader = new JournalReader(file);
      reader.readNew();
      const place = { id: randomBase32(26), replica, clock: reader.maxClock + 1, seq: reader.nextSeq };
      const event = buildEvent(place, input, now);
      writeEventLine(file, event);
      return event;
    },
    eventNoun(input.type),
  );
}
