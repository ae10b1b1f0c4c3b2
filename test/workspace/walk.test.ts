import { mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync, type Stats } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { filesIn, stampedFilesIn } from "../../src/adapters/fs/walk.js";
import { stampOf } from "../../src/adapters/fs/read.js";
import { tempDir } from "../helpers/tmp.js";

/**
 * The walk under the workspace snapshot's key and lint's discovery joins each entry's name to its
 * folder's path itself instead of calling path.join for every file (issue 15). It must list what
 * the walk with path.join listed: the same files, paths and order, links followed, node_modules and
 * .git left out, whatever form the folder is given in.
 */

/** The walk as it was: readdir, sort, path.join and stat for every entry. */
function reference(dir: string): { file: string; stamp: string }[] {
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
    if (stat.isDirectory()) return reference(full);
    return [{ file: full, stamp: stampOf(stat) }];
  });
}

const NAMES = ["a", "B", "b.yaml", "z.md", "Ä.yaml", "_x", "node_modules", ".git", "10", "9", "a b"];

/** A random tree of folders, files, links to folders and broken links. */
const trees = fc.array(
  fc.record({
    at: fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 3 }),
    kind: fc.constantFrom("file", "dir", "link-up", "broken"),
  }),
  { maxLength: 12 },
);

function build(root: string, entries: { at: string[]; kind: string }[]): void {
  // The links' folder first: a file written through a link made before it would take its name.
  mkdirSync(path.join(root, "linked"), { recursive: true });
  writeFileSync(path.join(root, "linked", "in-link.yaml"), "x");
  for (const { at, kind } of entries) {
    const full = path.join(root, ...at);
    try {
      mkdirSync(path.dirname(full), { recursive: true });
      if (kind === "file") writeFileSync(full, at.join("/"));
      else if (kind === "dir") mkdirSync(full, { recursive: true });
      // A link to a folder beside it (followed, as stat follows it) and one to nothing (left out).
      else if (kind === "link-up") symlinkSync(path.join(root, "linked"), full);
      else symlinkSync(path.join(root, "nothing-here"), full);
    } catch {
      // a name already taken by another kind of entry: the tree is what it is
    }
  }
}

describe("the walk over a folder of files", () => {
  test("lists what the walk with path.join listed, in the same order", () => {
    fc.assert(
      fc.property(trees, (entries) => {
        const root = tempDir();
        build(path.join(root, "t"), entries);
        const cwd = process.cwd();
        try {
          process.chdir(root);
          for (const dir of [
            path.join(root, "t"),
            `${path.join(root, "t")}${path.sep}`,
            "t",
            "./t/",
            "t/../t",
            ".",
            "./",
            "t/../",
            "",
            `${root}${path.sep}`,
          ])
            expect(stampedFilesIn(dir), dir).toEqual(reference(dir));
        } finally {
          process.chdir(cwd);
        }
      }),
      { numRuns: 40 },
    );
  });

  test("filesIn keeps the files its test accepts; a missing folder or a file gives none", () => {
    const root = tempDir({ "p/a.yaml": "x", "p/sub/b.yml": "y", "p/c.md": "z", "p/node_modules/d.yaml": "w" });
    expect(filesIn(path.join(root, "p"), (f) => /\.ya?ml$/.test(f))).toEqual([
      path.join(root, "p", "a.yaml"),
      path.join(root, "p", "sub", "b.yml"),
    ]);
    expect(filesIn(path.join(root, "missing"), () => true)).toEqual([]);
    expect(filesIn(path.join(root, "p", "a.yaml"), () => true)).toEqual([]);
  });
});
