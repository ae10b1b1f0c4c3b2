import path from "node:path";
import { refuseSymlink } from "../../adapters/fs/durable-write.js";
import { fileError } from "../../adapters/fs/errors.js";
import { regularFileChunks } from "../../adapters/fs/read.js";
import { JOURNAL_FILE } from "../../core/incident/folder.js";
import type { JournalEvent } from "../../core/journal/events.js";
import { parseLine, type JournalDamage } from "../../core/journal/lines.js";
import { compareEvents } from "../../core/journal/order.js";
import { CrisisError, EXIT } from "../../errors.js";
import { readJournal } from "./store.js";

/**
 * A whole journal read as a stream, for a command that folds every event once and keeps none (the
 * post-mortem): the file is read a chunk at a time and each event handed on as soon as its line is
 * parsed, so memory holds one chunk, not the journal (a million events are about 300 MB on disk).
 *
 * The events arrive in fold order ((clock, id), each id once), exactly as readJournal returns them.
 * A journal nobody merged into is already in that order, and then one pass does it. When a line
 * is found out of order (a sync appended events with lower clocks), the pass stops and the journal
 * is read again whole with readJournal, which sorts; `start` is called again for a fresh consumer.
 */

/** The longest line a stream accepts: readJournal's whole-file limit, so no journal it reads is refused here. */
const MAX_LINE_BYTES = 256 * 1024 * 1024;

export interface StreamedJournal extends JournalDamage {
  /** Events handed on. */
  count: number;
  /** False when the file was out of fold order and was read again whole (readJournal). */
  streamed: boolean;
}

class OutOfOrder extends Error {}

/** `chunkBytes` is how much is read at a time (a test makes it tiny to cut lines and characters anywhere). */
export function streamJournal(
  dir: string,
  start: () => (event: JournalEvent) => void,
  chunkBytes?: number,
): StreamedJournal {
  const file = path.join(dir, JOURNAL_FILE);
  try {
    return streamed(file, start(), chunkBytes);
  } catch (error) {
    if (error instanceof OutOfOrder) {
      const read = readJournal(dir);
      const take = start();
      for (const e of read.events) take(e);
      return { count: read.events.length, streamed: false, torn: read.torn, invalid: read.invalid };
    }
    if (error instanceof CrisisError) throw error;
    if ((error as { code?: string }).code === "ENOENT")
      throw new CrisisError(`cannot read the journal ${file}: no such file`, EXIT.noInput);
    throw fileError(error, file, "read");
  }
}

function streamed(file: string, take: (event: JournalEvent) => void, chunkBytes?: number): StreamedJournal {
  refuseSymlink(file);
  const invalid: JournalDamage["invalid"] = [];
  let line = 0;
  let count = 0;
  let last: JournalEvent | undefined;
  const one = (raw: string, final: boolean): JournalDamage["torn"] => {
    line++;
    if (raw.trim() === "") return undefined;
    const result = parseLine(raw);
    if (!("event" in result)) {
      // A last line without its newline is one a crash cut off: reported apart, as readJournal does.
      if (final) return { line, text: raw };
      invalid.push({ line, message: result.error });
      return undefined;
    }
    const e = result.event;
    if (last) {
      const order = compareEvents(last, e);
      if (order > 0) throw new OutOfOrder();
      // The same event twice in a row (a sync that copied it again): the first copy wins.
      if (order === 0 && last.id === e.id) return undefined;
    }
    last = e;
    count++;
    take(e);
    return undefined;
  };
  let rest: Buffer = Buffer.alloc(0);
  for (const chunk of regularFileChunks(file, chunkBytes)) {
    const bytes = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    const end = bytes.lastIndexOf(0x0a);
    if (end === -1) {
      if (bytes.length > MAX_LINE_BYTES)
        throw new CrisisError(`line ${line + 1} of the journal ${file} is longer than 256 MiB`, EXIT.usage);
      rest = Buffer.from(bytes);
      continue;
    }
    // Lines end at a newline byte, which is never part of a longer UTF-8 sequence: decoding the
    // complete lines at once reads each exactly as decoding the whole file would.
    for (const raw of bytes.toString("utf8", 0, end).split("\n")) one(raw, false);
    rest = Buffer.from(bytes.subarray(end + 1));
  }
  const torn = rest.length > 0 ? one(rest.toString("utf8"), true) : undefined;
  return { count, streamed: true, torn, invalid };
}
