import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { leaveToYaml } from "../../src/core/yaml/fast-parse.js";

/**
 * leaveToYaml (the texts the lint fast path leaves to yaml) was one pattern; it is now three, which
 * must pick exactly the texts the one pattern picked, whatever the line ends and characters around.
 */
const ONE_PATTERN =
  /\t|^%|^(?:---|\.\.\.)(?:[ \r\n]|$)|^[ -]*\?(?:[ \r\n]|$)|[\]}][ ]*:(?:[ \r\n]|$)|[\]}]#|(?<=[^\s:[{,])["']#/m;

// Every character the patterns look at, the line ends JavaScript knows, and a few they ignore.
const piece = fc.oneof(
  fc.constantFrom("\t", "%", "-", "---", ".", "...", "?", " ", "\n", "\r", "\r\n", "\u2028", "\u2029"),
  fc.constantFrom("]", "}", "[", "{", ":", ",", "#", "'", '"', "a", "\u00a0", "\uFEFF", "é"),
  fc.string({ maxLength: 3 }),
);
const text = fc.array(piece, { maxLength: 14 }).map((parts) => parts.join(""));

describe("leaveToYaml", () => {
  test("picks the texts the single pattern picked", () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(leaveToYaml(t)).toBe(ONE_PATTERN.test(t));
      }),
      { numRuns: 20000 },
    );
  });

  test("each case on its own, and the bundled playbooks (none is left to yaml)", () => {
    for (const t of [
      "a:\tb",
      "%YAML 1.2",
      "---\na: 1",
      "a: 1\n...",
      "? a\n: b",
      "- ? a",
      "[a]: b",
      "{a: b}# c",
      "'q'# c",
    ])
      expect([t, leaveToYaml(t)]).toEqual([t, true]);
    for (const t of ['a: "#tag"', "a: [b] # c", "a: b # c", "a: '#x'", "a: x?"])
      expect([t, leaveToYaml(t)]).toEqual([t, false]);
    const dir = path.resolve("playbooks");
    for (const f of ["account-hijack.yaml", "spine/common.yaml"]) {
      const t = readFileSync(path.join(dir, f), "utf8");
      expect(leaveToYaml(t)).toBe(ONE_PATTERN.test(t));
    }
  });
});
