import { readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Every file below a folder that `keep` accepts, sorted so results are the same on every machine.
 * A missing folder gives no files; node_modules and .git are never entered.
 */
export function filesIn(dir: string, keep: (file: string) => boolean): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.sort().flatMap((name) => {
    if (name === "node_modules" || name === ".git") return [];
    const full = path.join(dir, name);
    let isDir: boolean;
    try {
      isDir = statSync(full).isDirectory();
    } catch {
      return [];
    }
    if (isDir) return filesIn(full, keep);
    return keep(full) ? [full] : [];
  });
}
