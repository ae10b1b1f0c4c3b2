import { createHash } from "node:crypto";
import path from "node:path";
import { writeFileAtomic } from "../../adapters/fs/durable-write.js";
import {
  appendIfSize,
  closeFd,
  createWith,
  entriesOf,
  openOwn,
  ownFolder,
  removeFile,
} from "../../adapters/fs/grow-file.js";
import { exists, fileSize, isRealDir, readAt, readBytes, readIfRegularFile } from "../../adapters/fs/read.js";
import { randomBase32 } from "../../adapters/process.js";
import type { LogCache } from "../../core/incident-log/incremental.js";
import type { Piece } from "../../core/incident-log/sections.js";
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
 * another version, a shrunk or replaced journal, a part cut short or changed) reads as no
 * checkpoint: the journal is folded whole, as without one.
 *
 * It is a folder. `state` holds what every reader needs (small: the state without its growing
 * fields) and names the parts that hold the rest: each growing field of the state and each kept
 * list of the log is a file of its own that only grows (adapters/fs/grow-file.ts). A command that
 * adds a note appends the note's rendered row to the notes list's part and leaves the 7 MB
 * timeline's bytes where they are; a field it did not read is not written at all. `state` records
 * each part's length and the sha256 of its last 4 KiB, and is replaced atomically after the parts
 * are written: a writer that dies mid-way leaves the previous `state`, whose parts still start with
 * the bytes it names. Nothing is synced: a power cut can lose it, the checks catch what it leaves.
 */

export const CHECKPOINT_FILE = ".checkpoint";
const STATE_FILE = "state";
const MAGIC = "crisis-checkpoint";
const FORMAT = 2;
const HEAD_BYTES = 4096;
const TAIL_BYTES = 65536;
const PART_TAIL = 4096;
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

/** One part: the file `<name>.<gen>` (a name never used twice), its first `size` bytes, the sha256 of their last 4 KiB. */
interface PartRef {
  gen: string;
  size: number;
  tail: string;
}

/** What the first part of `state` says: read alone by commands that need only the incident's status. */
interface Meta {
  code: string;
  key: string;
  journal: { head: string; tail: string };
  reader: ReaderMark;
  last?: { clock: number; id: string } | undefined;
  head: { status: IncidentState["status"]; openedAt: string };
  log: Omit<LogCache, "lists"> & { counts: number[] };
  parts: Record<string, PartRef>;
  /** How many items each pushed field holds: what status and list count without parsing them. */
  lengths: Partial<Record<PushedField, number>>;
}

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

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
/**
 * The fields the fold only ever pushes onto: their parts hold `,item` per item (JSON text once
 * wrapped in brackets), so items added since the part was read are appended, never the whole list.
 */
const PUSHED = ["publications", "skippedMessages", "severityHistory", "decisions", "notes", "snapshots"] as const;
type PushedField = (typeof PUSHED)[number];
const isPushed = (field: LazyField): field is PushedField => (PUSHED as readonly string[]).includes(field);
const fieldPart = (field: LazyField) => `f-${field}`;
const listPart = (list: string) => `l-${list}`;
const PART_NAME = /^[fl]-[A-Za-z]+\.[0-9a-z]+$/;

/**
 * A part opened and checked when the checkpoint was read, its bytes read when first asked for.
 * It stays open until then: a writer that replaces the part meanwhile creates another file, so
 * these are the bytes that were checked. Closed when read, or when nothing refers to it any more.
 */
class OpenPart {
  private fd: number | undefined;
  private bytes: Buffer | undefined;
  /** How many items a pushed field's part holds, as `state` says. */
  length: number | undefined;

  constructor(
    readonly folder: string,
    readonly name: string,
    readonly ref: PartRef,
    fd: number,
    /** Its last 4 KiB, read for the check: what the tail hash of the part once appended to starts from. */
    readonly tail: Buffer,
  ) {
    this.fd = fd;
    closer.register(this, fd, this);
  }

  get file(): string {
    return partFile(this.folder, this.name, this.ref.gen);
  }

  read(): Buffer {
    if (this.bytes === undefined) {
      const fd = this.fd!;
      this.fd = undefined;
      closer.unregister(this);
      try {
        this.bytes = readAt(fd, 0, this.ref.size);
      } finally {
        closeFd(fd);
      }
    }
    return this.bytes;
  }

  /** Closes a part nothing will read (the checkpoint it belongs to was not used). */
  discard(): void {
    if (this.fd === undefined) return;
    closer.unregister(this);
    closeFd(this.fd);
    this.fd = undefined;
  }
}

const closer = new FinalizationRegistry<number>(closeFd);
const partFile = (folder: string, name: string, gen: string) => path.join(folder, `${name}.${gen}`);

/** The part `name` as `state` names it, opened, if it still starts with the bytes recorded. */
function openPart(folder: string, name: string, ref: PartRef | undefined): OpenPart | undefined {
  if (!ref || !/^[0-9a-z]+$/.test(ref.gen) || !Number.isSafeInteger(ref.size) || ref.size < 0) return undefined;
  const { fd, size } = openOwn(partFile(folder, name, ref.gen));
  const tail = readAt(fd, ref.size - Math.min(PART_TAIL, ref.size), Math.min(PART_TAIL, ref.size));
  if (size >= ref.size && sha(tail) === ref.tail) return new OpenPart(folder, name, ref, fd, tail);
  closeFd(fd);
  return undefined;
}

/** The fields of a state not read yet, each from the part it will be read from. */
const unread = new WeakMap<object, Map<LazyField, OpenPart>>();

function own(target: object, field: LazyField, value: unknown): void {
  Object.defineProperty(target, field, { value, writable: true, enumerable: true, configurable: true });
}

/** A lazy field's value, parsed from its part's bytes. */
function parseField(field: LazyField, part: OpenPart): unknown {
  const text = part.read().toString("utf8");
  if (!isPushed(field)) {
    const value = JSON.parse(text) as unknown;
    return field === "drafts" || field === "approvals" || field === "publishedHashes" ? bare(value) : value;
  }
  const items = JSON.parse(`[${text.slice(1)}]`) as unknown[];
  // Pushed onto by the fold from here: what is saved later appends only the items after these.
  itemOrigins.set(items, { folder: part.folder, ref: part.ref, items: items.length, tail: part.tail });
  return items;
}

/** A pushed field's items: `length` in its part (parsed when something reads them), then those pushed since. */
interface PushedItems {
  length: number;
  added: unknown[];
  real?: unknown[];
}

/**
 * A pushed field as an array that is parsed only when something reads its items: the fold pushes
 * onto it and the log renders the last item; status and list count them. A note at 100,000 events
 * then parses none of the 10,000 notes before it (megabytes of JSON); anything else parses them.
 */
function pushedList(part: OpenPart, field: PushedField, length: number): unknown[] {
  const items: PushedItems = { length, added: [] };
  const load = () => {
    if (!items.real) {
      const real = parseField(field, part) as unknown[];
      real.push(...items.added);
      items.real = real;
    }
    return items.real;
  };
  const count = () => items.length + items.added.length;
  const push = (...more: unknown[]): number => {
    if (items.real) return items.real.push(...more);
    items.added.push(...more);
    return count();
  };
  const at = (i: number): unknown => {
    const k = Math.trunc(i) < 0 ? count() + Math.trunc(i) : Math.trunc(i);
    return !items.real && k >= items.length && k < count() ? items.added[k - items.length] : load().at(i);
  };
  const list = new Proxy<unknown[]>([], {
    get: (_t, key): unknown => {
      if (key === "length" && !items.real) return count();
      if (key === "push") return push;
      if (key === "at") return at;
      return Reflect.get(load(), key) as unknown;
    },
    set: (_t, key, value) => Reflect.set(load(), key, value),
    has: (_t, key) => Reflect.has(load(), key),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_t, key) => Reflect.getOwnPropertyDescriptor(load(), key),
    defineProperty: (_t, key, descriptor) => Reflect.defineProperty(load(), key, descriptor),
    deleteProperty: (_t, key) => Reflect.deleteProperty(load(), key),
  });
  pushedLists.set(list, items);
  itemOrigins.set(list, { folder: part.folder, ref: part.ref, items: length, tail: part.tail });
  return list;
}

const pushedLists = new WeakMap<object, PushedItems>();

/** The items of `list` from index `from` on, without parsing those before when they were never read. */
function itemsFrom(list: readonly unknown[], from: number): unknown[] {
  const items = pushedLists.get(list);
  return items && !items.real ? items.added.slice(from - items.length) : list.slice(from);
}

function lazyField(state: Checkpoint["state"], field: LazyField, part: OpenPart, length?: number): void {
  if (length !== undefined && isPushed(field)) return own(state, field, pushedList(part, field, length));
  let parts = unread.get(state);
  if (!parts) unread.set(state, (parts = new Map<LazyField, OpenPart>()));
  parts.set(field, part);
  Object.defineProperty(state, field, {
    enumerable: true,
    configurable: true,
    get(this: object) {
      own(this, field, parseField(field, part));
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
  const parts = unread.get(state);
  if (parts) unread.set(target, parts);
  return target;
}

/** The state's fields but its events and lazy fields (read without touching those: JSON.stringify would parse them). */
function eagerFields(state: Checkpoint["state"]): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const key of Object.keys(state))
    if (key !== "events" && !isLazy(key)) plain[key] = (state as Record<string, unknown>)[key];
  return plain;
}

/** Where each pushed field's items came from: the part they were parsed from and how many it holds. */
const itemOrigins = new WeakMap<
  readonly unknown[],
  { folder: string; ref: PartRef; items: number; tail: Uint8Array }
>();

/** Where each kept list's text came from: the part it was read from and how many of its pieces that part holds. */
const listOrigins = new WeakMap<readonly Piece[], { folder: string; ref: PartRef; pieces: number }>();

/** The checkpoint's `state` file: its meta and the state's bytes, if written by this code and still describing the start of the journal. */
function layoutOf(dir: string): { meta: Meta; state: Buffer; folder: string } | undefined {
  const folder = path.join(dir, CHECKPOINT_FILE);
  if (!isRealDir(folder)) return undefined;
  const { fd, size } = openOwn(path.join(folder, STATE_FILE));
  let bytes: Buffer;
  try {
    bytes = readAt(fd, 0, size);
  } finally {
    closeFd(fd);
  }
  const nl = bytes.indexOf(0x0a);
  const [magic, ...sizes] = bytes.subarray(0, Math.max(nl, 0)).toString("utf8").split(" ");
  const [metaLength, stateLength] = sizes.map(Number);
  if (magic !== MAGIC || sizes.length !== 2 || !Number.isSafeInteger(metaLength) || !Number.isSafeInteger(stateLength))
    return undefined;
  if (nl + 1 + metaLength! + stateLength! !== size) return undefined;
  const meta = JSON.parse(bytes.subarray(nl + 1, nl + 1 + metaLength!).toString("utf8")) as Meta;
  if (meta.code !== CODE) return undefined;
  const journal = path.join(dir, JOURNAL_FILE);
  const covered = meta.reader.offset;
  if ((fileSize(journal) ?? -1) < covered) return undefined;
  const now = fingerprint(journal, covered);
  if (now.head !== meta.journal.head || now.tail !== meta.journal.tail) return undefined;
  return { meta, state: bytes.subarray(nl + 1 + metaLength!), folder };
}

/**
 * The checkpoint of the incident in `dir`, if one is there and still describes the start of its
 * journal; undefined otherwise (never an error). `withLog: false` leaves the log's lists unread
 * (empty): status and list read `state` and the fields they use, nothing else.
 */
export function readCheckpoint(dir: string, withLog = true): Checkpoint | undefined {
  const opened: OpenPart[] = [];
  try {
    const l = layoutOf(dir);
    if (!l) return undefined;
    const { counts, ...rest } = l.meta.log;
    for (const field of LAZY) {
      const part = openPart(l.folder, fieldPart(field), l.meta.parts[fieldPart(field)]);
      if (!part) throw new Error("a part of the checkpoint is missing or changed");
      const length = l.meta.lengths[field as PushedField];
      if (isPushed(field) && Number.isSafeInteger(length)) part.length = length;
      opened.push(part);
    }
    const lists = {} as LogCache["lists"];
    KEPT_LISTS.forEach((list, i) => {
      const count = counts[i] ?? 0;
      if (!withLog) return void (lists[list] = { text: [], count });
      const part = openPart(l.folder, listPart(list), l.meta.parts[listPart(list)]);
      if (!part) throw new Error("a part of the checkpoint is missing or changed");
      opened.push(part);
      const text: Piece[] = [part.read()];
      listOrigins.set(text, { folder: l.folder, ref: part.ref, pieces: 1 });
      lists[list] = { text, count };
    });
    const state = restoreState(JSON.parse(l.state.toString("utf8")) as Checkpoint["state"]);
    LAZY.forEach((field, i) => lazyField(state, field, opened[i]!, opened[i]!.length));
    return { key: l.meta.key, reader: l.meta.reader, last: l.meta.last, state, log: { ...rest, lists } };
  } catch {
    for (const part of opened) part.discard();
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

/** The last 4 KiB of these pieces, taken together. */
function lastBytes(pieces: readonly Uint8Array[]): Buffer {
  const taken: Uint8Array[] = [];
  let need = PART_TAIL;
  for (let i = pieces.length - 1; i >= 0 && need > 0; i--) {
    const p = pieces[i]!;
    const n = Math.min(need, p.length);
    taken.unshift(p.subarray(p.length - n));
    need -= n;
  }
  return Buffer.concat(taken);
}

const tailOf = (pieces: readonly Uint8Array[]) => sha(lastBytes(pieces));

const total = (pieces: readonly Uint8Array[]) => pieces.reduce((n, p) => n + p.length, 0);

/** A new part holding these bytes. */
function createPart(folder: string, name: string, pieces: readonly Uint8Array[]): PartRef {
  const gen = randomBase32(16);
  createWith(partFile(folder, name, gen), pieces);
  return { gen, size: total(pieces), tail: tailOf(pieces) };
}

/** A lazy field's part: the one it was read from when nobody read it, else its JSON in a new part. */
function saveField(folder: string, state: Checkpoint["state"], field: LazyField): PartRef {
  const name = fieldPart(field);
  const pending = unreadPart(state, field);
  if (pending && pending.folder === folder && exists(pending.file)) return pending.ref;
  if (pending) return createPart(folder, name, [pending.read()]);
  if (!isPushed(field)) return createPart(folder, name, [Buffer.from(JSON.stringify(state[field]), "utf8")]);
  const items = state[field] as readonly unknown[];
  const origin = itemOrigins.get(items);
  let saved: { ref: PartRef; tail: Uint8Array } | undefined;
  if (origin?.folder === folder && items.length >= origin.items) {
    const added = Buffer.from(itemsText(itemsFrom(items, origin.items)), "utf8");
    if (appendIfSize(partFile(folder, name, origin.ref.gen), origin.ref.size, [added])) {
      const tail = lastBytes([origin.tail, added]);
      saved = { ref: { gen: origin.ref.gen, size: origin.ref.size + added.length, tail: sha(tail) }, tail };
    }
  }
  if (!saved) {
    const bytes = Buffer.from(itemsText(items), "utf8");
    saved = { ref: createPart(folder, name, [bytes]), tail: lastBytes([bytes]) };
  }
  itemOrigins.set(items, { folder, ref: saved.ref, items: items.length, tail: saved.tail });
  return saved.ref;
}

const itemsText = (items: readonly unknown[]) => items.map((item) => `,${JSON.stringify(item)}`).join("");

/** A field not read since the checkpoint was: still the part it would be read from. */
function unreadPart(state: Checkpoint["state"], field: LazyField): OpenPart | undefined {
  return Object.getOwnPropertyDescriptor(state, field)?.get ? unread.get(state)?.get(field) : undefined;
}

/** A kept list's part: the one it was read from, with the pieces rendered since appended, else a new one. */
function saveList(folder: string, list: string, text: Piece[]): PartRef {
  const name = listPart(list);
  const bytes = bytesOf(text);
  const origin = listOrigins.get(text);
  let ref: PartRef | undefined;
  if (origin?.folder === folder) {
    const added = bytes.slice(origin.pieces);
    if (appendIfSize(partFile(folder, name, origin.ref.gen), origin.ref.size, added))
      ref = { gen: origin.ref.gen, size: origin.ref.size + total(added), tail: tailOf(bytes) };
  }
  ref ??= createPart(folder, name, bytes);
  // The same text saved again (another append by this process) appends only what came after.
  listOrigins.set(text, { folder, ref, pieces: text.length });
  return ref;
}

/**
 * Replaces the checkpoint: the parts first (appended to, or new), then `state`, which names them,
 * then the parts no longer named are removed. A failure (no room, a read-only folder) only means
 * the next command folds more.
 */
export function writeCheckpoint(dir: string, checkpoint: Checkpoint): void {
  try {
    const journal = path.join(dir, JOURNAL_FILE);
    const folder = path.join(dir, CHECKPOINT_FILE);
    keepOutOfGit(path.dirname(dir));
    ownFolder(folder);
    const { lists, ...rest } = checkpoint.log;
    const parts: Record<string, PartRef> = {};
    for (const field of LAZY) parts[fieldPart(field)] = saveField(folder, checkpoint.state, field);
    for (const list of KEPT_LISTS) parts[listPart(list)] = saveList(folder, list, lists[list].text);
    const meta: Meta = {
      code: CODE,
      key: checkpoint.key,
      journal: fingerprint(journal, checkpoint.reader.offset),
      reader: checkpoint.reader,
      last: checkpoint.last,
      head: { status: checkpoint.state.status, openedAt: checkpoint.state.openedAt },
      log: { ...rest, counts: KEPT_LISTS.map((l) => lists[l].count) },
      parts,
      lengths: Object.fromEntries(
        PUSHED.map((field) => {
          const pending = unreadPart(checkpoint.state, field);
          return [field, pending ? pending.length : checkpoint.state[field].length];
        }),
      ),
    };
    const metaBytes = Buffer.from(JSON.stringify(meta), "utf8");
    const stateBytes = Buffer.from(JSON.stringify(eagerFields(checkpoint.state)), "utf8");
    const first = Buffer.from(`${MAGIC} ${metaBytes.length} ${stateBytes.length}\n`, "utf8");
    writeFileAtomic(path.join(folder, STATE_FILE), [first, metaBytes, stateBytes], {
      noSymlink: true,
      durable: false,
    });
    const named = new Set(Object.entries(parts).map(([name, ref]) => `${name}.${ref.gen}`));
    for (const entry of entriesOf(folder))
      if (PART_NAME.test(entry) && !named.has(entry)) removeFile(path.join(folder, entry));
  } catch {
    // A cache: the journal and the log are already safe.
  }
}

const IGNORE_LINES = `# Written by crisis: each incident's checkpoint is a cache rebuilt from its journal.\n${CHECKPOINT_FILE}\n`;

/**
 * Teams that commit their incidents folder (`crisis init`'s choice, or `git add .`) must not commit
 * the checkpoints: tens of MiB that change with every command. The incidents folder's own
 * .gitignore names them (created, or the lines added to the team's, never anything removed).
 */
function keepOutOfGit(incidentsRoot: string): void {
  const file = path.join(incidentsRoot, ".gitignore");
  const text = readIfRegularFile(file);
  if (text !== undefined && text.split(/\r?\n/).some((l) => l.trim() === CHECKPOINT_FILE)) return;
  const before = text === undefined || text === "" || text.endsWith("\n") ? (text ?? "") : `${text}\n`;
  writeFileAtomic(file, before + IGNORE_LINES, { noSymlink: true, durable: false });
}

/** Text kept in pieces (strings rendered by this process, bytes read from a checkpoint) as bytes, piece by piece. */
export function bytesOf(pieces: readonly (string | Uint8Array)[]): Buffer[] {
  return pieces.map((p) =>
    typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p.buffer, p.byteOffset, p.byteLength),
  );
}
