import { createHash } from "node:crypto";
import path from "node:path";
import { createDirs, writeFileAtomic } from "../../adapters/fs/durable-write.js";
import { fileStamp, readIfRegularFile } from "../../adapters/fs/read.js";
import { filesIn } from "../../adapters/fs/walk.js";
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

/** Bumped when the snapshot's shape changes. */
const FORMAT = 1;

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
  const dirs = [...playbookDirs(ws.config), ...templateDirs(ws.config)].map(({ dir, source }) => ({
    dir,
    source,
    files: filesIn(dir, () => true),
  }));
  const stamp = createHash("sha256").update(header);
  for (const { dir, source, files } of dirs) {
    stamp.update(`dir ${source} ${dir}\n`);
    for (const file of files) stamp.update(`file ${file} ${fileStamp(file) ?? "none"}\n`);
  }
  const stampFile = path.join(cache, "workspace-stamps", stamp.digest("hex"));
  const known = readIfRegularFile(stampFile);
  if (known !== undefined && /^[0-9a-f]{64}$/.test(known)) return known;
  const key = contentKey(header, dirs);
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

function readCached(file: string): WorkspaceSnapshot | undefined {
  try {
    const text = readIfRegularFile(file);
    if (!text) return undefined;
    const data = JSON.parse(text) as Partial<WorkspaceSnapshot>;
    if (typeof data.playbooks !== "object" || !Array.isArray(data.problems) || typeof data.templateTitles !== "object")
      return undefined;
    return data as WorkspaceSnapshot;
  } catch {
    return undefined;
  }
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
  const cached = dir === undefined ? undefined : readCached(snapshotFile(dir, ws));
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
      writeFileAtomic(file, JSON.stringify(snapshot));
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
