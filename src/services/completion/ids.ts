import { existsSync, readdirSync } from "node:fs";
import { readRegularFile } from "../../adapters/fs/read.js";
import path from "node:path";
import { bundledPlaybooksDir } from "../../adapters/fs/package-root.js";
import type { Io } from "../../adapters/terminal/io.js";
import { JOURNAL_FILE } from "../../core/incident/folder.js";
import { loadConfig } from "../workspace/config.js";

/** Top-level `id:` of a playbook; a spine (top-level `spine:`) has no id to complete. */
const ID_LINE = /^id:[ \t]*["']?([a-z][a-z0-9]*(?:[-_][a-z0-9]+)*)["']?[ \t]*(?:#.*)?$/m;
const SPINE_LINE = /^spine:/m;

function yamlFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(e.name) ? [full] : [];
  });
}

/**
 * Playbook ids in these folders, found by reading each file's top-level `id:` line rather than
 * parsing and validating it: completion runs on every Tab and must answer at once, and a playbook
 * with a mistake elsewhere should still complete.
 */
function listPlaybookIds(dirs: readonly string[]): string[] {
  const ids = new Set<string>();
  for (const dir of dirs) {
    for (const file of yamlFiles(dir)) {
      let text;
      try {
        text = readRegularFile(file, 1024 * 1024).toString("utf8"); // never a FIFO: Tab must not hang
      } catch {
        continue;
      }
      if (SPINE_LINE.test(text)) continue;
      const id = ID_LINE.exec(text)?.[1];
      if (id) ids.add(id);
    }
  }
  return [...ids].sort();
}

/** Incident ids: the folders under the incidents folder that hold a journal. */
function listIncidentIds(incidentsDir: string, journalFile: string): string[] {
  let entries;
  try {
    entries = readdirSync(incidentsDir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isDirectory() && existsSync(path.join(incidentsDir, e.name, journalFile)))
    .map((e) => e.name)
    .sort();
}

/**
 * What the hidden `crisis __complete` prints on Tab: playbook or incident ids, one per line. It
 * never fails loudly: a broken config or a missing folder just means fewer suggestions, and
 * nothing goes to stderr.
 */
export function completeIds(io: Io, global: { config?: string | undefined }, kind: "playbooks" | "incidents"): void {
  let loaded;
  try {
    loaded = loadConfig(io.cwd, io.env, global.config);
  } catch {
    loaded = { config: {}, root: io.cwd };
  }
  const ids =
    kind === "playbooks"
      ? listPlaybookIds([
          bundledPlaybooksDir(),
          ...(loaded.config.playbook_dirs ?? []).map((d) => path.resolve(loaded.root, d)),
        ])
      : listIncidentIds(path.resolve(loaded.root, loaded.config.incidents_dir ?? "incidents"), JOURNAL_FILE);
  if (ids.length > 0) io.stdout.write(`${ids.join("\n")}\n`);
}
