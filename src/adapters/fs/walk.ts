import { readdirSync, statSync, type Dirent, type Stats } from "node:fs";
import path from "node:path";
import { stampOf } from "./read.js";

/**
 * Every file below a folder, sorted so results are the same on every machine, as `take` maps it
 * from its path and stat (undefined leaves it out). A missing folder gives no files; node_modules
 * and .git are never entered. Each file is stat'd once; a folder readdir says is one is not.
 */
function walk<T>(dir: string, take: (file: string, stat: Stats) => T | undefined): T[] {
  const out: T[] = [];
  // path.join(dir, name) for each entry, without normalising every path: a name from readdir holds
  // no separator and is never "." or "..", so only `dir` needs it, once. path.join costs a command
  // start-up a few ms on the 191 bundled files (its character loop runs before V8 has compiled it).
  // path.join's own reading of `dir` ("./" and "sub/../" are "."; "" is no folder, as readdir("") fails).
  if (dir === "") return out;
  const top = path.join(dir, ".");
  const prefix = top === "." ? "" : top.endsWith(path.sep) ? top : top + path.sep;
  walkInto(prefix, take, out);
  return out;
}

function walkInto<T>(prefix: string, take: (file: string, stat: Stats) => T | undefined, out: T[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(prefix === "" ? "." : prefix, { withFileTypes: true });
  } catch {
    return;
  }
  // The order of names sorted by sort() (UTF-16 code units), as before.
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name === "node_modules" || entry.name === ".git") continue;
    const full = prefix + entry.name;
    if (entry.isDirectory()) {
      walkInto(full + path.sep, take, out);
      continue;
    }
    let stat: Stats;
    try {
      stat = statSync(full);
    } catch {
      continue;
    }
    if (stat.isDirectory()) {
      walkInto(full + path.sep, take, out); // a link to a folder
      continue;
    }
    const taken = take(full, stat);
    if (taken !== undefined) out.push(taken);
  }
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
