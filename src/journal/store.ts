import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, rmdirSync, statSync, writeSync } from "node:fs";
import path from "node:path";
import { CrisisError, EXIT } from "../errors.js";
import { JOURNAL_VERSION, journalEventSchema, type EventData, type EventType, type JournalEvent } from "./events.js";

export const JOURNAL_FILE = "journal.jsonl";

export interface ReadJournal {
  events: JournalEvent[];
  /** A last line cut off by a crash (no newline, not valid JSON): reported, never fatal. */
  torn: { line: number; text: string } | undefined;
  /** Lines that are complete but not valid events: reported with their line numbers. */
  invalid: { line: number; message: string }[];
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
    if (raw === "") return;
    const isLast = i === lines.length - 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      if (isLast && !endsClean) torn = { line: i + 1, text: raw };
      else invalid.push({ line: i + 1, message: "not valid JSON" });
      return;
    }
    const parsed = journalEventSchema.safeParse(value);
    if (parsed.success) events.push(parsed.data);
    else if (isLast && !endsClean) torn = { line: i + 1, text: raw };
    else invalid.push({ line: i + 1, message: parsed.error.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; ") });
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

const LOCK_STALE_MS = 10_000;

/**
 * A short exclusive section around "read the last seq, append one line", so two processes (crisis
 * start in one terminal, crisis note in another) never take the same seq. mkdir is atomic on
 * every local file system; a lock older than LOCK_STALE_MS is left over from a crash and removed.
 */
function withLock<T>(dir: string, fn: () => T): T {
  const lock = path.join(dir, ".journal.lock");
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      try {
        if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) rmdirSync(lock);
      } catch {
        // Another process removed it first: try again.
      }
      if (Date.now() - started > LOCK_STALE_MS * 2) throw new CrisisError(`the journal in ${dir} stays locked; is another crisis process stuck?`, EXIT.usage);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
  try {
    return fn();
  } finally {
    rmdirSync(lock);
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
      readSyncFully(fd, buffer, start);
      const lines = buffer.toString("utf8").split("\n").filter((l) => l.trim() !== "");
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

function readSyncFully(fd: number, buffer: Buffer, position: number): void {
  let read = 0;
  while (read < buffer.length) {
    const n = readSync(fd, buffer, read, buffer.length - read, position + read);
    if (n === 0) break;
    read += n;
  }
}


export interface AppendInput<T extends EventType> {
  type: T;
  data: EventData<T>;
  actor: string;
  /** When it happened; defaults to now. */
  at?: Date;
}

/**
 * Appends one event as one line and fsyncs the file before returning, so nothing the responder
 * recorded is lost if the process dies next. Opens in append mode: existing lines are never touched.
 * If the previous writer died mid-line, a newline is written first so the torn line stays separate.
 */
export function appendEvent<T extends EventType>(dir: string, input: AppendInput<T>, now: Date = new Date()): JournalEvent {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, JOURNAL_FILE);
  return withLock(dir, () => {
    const seq = nextSeq(file);
    const event = journalEventSchema.parse({
      v: JOURNAL_VERSION,
      seq,
      at: (input.at ?? now).toISOString(),
      logged_at: now.toISOString(),
      actor: input.actor,
      type: input.type,
      data: input.data,
    });
    const fd = openSync(file, "a");
    try {
      const size = statSync(file).size;
      let prefix = "";
      if (size > 0) {
        const last = Buffer.alloc(1);
        const rfd = openSync(file, "r");
        try {
          readSync(rfd, last, 0, 1, size - 1);
        } finally {
          closeSync(rfd);
        }
        if (last.toString() !== "\n") prefix = "\n";
      }
      // One write call per line: appends from other processes cannot interleave inside it.
      writeSync(fd, `${prefix}${JSON.stringify(event)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return event;
  });
}
