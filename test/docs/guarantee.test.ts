import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * docs/journal.md states the journal's guarantee sentence by sentence, each followed by the tests
 * that check it. This keeps the two together: every test named there exists, in the file named.
 */
describe("the journal's guarantee names real tests", () => {
  const doc = readFileSync(path.join(ROOT, "docs/journal.md"), "utf8");
  const section = doc.slice(doc.indexOf("### The guarantee"), doc.indexOf("## Reading"));
  const items = section.split(/\n\d+\. /).slice(1);

  it("has its sentences, each with tests", () => {
    expect(items.length).toBeGreaterThanOrEqual(8);
    for (const item of items) expect(item, item.slice(0, 80)).toMatch(/\*Tests?: /);
  });

  it.each(items.map((item, i) => [i + 1, item] as const))("sentence %i: every named test is in its file", (_, item) => {
    const tests = item.slice(item.indexOf("*Test")).replace(/\s+/g, " ");
    // Each group: one or more "names" followed by (a file), which may be given once for several groups.
    let lastFile: string | undefined;
    const groups = [...tests.matchAll(/((?:"[^"]+",? ?)+)(?:\(([^)]*?\.test\.ts)[^)]*\))?/g)];
    expect(groups.length).toBeGreaterThan(0);
    for (const [, names, file] of groups.reverse()) {
      const named = file ?? lastFile;
      lastFile = named;
      expect(named, names).toBeDefined();
      const full = [
        named!,
        `test/faults/${named!}`,
        `test/journal/${named!}`,
        `test/e2e/${named!}`,
        `test/hostile/${named!}`,
      ]
        .map((f) => path.join(ROOT, f))
        .find((f) => {
          try {
            readFileSync(f);
            return true;
          } catch {
            return false;
          }
        });
      expect(full, named).toBeDefined();
      const source = readFileSync(full!, "utf8").replace(/\s+/g, " ");
      for (const [, name] of names!.matchAll(/"([^"]+)"/g)) {
        const stem = name!.replace(/ …$/, "");
        expect(source, `${stem} in ${named}`).toContain(stem);
      }
    }
  });
});
