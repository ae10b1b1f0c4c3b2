import { createHash } from "node:crypto";
import path from "node:path";
import { createDirs, removeTreeQuietly, writeFileAtomic } from "../../adapters/fs/durable-write.js";
import { readBytes, readIfRegularFile } from "../../adapters/fs/read.js";
import { stampedFilesIn } from "../../adapters/fs/walk.js";
import type { Playbook } from "../../core/playbook/model.js";
import type { Problem } from "../../errors.js";
import { VERSION } from "../../version.js";
import { cacheDir } from "./cache-dir.js";
import { playbookDirs, templateDirs } from "./dirs.js";
import type { Workspace } from "./workspace.js";

/**
 * What the incident commands need from the playbooks and templates, without parsing them: every
 * resolved playbook, the problems of the catalog, and each message template's title. Built once
 * from the real catalog (parsed and validated as always) and kept as JSON in the user's cache
 * folder, under a key that hashes every input: the content and path of each playbook, spine and
 * template file in every folder the config names, crisis's version and the very module that wrote
 * it (in dist/ its file name carries the hash of the code). Any change to any of them is another
 * key, so a snapshot is never used for files it was not built from. A cache that cannot be read
 * or written is no error: the catalog is then parsed, as without one.
 */
export interface WorkspaceSnapshot {
  playbooks: Record<string, Playbook>;
  problems: Problem[];
  templateTitles: Record<string, string>;
}

/** Bumped when the snapshot's shape changes (3: the playbooks' places in bytes, not UTF-16 units). */
const FORMAT = 3;

const memo = new WeakMap<Workspace, WorkspaceSnapshot>();

/** The key of the workspace's inputs as they are on disk now: their content hashed. */
function contentKey(header: string, dirs: readonly { dir: string; source: string; files: string[] }[]): string {
  const hash = createHash("sha256");
  hash.update(header);
  for (const { dir, source, files } of dirs) {
    hash.update(`dir ${source} ${dir}\n`);
    for (const file of files) {
      const text = readIfRegularFile(file) ?? "";
      hash.update(`file ${file} ${Buffer.byteLength(text)}\n`);
      hash.update(text);
    }
  }
  return hash.digest("hex");
}

/**
 * The content key, without reading every file when none changed: what stat says of each file
 * (size, times, inode: a write changes the change time, which no tool sets back) is hashed into a
 * stamp, and the cache remembers which content key each stamp had. Only a new stamp reads the files.
 */
function snapshotKey(ws: Pick<Workspace, "config">, cache: string): string {
  const header = `crisis-snapshot ${FORMAT} ${VERSION} ${import.meta.url}\n`;
  const stamped = [...playbookDirs(ws.config), ...templateDirs(ws.config)].map(({ dir, source }) => ({
    dir,
    source,
    files: stampedFilesIn(dir),
  }));
  const stamp = createHash("sha256").update(header);
  for (const { dir, source, files } of stamped) {
    stamp.update(`dir ${source} ${dir}\n`);
    for (const { file, stamp: of } of files) stamp.update(`file ${file} ${of}\n`);
  }
  const stampFile = path.join(cache, "workspace-stamps", stamp.digest("hex"));
  const known = readIfRegularFile(stampFile);
  if (known !== undefined && /^[0-9a-f]{64}$/.test(known)) return known;
  const key = contentKey(
    header,
    stamped.map(({ dir, source, files }) => ({ dir, source, files: files.map((f) => f.file) })),
  );
  try {
    createDirs(path.dirname(stampFile));
    writeFileAtomic(stampFile, key);
  } catch {
    // As for the snapshot itself: without it, the files are read again next time.
  }
  return key;
}

function build(ws: Workspace): WorkspaceSnapshot {
  return {
    playbooks: Object.fromEntries(ws.catalog.playbooks),
    problems: ws.catalog.problems,
    templateTitles: Object.fromEntries([...ws.templates.templates.values()].map((t) => [t.id, t.meta.title])),
  };
}

/**
 * The snapshot as kept: a first line with the problems, the template titles and where each
 * playbook's JSON lies in the rest (its offset and length in bytes), then the playbooks' JSON one
 * after the other. An incident command reads the first line and its own playbook's bytes only, not
 * all 360 KB, and parses that playbook only.
 */
function serialize(snapshot: WorkspaceSnapshot): string {
  const at = Object.create(null) as Record<string, [number, number]>;
  const texts: string[] = [];
  let offset = 0;
  for (const [id, playbook] of Object.entries(snapshot.playbooks)) {
    const text = JSON.stringify(playbook);
    const length = Buffer.byteLength(text);
    at[id] = [offset, length];
    texts.push(text);
    offset += length;
  }
  // JSON.stringify writes no raw newline: the first one ends the head.
  return `${JSON.stringify({ problems: snapshot.problems, templateTitles: snapshot.templateTitles, playbooks: at })}\n${texts.join("")}`;
}

/** The bytes read for the first line at first (it is about 10 KB for the bundled catalog). */
const HEAD_READ = 16 * 1024;

/** The first line of a kept snapshot and where the playbooks' bytes begin; undefined when there is no whole line. */
function readHead(file: string): { text: string; body: number } | undefined {
  for (let size = HEAD_READ; ; size *= 4) {
    const bytes = readBytes(file, 0, size);
    const newline = bytes.indexOf(0x0a);
    if (newline >= 0) return { text: bytes.toString("utf8", 0, newline), body: newline + 1 };
    if (bytes.length < size) return undefined;
  }
}

function readCached(file: string, ws: Workspace): WorkspaceSnapshot | undefined {
  try {
    const kept = readHead(file);
    if (!kept) return undefined;
    const head = JSON.parse(kept.text) as {
      problems?: unknown;
      templateTitles?: unknown;
      playbooks?: Record<string, unknown>;
    };
    if (typeof head.playbooks !== "object" || !Array.isArray(head.problems) || typeof head.templateTitles !== "object")
      return undefined;
    const playbooks: Record<string, Playbook> = {};
    for (const [id, place] of Object.entries(head.playbooks)) {
      if (!Array.isArray(place) || !place.every(Number.isSafeInteger)) return undefined;
      const [start, length] = place as [number, number];
      if (start < 0 || length <= 0) return undefined;
      lazyPlaybook(
        playbooks,
        id,
        () => {
          // A file cut short reads as damaged: the playbook then comes from the files.
          const bytes = readBytes(file, kept.body + start, length);
          if (bytes.length !== length) throw new Error("cut short");
          return bytes.toString("utf8");
        },
        () => damaged(file, ws, id),
      );
    }
    return {
      problems: head.problems as Problem[],
      templateTitles: head.templateTitles as Record<string, string>,
      playbooks,
    };
  } catch {
    return undefined;
  }
}

/**
 * A cached entry that is not JSON: the file is written whole and renamed into place under a key of
 * its content, so only damage from outside gets here. The cache never stops a command: the file is
 * removed (built again next time) and the playbook comes from the files, as without a cache.
 */
function damaged(file: string, ws: Workspace, id: string): Playbook | undefined {
  removeTreeQuietly(file);
  return ws.catalog.playbooks.get(id);
}

/** A playbook of a cached snapshot, parsed when first read (and then kept). */
function lazyPlaybook(
  playbooks: Record<string, Playbook>,
  id: string,
  text: () => string,
  fallback: () => Playbook | undefined,
): void {
  const keep = (value: Playbook) =>
    Object.defineProperty(playbooks, id, { value, enumerable: true, writable: true, configurable: true });
  Object.defineProperty(playbooks, id, {
    enumerable: true,
    configurable: true,
    get() {
      let value: Playbook | undefined;
      try {
        value = JSON.parse(text()) as Playbook;
      } catch {
        value = fallback();
      }
      if (value === undefined) {
        delete playbooks[id];
        return undefined;
      }
      keep(value);
      return value;
    },
    set(value: Playbook) {
      keep(value);
    },
  });
}

const snapshotFile = (dir: string, ws: Pick<Workspace, "config">) =>
  path.join(dir, "workspace", `${snapshotKey(ws, dir)}.json`);

/**
 * The snapshot from the cache, when it holds one for the files as they are (remembered for the
 * workspace, so workspaceSnapshot() then parses nothing); undefined when it does not.
 */
export function cachedSnapshot(
  ws: Workspace,
  env: Readonly<Record<string, string | undefined>>,
): WorkspaceSnapshot | undefined {
  const dir = cacheDir(env);
  const cached = dir === undefined ? undefined : readCached(snapshotFile(dir, ws), ws);
  if (cached) memo.set(ws, cached);
  return cached;
}

/**
 * The workspace's snapshot: from the cache when its key matches the files, else built from the
 * parsed catalog and templates (and cached for the next command).
 */
export function workspaceSnapshot(ws: Workspace, env: Readonly<Record<string, string | undefined>>): WorkspaceSnapshot {
  const known = memo.get(ws) ?? cachedSnapshot(ws, env);
  if (known) return known;
  const dir = cacheDir(env);
  const snapshot = build(ws);
  if (dir !== undefined) {
    const file = snapshotFile(dir, ws);
    try {
      createDirs(path.dirname(file));
      writeFileAtomic(file, serialize(snapshot));
    } catch {
      // A cache is an optimisation: a read-only or full disk only means parsing next time too.
    }
  }
  memo.set(ws, snapshot);
  return snapshot;
}

/** The playbook an incident names, from the snapshot: the catalog is not parsed when the cache holds it. */
export function snapshotPlaybook(
  ws: Workspace,
  env: Readonly<Record<string, string | undefined>>,
  id: string,
): Playbook | undefined {
  const playbooks = workspaceSnapshot(ws, env).playbooks;
  return Object.hasOwn(playbooks, id) ? playbooks[id] : undefined;
}
