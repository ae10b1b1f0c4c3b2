import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

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
export function listPlaybookIds(dirs: readonly string[]): string[] {
  const ids = new Set<string>();
  for (const dir of dirs) {
    for (const file of yamlFiles(dir)) {
      let text;
      try {
        text = readFileSync(file, "utf8");
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
export function listIncidentIds(incidentsDir: string, journalFile: string): string[] {
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
