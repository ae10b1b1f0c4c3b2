import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/pty.js";

/**
 * scripts/build.js merges esbuild's chunks with a second pass (rolldown). A module in two files of
 * dist/ would be two modules at run time: two copies of an error class (instanceof fails across
 * them), two memo caches, two locks' bookkeeping. Every file the entries can load, statically or
 * lazily, is listed from its imports, and each source module must lie in one of them only.
 */

const ENTRIES = ["dist/cli.js", "dist/lint-worker.js"];

/** Every file of dist/ the entries reach (the build keeps older chunks for a minute: those are not reached). */
function reachable(): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, "utf8");
    for (const [, spec] of code.matchAll(/["'](\.{1,2}\/[^"'\s]+\.js)["']/g))
      visit(path.resolve(path.dirname(file), spec!));
  };
  for (const entry of ENTRIES) visit(path.join(ROOT, entry));
  return [...seen];
}

describe("dist/ as the build merges it", () => {
  it("holds each of crisis's source modules in one file only", () => {
    expect(existsSync(path.join(ROOT, "dist/cli.js")), "build first: npm run build").toBe(true);
    const owner = new Map<string, string>();
    const twice: string[] = [];
    for (const file of reachable()) {
      const map = `${file}.map`;
      if (!existsSync(map)) continue;
      const { sources } = JSON.parse(readFileSync(map, "utf8")) as { sources: string[] };
      for (const source of new Set(sources.map((s) => path.resolve(path.dirname(file), s)))) {
        if (!source.startsWith(path.join(ROOT, "src"))) continue;
        const first = owner.get(source);
        if (first !== undefined) twice.push(`${path.relative(ROOT, source)}: ${first} and ${path.basename(file)}`);
        else owner.set(source, path.basename(file));
      }
    }
    expect(twice).toEqual([]);
    // The maps name the sources (a --debug stack names src/ files): the check above saw them.
    expect(owner.get(path.join(ROOT, "src/errors.ts"))).toBeDefined();
    expect(owner.get(path.join(ROOT, "src/services/incident/record.ts"))).toBeDefined();
  });
});
