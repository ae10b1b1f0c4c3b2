import { createHash } from "node:crypto";
import path from "node:path";
import { writeFileAtomic } from "../../adapters/fs/durable-write.js";
import { fileSize, readBytes, readRegularFile } from "../../adapters/fs/read.js";
import type { LogCache } from "../../core/incident-log/incremental.js";
import { KEPT_LISTS } from "../../core/incident-log/sections.js";
import { JOURNAL_FILE } from "../../core/incident/folder.js";
import type { IncidentState } from "../../core/journal/fold.js";
import type { ReaderMark } from "./store.js";
import { VERSION } from "../../version.js";

/**
 * The folded-state checkpoint beside an incident's journal (docs/journal.md, "Checkpoint"): the
 * state as of the journal's first `size` bytes, where the reader stood, and the incident log's
 * rendered lists. A replaceable cache, never trusted over the journal: it is used only when the
 * journal still starts with the bytes it covered (its size, and the sha256 of its first 4 KiB and
 * of the last 64 KiB it covered, match) and it was written by this very code (version and module
 * hash) for the same log template, playbook and titles (`key`). Anything else (missing, corrupt,
 * another version, a shrunk or replaced journal) reads as no checkpoint: the journal is folded
 * whole, as without one. Written atomically, not synced: a power cut can lose it, never tear it
 * into something that passes the checks.
 */

export const CHECKPOINT_FILE = ".checkpoint";
const MAGIC = "crisis-checkpoint";
const FORMAT = 1;
const HEAD_BYTES = 4096;
const TAIL_BYTES = 65536;
const MAX_BYTES = 512 * 1024 * 1024;
/** This build's identity: in dist/ the module's file name carries the hash of its code. */
const CODE = `${FORMAT} ${VERSION} ${import.meta.url}`;

export interface Checkpoint {
  /** The template, playbook and titles the log cache was rendered with (empty: no log kept). */
  key: string;
  reader: ReaderMark;
  /** The last event folded, in fold order. */
  last?: { clock: number; id: string } | undefined;
  /** The folded state without its events. */
  state: Omit<IncidentState, "events">;
  log?: LogCache | undefined;
}

interface Header extends Omit<Checkpoint, "log"> {
  code: string;
  journal: { head: string; tail: string };
  log?: Omit<LogCache, "lists"> & { counts: number[]; bytes: number[] };
}

const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** The hashes that say a journal still starts with the `size` bytes a checkpoint covered. */
function fingerprint(journal: string, size: number): Header["journal"] {
  const head = Math.min(HEAD_BYTES, size);
  const tail = Math.min(TAIL_BYTES, size);
  return { head: sha(readBytes(journal, 0, head)), tail: sha(readBytes(journal, size - tail, tail)) };
}

/** The dictionaries of a state are objects without a prototype: keys from a journal never reach Object's. */
const DICTS = [
  "roles",
  "answers",
  "answerSteps",
  "steps",
  "checklist",
  "drafts",
  "approvals",
  "exitCriteria",
  "replicas",
  "registers",
  "latestDrafts",
  "enquiries",
  "registerSides",
] as const;

function bare<T>(value: T): T {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.assign(Object.create(null) as object, value) as T;
}

function restoreState(state: Header["state"]): Header["state"] {
  for (const key of DICTS) (state as Record<string, unknown>)[key] = bare(state[key]);
  const visit = state.visit;
  if (visit) {
    visit.answered = bare(visit.answered);
    visit.checklist = bare(visit.checklist);
    visit.messages = bare(visit.messages);
    for (const [k, p] of Object.entries(visit.messages))
      visit.messages[k] = {
        ...p,
        drafts: bare(p.drafts),
        accepted: bare(p.accepted),
        decisions: bare(p.decisions),
        published: bare(p.published),
        skippedChannels: bare(p.skippedChannels),
      };
  }
  return state;
}

/**
 * The checkpoint of the incident in `dir`, if one is there and still describes the start of its
 * journal; undefined otherwise (never an error). `withLog: false` skips the log's rendered lists.
 */
export function readCheckpoint(dir: string, withLog = true): Checkpoint | undefined {
  try {
    const buffer = readRegularFile(path.join(dir, CHECKPOINT_FILE), MAX_BYTES);
    const nl = buffer.indexOf(0x0a);
    const [magic, length] = buffer.subarray(0, Math.max(nl, 0)).toString("utf8").split(" ");
    const headerBytes = Number(length);
    if (magic !== MAGIC || !Number.isSafeInteger(headerBytes)) return undefined;
    const header = JSON.parse(buffer.subarray(nl + 1, nl + 1 + headerBytes).toString("utf8")) as Header;
    if (header.code !== CODE) return undefined;
    const journal = path.join(dir, JOURNAL_FILE);
    const size = header.reader.offset;
    if ((fileSize(journal) ?? -1) < size) return undefined;
    const now = fingerprint(journal, size);
    if (now.head !== header.journal.head || now.tail !== header.journal.tail) return undefined;
    const checkpoint: Checkpoint = {
      key: header.key,
      reader: header.reader,
      last: header.last,
      state: restoreState(header.state),
    };
    if (withLog && header.log) {
      const { counts, bytes, ...rest } = header.log;
      let at = nl + 1 + headerBytes;
      const lists = {} as LogCache["lists"];
      KEPT_LISTS.forEach((list, i) => {
        const n = bytes[i] ?? 0;
        lists[list] = { text: buffer.subarray(at, at + n).toString("utf8"), count: counts[i] ?? 0 };
        at += n;
      });
      if (at !== buffer.length) return undefined;
      checkpoint.log = { ...rest, lists };
    }
    return checkpoint;
  } catch {
    return undefined;
  }
}

/** Replaces the checkpoint; a failure (no room, a read-only folder) only means the next command folds more. */
export function writeCheckpoint(dir: string, checkpoint: Checkpoint): void {
  try {
    const journal = path.join(dir, JOURNAL_FILE);
    const blobs = checkpoint.log ? KEPT_LISTS.map((l) => Buffer.from(checkpoint.log!.lists[l].text, "utf8")) : [];
    const { lists, ...rest } = checkpoint.log ?? { lists: undefined };
    const header: Header = {
      code: CODE,
      key: checkpoint.key,
      journal: fingerprint(journal, checkpoint.reader.offset),
      reader: checkpoint.reader,
      last: checkpoint.last,
      state: checkpoint.state,
      ...(lists
        ? {
            log: {
              ...(rest as Omit<LogCache, "lists">),
              counts: KEPT_LISTS.map((l) => lists[l].count),
              bytes: blobs.map((b) => b.length),
            },
          }
        : {}),
    };
    const json = Buffer.from(JSON.stringify(header), "utf8");
    const content = Buffer.concat([Buffer.from(`${MAGIC} ${json.length}\n`, "utf8"), json, ...blobs]);
    writeFileAtomic(path.join(dir, CHECKPOINT_FILE), content, { noSymlink: true, durable: false });
  } catch {
    // A cache: the journal and the log are already safe.
  }
}
