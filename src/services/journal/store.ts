import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { appendLine, endsMidLine } from "../../adapters/fs/durable-write.js";
import { withDirLock } from "../../adapters/fs/lock.js";
import { fileSize, readBytes } from "../../adapters/fs/read.js";
import type { EventType, JournalEvent } from "../../core/journal/events.js";
import {
  buildEvent,
  nextSeqIn,
  parseJournal,
  parseLine,
  type AppendInput,
  type JournalDamage,
  type ReadJournal,
} from "../../core/journal/lines.js";
import { JOURNAL_FILE, JOURNAL_LOCK } from "../../core/incident/folder.js";
import { CrisisError, EXIT } from "../../errors.js";

/**
 * The journal file of an incident folder: read whole, read incrementally, appended under a lock.
 * What a line means is core/journal; how bytes reach the disk safely is adapters/fs.
 */

export function readJournal(dir: string): ReadJournal {
  const file = path.join(dir, JOURNAL_FILE);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new CrisisError(`cannot read the journal ${file}: ${(error as Error).message}`, EXIT.noInput);
  }
  return parseJournal(text);
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
  lastSeq = -1;
  torn: JournalDamage["torn"];
  invalid: JournalDamage["invalid"] = [];

  constructor(readonly file: string) {}

  readNew(): JournalEvent[] {
    const size = fileSize(this.file);
    if (size === undefined || size <= this.offset) return [];
    const buffer = readBytes(this.file, this.offset, size - this.offset);
    const end = buffer.lastIndexOf(0x0a);
    const rest = buffer.subarray(end + 1);
    this.torn =
      rest.length > 0 && rest.toString("utf8").trim() !== ""
        ? { line: this.line + countLines(buffer, end) + 1, text: rest.toString("utf8") }
        : undefined;
    if (end === -1) return [];
    const events: JournalEvent[] = [];
    for (const raw of buffer.subarray(0, end).toString("utf8").split("\n")) {
      this.line++;
      if (raw.trim() === "") continue;
      const result = parseLine(raw);
      if ("event" in result) {
        events.push(result.event);
        this.lastSeq = result.event.seq;
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

const LOCK_STALE_MS = 10_000;

/**
 * A short exclusive section around "read the last seq, append one line", so two processes (crisis
 * start in one terminal, crisis note in another) never take the same seq. A lock left by a killed
 * process is taken over at once; one whose owner cannot be checked after LOCK_STALE_MS.
 */
export function withJournalLock<T>(dir: string, fn: () => T): T {
  return withDirLock(path.join(dir, JOURNAL_LOCK), fn, {
    staleMs: LOCK_STALE_MS,
    onStuck: () => new CrisisError(`the journal in ${dir} stays locked; is another crisis process stuck?`, EXIT.usage),
  });
}

/** Reads only the tail of the journal to find the next sequence number, so appends stay O(1). */
function nextSeq(file: string): number {
  const size = fileSize(file) ?? 0;
  if (size === 0) return 0;
  for (let window = 4096; ; window *= 4) {
    const start = Math.max(0, size - window);
    const seq = nextSeqIn(readBytes(file, start, size - start).toString("utf8"), start === 0);
    if (seq !== undefined) return seq;
  }
}

/** Writes one event as one line and fsyncs it. Call inside withJournalLock. */
export function writeEventLine(file: string, event: JournalEvent): void {
  appendLine(file, JSON.stringify(event));
}

/**
 * Appends one event as one line and fsyncs the file before returning, so nothing the responder
 * recorded is lost if the process dies next. Opens in append mode: existing lines are never touched.
 */
export function appendEvent<T extends EventType>(
  dir: string,
  input: AppendInput<T>,
  now: Date = new Date(),
): JournalEvent {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, JOURNAL_FILE);
  return withJournalLock(dir, () => {
    const event = buildEvent(nextSeq(file), input, now);
    writeEventLine(file, event);
    return event;
  });
}
