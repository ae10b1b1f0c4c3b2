// @module-tag slow (every path of every bundled playbook and fixture, placed twice)
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { fastParseYaml } from "../../src/core/yaml/fast-parse.js";
import { quickRange } from "../../src/core/yaml/fast-locate.js";
import { locateRange, parseYaml, positionOf, type SourceRange } from "../../src/core/yaml/parse.js";
import { CASES, editedSeed, filesUnder } from "./helpers.js";

/**
 * A file with a finding is placed without its Document where the text's indentation is enough
 * (fast-locate.ts). Every place it gives must be the Document's, for every key and value of a file,
 * for paths that are not there, and for the line and column of any offset.
 */

function pathsOf(value: unknown, prefix: PropertyKey[] = [], out: PropertyKey[][] = []): PropertyKey[][] {
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((item, i) => pathsOf(item, [...prefix, i], out));
    out.push([...prefix, value.length]);
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
    out.push([...prefix, "missing_key"], [...prefix, 0]);
  } else out.push([...prefix, "below_a_scalar"]);
  return out;
}

/**
 * What callers use of a range: its start, and its end when on the same line (a map or list over
 * several lines is placed by its start alone without the Document).
 */
function placed(r: SourceRange): SourceRange {
  const { line, column, offset } = r;
  return r.endLine === undefined || r.endLine === line ? r : { line, column, offset };
}

/** How many places the quick locator answered, and how many it left to the Document. */
function samePlaces(text: string): { quick: number; all: number } {
  const fast = fastParseYaml(text, "f.yaml");
  if (!fast) return { quick: 0, all: 0 };
  const slow = parseYaml(text, "f.yaml");
  let quick = 0;
  let all = 0;
  for (const path of pathsOf(fast.value)) {
    for (const at of ["key", "value"] as const) {
      all++;
      if (quickRange(text, path, at)) quick++;
      expect({ path, at, range: placed(locateRange(fast, path, at)) }).toEqual({
        path,
        at,
        range: placed(locateRange(slow, path, at)),
      });
    }
  }
  for (let offset = 0; offset <= text.length; offset += 7)
    expect(positionOf(fast.lines, offset)).toEqual(positionOf(slow.lines, offset));
  return { quick, all };
}

const bundled = filesUnder("playbooks").filter((f) => f.endsWith(".yaml"));
const seeds = bundled.map((f) => readFileSync(f, "utf8"));

describe("placing a finding without the Document", () => {
  test("every key and value of the bundled playbooks and the lint fixtures", () => {
    const files = [...bundled, ...filesUnder(CASES).filter((f) => /\.ya?ml$/.test(f))];
    let quick = 0;
    let all = 0;
    for (const file of files) {
      const n = samePlaces(readFileSync(file, "utf8"));
      quick += n.quick;
      all += n.all;
    }
    // Most places that are there are keys and one-line values (half the paths asked are not there).
    expect(quick).toBeGreaterThan(all * 0.25);
  });

  test("hand-written corners", () => {
    const corners = [
      "a: b   # note\nc:\n- x\n-   y\n- 'q''s'\nd: \"e\\\"f\"  \n",
      "a:\n  b: plain text\n    continued\n  c: 1\n",
      "a:\n  - id: x\n    text: |\n      k: v\n      - z\n    more: y\n  -\n    id: z\n",
      "# head\n\nk: v\r\nl:\r\n  - 1\r\n  - [a, b]\r\nm: {x: 1}\r\n",
      "a: b\n  # a comment\nc: d\n",
      "a: true\nTrue: 1\nb: x\n",
      "list:\n-\n- x\nnext: 1\n",
      "a: b:c\nd: e #f\ng: 'h' # i\n",
    ];
    for (const text of corners) samePlaces(text);
  });

  test("the bundled playbooks with random text edits", () => {
    const alphabet = /^[a-z_{}[\]:,\-#'"|> \n0-9.]{0,40}$/;
    fc.assert(
      fc.property(editedSeed(seeds, alphabet, 3), (text) => {
        samePlaces(text);
      }),
      { numRuns: 150 },
    );
  });
});
