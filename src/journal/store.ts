import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { CrisisError, EXIT } from "../errors.js";
import { JOURNAL_VERSION, journalEventSchema, type EventData, type EventType, type JournalEvent } from "./events.js";
import { quickEvent } from "./quick-check.js";

export const JOURNAL_FILE = "journal.jsonl";

export interface JournalDamage {
  /** A last line cut off by a crash (no newline, not valid JSON): reported, never fatal. */
  torn: { line: number; text: string } | undefined;
  /** Lines that are complete but not valid events: reported with their line numbers. */
  invalid: { line: number; message: string }[];
}

export interface ReadJournal extends JournalDamage {
  events: JournalEvent[];
}

function parseLine(raw: string): { event: JournalEvent } | { error: string } {
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
    let size: number;
    try {
      size = statSync(this.file).size;
    } catch {
      return [];
    }
    if (size <= this.offset) return [];
    const fd = openSync(this.file, "r");
    let buffer: Buffer;
    try {
      buffer = Buffer.alloc(size - this.offset);
      readFully(fd, buffer, this.offset);
    } finally {
      closeSync(fd);
    }
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
    return this.torn !== undefined || lastByteIsNotNewline(this.file);
  }
}

function countLines(buffer: Buffer, end: number): number {
  let n = 0;
  for (let i = 0; i <= end; i++) if (buffer[i] === 0x0a) n++;
  return n;
}

function lastByteIsNotNewline(file: string): boolean {
  if (!existsSync(file)) return false;
  const size = statSync(file).size;
  if (size === 0) return false;
  const fd = openSync(file, "r");
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    closeSync(fd);
  }
}

function readFully(fd: number, buffer: Buffer, position: number): void {
  let read = 0;
  while (read < buffer.length) {
    const n = readSync(fd, buffer, read, buffer.length - read, position + read);
    if (n === 0) break;
    read += n;
  }
}

const LOCK_STALE_MS = 10_000;
const OWNER_FILE = "owner";

/** True when the process that took the lock is gone (same machine only; otherwise we cannot tell). */
function ownerIsGone(lock: string): boolean {
  let owner: { pid: number; host: string };
  try {
    owner = JSON.parse(readFileSync(path.join(lock, OWNER_FILE), "utf8")) as { pid: number; host: string };
  } catch {
    return false; // not written yet (the owner is between mkdir and write), or unreadable: wait
  }
  if (owner.host !== hostname() || !Number.isInteger(owner.pid)) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * A short exclusive section around "read the last seq, append one line", so two processes (crisis
 * start in one terminal, crisis note in another) never take the same seq. mkdir is atomic on
 * every local file system. The lock records its owner, so one left by a killed process is taken
 * over at once; a lock whose owner cannot be checked is taken over after LOCK_STALE_MS.
 */
export function withJournalLock<T>(dir: string, fn: () => T): T {
  const lock = path.join(dir, ".journal.lock");
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, OWNER_FILE), JSON.stringify({ pid: process.pid, host: hostname() }));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      try {
        // NOTE: two waiters could both judge a dead owner's lock stale at once; both then race on
        // mkdir again, and only one wins. The window is tiny and needs a crash inside the lock.
        if (ownerIsGone(lock) || Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS)
          rmSync(lock, { recursive: true, force: true });
      } catch {
        // Another process removed it first: try again.
      }
      if (Date.now() - started > LOCK_STALE_MS * 2)
        throw new CrisisError(`the journal in ${dir} stays locked; is another crisis process stuck?`, EXIT.usage);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Reads only the tail of the journal to find the next sequence number, so appends stay O(1). */
function nextSeq(file: string): number {
  if (!existsSync(file)) return 0;
  const size = statSync(file).size;
  if (size === 0) return 0;
  const fd = openSync(file, "r");
  try {
    for (let window = 4096; ; window *= 4) {
      const start = Math.max(0, size - window);
      const buffer = Buffer.alloc(size - start);
      readFully(fd, buffer, start);
      const lines = buffer
        .toString("utf8")
        .split("\n")
        .filter((l) => l.trim() !== "");
      // Walk back past a torn line to the last complete event.
      for (let i = lines.length - 1; i >= (start === 0 ? 0 : 1); i--) {
        try {
          const seq = (JSON.parse(lines[i] ?? "") as { seq?: unknown }).seq;
          if (typeof seq === "number") return seq + 1;
        } catch {
          // torn or invalid line: keep looking
        }
      }
      if (start === 0) return 0;
    }
  } finally {
    closeSync(fd);
  }
}

/** fsync a directory, so a file created in it (or renamed into it) survives a power cut. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // Some file systems refuse to open or sync directories; the file itself is already synced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export interface AppendInput<T extends EventType> {
  type: T;
  data: EventData<T>;
  actor: string;
  /** When it happened; defaults to now. */
  at?: Date;
}

export function buildEvent<T extends EventType>(seq: number, input: AppendInput<T>, now: Date): JournalEvent {
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

/**
 * Writes one event as one line and fsyncs it. Call inside withJournalLock. If the previous writer
 * died mid-line, a newline goes first so the torn line stays separate from this one. The first
 * write also syncs the folder, so the new journal file itself cannot vanish in a crash.
 */
export function writeEventLine(file: string, event: JournalEvent): void {
  const created = !existsSync(file);
  const prefix = !created && lastByteIsNotNewline(file) ? "\n" : "";
  const fd = openSync(file, "a");
  try {
    // One write call per line: appends from other processes cannot interleave inside it.
    writeSync(fd, `${prefix}${JSON.stringify(event)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (created) fsyncDir(path.dirname(file));
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
