import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { createDirs, writeFileAtomic } from "../../adapters/fs/durable-write.js";
import { fileError } from "../../adapters/fs/errors.js";
import type { Io } from "../../adapters/terminal/io.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import { isCacheData, usesOf, type CacheData, type CacheEntry, type Uses } from "../../core/lint/cache.js";
import { definedKey, templateIdFromPath } from "../../core/lint/definitions.js";
import { VERSION } from "../../version.js";

/**
 * `crisis lint --cache`: the findings of every file kept in one JSON file (eslint's .eslintcache),
 * reused while nothing they depend on has changed. A file whose size and modification time are
 * what the cache recorded is taken to have the recorded content hash (git's index does the same);
 * otherwise its bytes are hashed. What a result depends on is in core/lint/cache.ts.
 */

const DEFAULT_CACHE = ".crisis-lint-cache";

const sha256 = (data: string | Uint8Array): string => createHash("sha256").update(data).digest("hex");

/** A workspace or linted file as the cache sees it: where, what it is, its bytes once read. */
export interface CacheFile {
  abs: string;
  shown: string;
  /** What the engine calls it (kindFromPath), or undefined for a YAML file (playbook or spine). */
  kind: "yaml" | "template" | "config" | "report";
  /** Reads its bytes (size limit and errors as every lint read); called at most once. */
  read: () => Uint8Array;
  bytes?: Uint8Array;
}

/** Reads the cache; a missing file is an empty cache, a broken one is ignored with a warning. */
export function readCache(io: Io, file: string): CacheData | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    io.stderr.write(
      `crisis lint: cannot read the cache ${oneLine(file)} (${(error as Error).message}); linting every file\n`,
    );
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  if (isCacheData(data)) return data;
  io.stderr.write(
    `crisis lint: ignoring the cache ${oneLine(file)}: it is not a crisis lint cache of this version (corrupt or written by another version); linting every file and writing a new one\n`,
  );
  return undefined;
}

export function writeCache(file: string, data: CacheData): void {
  try {
    createDirs(path.dirname(file));
    writeFileAtomic(file, `${JSON.stringify(data)}\n`);
  } catch (error) {
    throw fileError(error, file, "write");
  }
}

/** The bytes of a file, read once. */
export function bytesOf(f: CacheFile): Uint8Array {
  f.bytes ??= f.read();
  return f.bytes;
}

const textOf = (f: CacheFile): string => Buffer.from(bytesOf(f)).toString("utf8");

/** What a linted file is now: its stat, hash, what it uses and defines (from the cache while its stat is unchanged). */
interface Now {
  file: CacheFile;
  stat?: { size: number; mtimeMs: number } | undefined;
  hash: string;
  uses: Uses;
  defines?: string | undefined;
}

function describe(f: CacheFile, entry: CacheEntry | undefined): Now {
  let stat: Now["stat"];
  try {
    const s = statSync(f.abs);
    stat = { size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    stat = undefined; // reading it reports the problem
  }
  if (entry !== undefined && stat?.size === entry.size && stat.mtimeMs === entry.mtimeMs)
    return { file: f, stat, hash: entry.hash, uses: entry.uses, defines: entry.defines };
  const text = textOf(f);
  return { file: f, stat, hash: sha256(bytesOf(f)), uses: usesOf(text), defines: definedKey(f.shown, f.kind, text) };
}

export interface CachePlan {
  context: string;
  /** Kept results that still hold, by shown path. */
  hits: Map<string, CacheEntry>;
  /** Files to lint, each with what its new entry records. */
  misses: { file: CacheFile; keep?: Omit<CacheEntry, "kind" | "findings" | "suppressed" | "source"> }[];
}

/**
 * Which linted files have a kept result that still holds. Never reused: templates and report
 * templates (their findings gather every playbook that uses them), a playbook that uses a template
 * linted in this run, and files whose id another file also defines.
 */
export function planCache(args: {
  cache: CacheData | undefined;
  configText: string | undefined;
  now: Date;
  linted: readonly CacheFile[];
  /** Every spine and template the run can see, in precedence order. */
  workspace: readonly CacheFile[];
}): CachePlan {
  const before = args.cache?.files ?? {};
  const current = args.linted.map((f) => describe(f, before[f.shown]));
  const spines = new Map<string, CacheFile>();
  const templates = new Map<string, CacheFile>();
  const defs: { shown: string; defines?: string | undefined }[] = current.map((c) => ({
    shown: c.file.shown,
    defines: c.defines,
  }));
  for (const f of args.workspace) {
    if (f.kind === "template") templates.set(templateIdFromPath(f.shown), f);
    if (f.kind !== "yaml" && f.kind !== "template") continue;
    const defines = definedKey(f.shown, f.kind, f.kind === "yaml" ? textOf(f) : "");
    defs.push({ shown: f.shown, defines });
    const spine = defines?.startsWith("spine\0") ? defines.slice(6) : undefined;
    if (spine !== undefined) spines.set(spine, f);
  }
  const duplicates = duplicateIds(defs);
  const context = sha256(
    JSON.stringify([VERSION, args.configText ?? null, args.now.toISOString().slice(0, 10), duplicates]),
  );
  const old = args.cache?.context === context ? args.cache.files : {};

  const lintedTemplates = new Set(
    args.linted.filter((f) => f.kind === "template").map((f) => templateIdFromPath(f.shown)),
  );
  const hashes = new Map<string, string>();
  const hashOf = (f: CacheFile) => {
    let h = hashes.get(f.abs);
    if (h === undefined) hashes.set(f.abs, (h = sha256(bytesOf(f))));
    return h;
  };
  const spineUses = new Map<string, Uses>();
  const depsMemo = new Map<string, { deps: string; templates: Set<string> }>();
  const depsOf = (uses: Uses) => {
    // Playbooks made from one another use the same spine and templates: each set is hashed once.
    const key = `${uses.spine ?? ""}\0${uses.templates.join("\0")}`;
    let d = depsMemo.get(key);
    if (!d) depsMemo.set(key, (d = depsFor(uses)));
    return d;
  };
  const depsFor = (uses: Uses): { deps: string; templates: Set<string> } => {
    const parts: string[] = [];
    const ids = new Set(uses.templates);
    if (uses.spine !== undefined) {
      const spine = spines.get(uses.spine);
      parts.push(`spine ${uses.spine} ${spine ? `${spine.shown} ${hashOf(spine)}` : "-"}`);
      if (spine) {
        let su = spineUses.get(spine.abs);
        if (!su) spineUses.set(spine.abs, (su = usesOf(textOf(spine))));
        for (const t of su.templates) ids.add(t);
      }
    }
    for (const id of [...ids].sort()) {
      const t = templates.get(id);
      parts.push(`template ${id} ${t ? `${t.shown} ${hashOf(t)}` : "-"}`);
    }
    return { deps: sha256(parts.join("\n")), templates: ids };
  };
  const dup = new Set(duplicates);

  const hits = new Map<string, CacheEntry>();
  const misses: CachePlan["misses"] = [];
  for (const c of current) {
    const f = c.file;
    if (f.kind === "template" || f.kind === "report" || !c.stat) {
      misses.push({ file: f });
      continue;
    }
    const { deps, templates: used } = f.kind === "yaml" ? depsOf(c.uses) : { deps: "", templates: new Set<string>() };
    const keep = { ...c.stat, hash: c.hash, deps, uses: c.uses, defines: c.defines };
    const entry = old[f.shown];
    const shared = (c.defines !== undefined && dup.has(c.defines)) || [...used].some((t) => lintedTemplates.has(t));
    if (!shared && entry !== undefined && entry.hash === c.hash && entry.deps === deps)
      hits.set(f.shown, { ...entry, ...keep });
    else misses.push({ file: f, keep });
  }
  return { context, hits, misses };
}

/** Ids defined by more than one file of the run: their findings depend on each other, never kept alone. */
function duplicateIds(files: readonly { shown: string; defines?: string | undefined }[]): string[] {
  const by = new Map<string, Set<string>>();
  for (const f of files) {
    if (f.defines === undefined) continue;
    const set = by.get(f.defines) ?? new Set<string>();
    set.add(f.shown);
    by.set(f.defines, set);
  }
  return [...by]
    .filter(([, set]) => set.size > 1)
    .map(([key]) => key)
    .sort();
}

export const resolveCacheLocation = (cwd: string, location: string | undefined): string =>
  path.resolve(cwd, location ?? DEFAULT_CACHE);
