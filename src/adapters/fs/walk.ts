import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { stampOf } from "./read.js";

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

/**
 * filesIn (every file) with each file's stamp (read.ts, stampOf), from the one stat the walk
 * makes of each entry: a cache key over a folder of files costs one stat per file, not two.
 */
export function stampedFilesIn(dir: string): { file: string; stamp: string }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.sort().flatMap((name) => {
    if (name === "node_modules" || name === ".git") return [];
    const full = path.join(dir, name);
    let stat;
    try {
      stat = statSync(full);
    } catch {
      return [];
    }
    return stat.isDirectory() ? stampedFilesIn(full) : [{ file: full, stamp: stampOf(stat) }];
  });
}
