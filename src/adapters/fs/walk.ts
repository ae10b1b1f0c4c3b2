import { readdirSync, statSync, type Stats } from "node:fs";
import path from "node:path";
import { stampOf } from "./read.js";

/**
 * Every file below a folder, sorted so results are the same on every machine, as `take` maps it
 * from its path and stat (undefined leaves it out). A missing folder gives no files; node_modules
 * and .git are never entered. Each entry is stat'd once.
 */
function walk<T>(dir: string, take: (file: string, stat: Stats) => T | undefined): T[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.sort().flatMap((name) => {
    if (name === "node_modules" || name === ".git") return [];
    const full = path.join(dir, name);
    let stat: Stats;
    try {
      stat = statSync(full);
    } catch {
      return [];
    }
    if (stat.isDirectory()) return walk(full, take);
    const taken = take(full, stat);
    return taken === undefined ? [] : [taken];
  });
}

/** Every file below a folder that `keep` accepts (see walk). */
export function filesIn(dir: string, keep: (file: string) => boolean): string[] {
  return walk(dir, (file) => (keep(file) ? file : undefined));
}

/**
 * Every file below a folder with its stamp (read.ts, stampOf) from the stat the walk already made:
 * a cache key over a folder of files costs one stat per file, not two.
 */
export function stampedFilesIn(dir: string): { file: string; stamp: string }[] {
  return walk(dir, (file, stat) => ({ file, stamp: stampOf(stat) }));
}
