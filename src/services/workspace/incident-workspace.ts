import { createHash } from "node:crypto";
import path from "node:path";
import { createDirs, writeFileAtomic } from "../../adapters/fs/durable-write.js";
import { readIfRegularFile } from "../../adapters/fs/read.js";
import type { Io } from "../../adapters/terminal/io.js";
import type { Config } from "../../core/config/schema.js";
import { CrisisError, EXIT } from "../../errors.js";
import { VERSION } from "../../version.js";
import { readTextFile } from "../files.js";
import { cacheDir } from "./cache-dir.js";
import type { LoadedConfig } from "./config.js";
import { findConfig } from "./find-config.js";
import { cachedSnapshot } from "./snapshot.js";
import type { Workspace, WorkspaceOptions } from "./workspace.js";

/**
 * The workspace as the incident commands (status, list, note, checkin, decision, severity,
 * playbooks) need it: the config and the snapshot of the playbooks and templates. When the config
 * (none, or one validated before and cached under the hash of its text) is cached and the snapshot
 * cache holds the files as they are, nothing is parsed and neither yaml nor zod is loaded, with a
 * sync remote or notify routes configured too (every journal read on their paths goes through
 * withJournalSchema, core/journal/lines.ts): every such command's start-up after the first.
 * Otherwise it is the workspace every other command loads (workspace.ts), imported only then.
 */
export async function loadIncidentWorkspace(io: Io, options: WorkspaceOptions): Promise<Workspace> {
  const file = findConfig(io.cwd, io.env, options.config);
  const cache = cacheDir(io.env);
  const text = file === undefined ? undefined : configText(file);
  const known = file === undefined ? { config: {}, file: undefined, root: io.cwd } : cachedConfig(file, text, cache);
  if (known) {
    const ws = snapshotOnly(known);
    if (cachedSnapshot(ws, io.env)) return ws;
  }
  const [{ loadWorkspace }, { loadJournalSchema }] = await Promise.all([
    import("./workspace.js"),
    import("../../core/journal/lines.js"),
  ]);
  await loadJournalSchema();
  const ws = loadWorkspace(io, options);
  // Kept only when the text parsed is the text read before (the file did not change in between).
  if (file !== undefined && text !== undefined && known === undefined && configText(file) === text)
    cacheConfig(text, cache, ws.config.config);
  return ws;
}

/** Where a config file's validated content is kept: under the hash of its text, crisis's version and this code. */
function configCacheFile(text: string, cache: string): string {
  const key = createHash("sha256")
    .update(`crisis-config ${VERSION} ${import.meta.url}\n`)
    .update(text)
    .digest("hex");
  return path.join(cache, "config", `${key}.json`);
}

/** The config file's text; undefined when it cannot be read (loading it then says why, as always). */
function configText(file: string): string | undefined {
  try {
    return readTextFile(file, { what: "the config file" });
  } catch {
    return undefined;
  }
}

/** The config as validated when its text was last seen; undefined when it was not (or there is no cache). */
function cachedConfig(
  file: string,
  configText: string | undefined,
  cache: string | undefined,
): LoadedConfig | undefined {
  if (cache === undefined || configText === undefined) return undefined;
  try {
    const text = readIfRegularFile(configCacheFile(configText, cache));
    const config = text ? (JSON.parse(text) as unknown) : undefined;
    if (typeof config !== "object" || config === null || Array.isArray(config)) return undefined;
    return { config: config, file, root: path.dirname(file) };
  } catch {
    // Unreadable here means parsed as always, where its problems are reported as always.
    return undefined;
  }
}

function cacheConfig(text: string, cache: string | undefined, config: Config): void {
  if (cache === undefined) return;
  try {
    const target = configCacheFile(text, cache);
    createDirs(path.dirname(target));
    writeFileAtomic(target, JSON.stringify(config));
  } catch {
    // A cache is an optimisation: the config is parsed again next time.
  }
}

/** A workspace whose playbooks and templates come from its snapshot only (already remembered for it). */
function snapshotOnly(config: LoadedConfig): Workspace {
  const unparsed = (): never => {
    throw new CrisisError("the workspace's files were not parsed (a snapshot-only workspace)", EXIT.internal);
  };
  return {
    config,
    get catalog() {
      return unparsed();
    },
    get templates() {
      return unparsed();
    },
  };
}
