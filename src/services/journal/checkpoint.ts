import { createHash } from "node:crypto";
import path from "node:path";
import { writeFileAtomic } from "../../adapters/fs/durable-write.js";
import { fileSize, readBytes } from "../../adapters/fs/read.js";
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
/** This build's identity: in dist/ the module's file name carries the hash of its code. */
const CODE = `${FORMAT} ${VERSION} ${import.meta.url}`;

export interface Checkpoint {
  /** The template, playbook and titles the log cache was rendered with. */
  key: string;
  reader: ReaderMark;
  /** The last event folded, in fold order. */
  last?: { clock: number; id: string } | undefined;
  /** The folded state without its events. */
  state: Omit<IncidentState, "events">;
  log: LogCache;
}

/** What the first part of the file says: read alone by commands that need only the incident's status. */
interface Meta {
  code: string;
  key: string;
  journal: { head: string; tail: string };
  reader: ReaderMark;
  last?: { clock: number; id: string } | undefined;
  head: { status: IncidentState["status"]; openedAt: string };
  log: Omit<LogCache, "lists"> & { counts: number[] };
}

const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** The hashes that say a journal still starts with the `size` bytes a checkpoint covered. */
function fingerprint(journal: string, size: number): Meta["journal"] {
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
  "awaiting",
] as const;

function bare<T>(value: T): T {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.assign(Object.create(null) as object, value);
}

function restoreState(state: Checkpoint["state"]): Checkpoint["state"] {
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
 * The state's fields that grow with the incident, each kept as a part of its own and parsed only
 * when the command reads it: a note touches the notes, not the 10,000 drafts; a field nobody read
 * is written back as the bytes it was read as.
 */
const LAZY = [
  "publishedHashes",
  "drafts",
  "approvals",
  "publications",
  "skippedMessages",
  "severityHistory",
  "decisions",
  "notes",
  "snapshots",
] as const;
type LazyField = (typeof LAZY)[number];
const isLazy = (key: string): key is LazyField => (LAZY as readonly string[]).includes(key);
const PARTS = 2 + LAZY.length + KEPT_LISTS.length;
/** The bytes of each lazy field not read yet, by state. */
const unread = new WeakMap<object, Map<LazyField, Buffer>>();

function own(target: object, field: LazyField, value: unknown): void {
  Object.defineProperty(target, field, { value, writable: true, enumerable: true, configurable: true });
}

function lazyField(state: Checkpoint["state"], field: LazyField, bytes: Buffer): void {
  let raw = unread.get(state);
  if (!raw) unread.set(state, (raw = new Map<LazyField, Buffer>()));
  raw.set(field, bytes);
  Object.defineProperty(state, field, {
    enumerable: true,
    configurable: true,
    get(this: object) {
      const value = JSON.parse(bytes.toString("utf8")) as unknown;
      own(
        this,
        field,
        field === "drafts" || field === "approvals" || field === "publishedHashes" ? bare(value) : value,
      );
      return (this as Record<string, unknown>)[field];
    },
    set(this: object, value: unknown) {
      own(this, field, value);
    },
  });
}

/**
 * Copies a state restored from a checkpoint onto `target` without reading its lazy fields
 * (Object.assign would parse every one of them).
 */
export function adoptState<T extends object>(target: T, state: Checkpoint["state"]): T {
  Object.defineProperties(target, Object.getOwnPropertyDescriptors(state));
  const raw = unread.get(state);
  if (raw) unread.set(target, raw);
  return target;
}

/** The state's fields but its events and lazy fields (read without touching those: JSON.stringify would parse them). */
function eagerFields(state: Checkpoint["state"]): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const key of Object.keys(state))
    if (key !== "events" && !isLazy(key)) plain[key] = (state as Record<string, unknown>)[key];
  return plain;
}

function fieldBytes(state: Checkpoint["state"], field: LazyField): Buffer {
  // Still unread (an accessor): its bytes as they were read.
  const raw = Object.getOwnPropertyDescriptor(state, field)?.get ? unread.get(state)?.get(field) : undefined;
  return raw ?? Buffer.from(JSON.stringify(state[field]), "utf8");
}

/** The file's parts: meta, state, its lazy fields, then each kept list's rendered text; their byte lengths are on the first line. */
interface Layout {
  file: string;
  starts: number[];
  lengths: number[];
  meta: Meta;
}

/** The checkpoint's first line and meta, if it was written by this code and still describes the start of the journal. */
function layoutOf(dir: string): Layout | undefined {
  const file = path.join(dir, CHECKPOINT_FILE);
  const first = readBytes(file, 0, 512);
  const nl = first.indexOf(0x0a);
  const [magic, ...sizes] = first.subarray(0, Math.max(nl, 0)).toString("utf8").split(" ");
  const lengths = sizes.map(Number);
  if (magic !== MAGIC || lengths.length !== PARTS || !lengths.every(Number.isSafeInteger)) return undefined;
  const starts: number[] = [];
  let at = nl + 1;
  for (const n of lengths) {
    starts.push(at);
    at += n;
  }
  if ((fileSize(file) ?? -1) !== at) return undefined;
  const meta = JSON.parse(readBytes(file, starts[0]!, lengths[0]!).toString("utf8")) as Meta;
  if (meta.code !== CODE) return undefined;
  const journal = path.join(dir, JOURNAL_FILE);
  const size = meta.reader.offset;
  if ((fileSize(journal) ?? -1) < size) return undefined;
  const now = fingerprint(journal, size);
  if (now.head !== meta.journal.head || now.tail !== meta.journal.tail) return undefined;
  return { file, starts, lengths, meta };
}

const part = (l: Layout, i: number) => readBytes(l.file, l.starts[i]!, l.lengths[i]!);

/**
 * The checkpoint of the incident in `dir`, if one is there and still describes the start of its
 * journal; undefined otherwise (never an error). `withLog: false` leaves the log's lists unread (empty).
 */
export function readCheckpoint(dir: string, withLog = true): Checkpoint | undefined {
  try {
    const l = layoutOf(dir);
    if (!l) return undefined;
    const { counts, ...rest } = l.meta.log;
    const lists = {} as LogCache["lists"];
    KEPT_LISTS.forEach((list, i) => {
      lists[list] = { text: withLog ? [part(l, 2 + LAZY.length + i)] : [], count: counts[i] ?? 0 };
    });
    const state = restoreState(JSON.parse(part(l, 1).toString("utf8")) as Checkpoint["state"]);
    LAZY.forEach((field, i) => lazyField(state, field, part(l, 2 + i)));
    return { key: l.meta.key, reader: l.meta.reader, last: l.meta.last, state, log: { ...rest, lists } };
  } catch {
    return undefined;
  }
}

/** What choosing the active incident needs, as of the bytes the checkpoint covers (`offset`). */
export function checkpointHead(dir: string): (Meta["head"] & { offset: number }) | undefined {
  try {
    const l = layoutOf(dir);
    return l && { ...l.meta.head, offset: l.meta.reader.offset };
  } catch {
    return undefined;
  }
}

/** Replaces the checkpoint; a failure (no room, a read-only folder) only means the next command folds more. */
export function writeCheckpoint(dir: string, checkpoint: Checkpoint): void {
  try {
    const journal = path.join(dir, JOURNAL_FILE);
    const { lists, ...rest } = checkpoint.log;
    const meta: Meta = {
      code: CODE,
      key: checkpoint.key,
      journal: fingerprint(journal, checkpoint.reader.offset),
      reader: checkpoint.reader,
      last: checkpoint.last,
      head: { status: checkpoint.state.status, openedAt: checkpoint.state.openedAt },
      log: { ...rest, counts: KEPT_LISTS.map((l) => lists[l].count) },
    };
    const parts = [
      Buffer.from(JSON.stringify(meta), "utf8"),
      Buffer.from(JSON.stringify(eagerFields(checkpoint.state)), "utf8"),
      ...LAZY.map((field) => fieldBytes(checkpoint.state, field)),
      ...KEPT_LISTS.map((l) => joined(lists[l].text)),
    ];
    const first = Buffer.from(`${MAGIC} ${parts.map((b) => b.length).join(" ")}\n`, "utf8");
    writeFileAtomic(path.join(dir, CHECKPOINT_FILE), [first, ...parts], {
      noSymlink: true,
      durable: false,
    });
  } catch {
    // A cache: the journal and the log are already safe.
  }
}

/** Text kept in pieces (strings rendered by this process, bytes read from a checkpoint) as bytes, piece by piece. */
export function bytesOf(pieces: readonly (string | Uint8Array)[]): Buffer[] {
  return pieces.map((p) =>
    typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p.buffer, p.byteOffset, p.byteLength),
  );
}

/** One list's pieces as one part of the file (its length goes on the first line). */
function joined(pieces: readonly (string | Uint8Array)[]): Buffer {
  const bytes = bytesOf(pieces);
  return bytes.length === 1 ? bytes[0]! : Buffer.concat(bytes);
}
