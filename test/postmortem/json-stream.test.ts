import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { writeJson } from "../../src/core/postmortem/json-stream.js";

/**
 * The post-mortem's JSON form is written in pieces (core/postmortem/json-stream.ts) instead of as
 * one JSON.stringify string: the pieces joined must be JSON.stringify(value, null, 2) exactly, for
 * any value and any number of walked levels. (The whole command's JSON is compared with
 * JSON.stringify of the report in stream.test.ts.)
 */

const pieces = (value: unknown, depth?: number): { text: string | undefined; count: number } => {
  const out: string[] = [];
  writeJson(value, (p) => out.push(p), depth);
  return { text: out.length === 0 ? undefined : out.join(""), count: out.length };
};

describe("writeJson", () => {
  it("writes JSON.stringify(value, null, 2) for any JSON value and depth", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 5 }), (value, depth) => {
        expect(pieces(value, depth).text).toBe(JSON.stringify(value, null, 2));
      }),
      { numRuns: 500 },
    );
  });

  it("follows JSON.stringify's rules for what is not JSON: undefined, functions, boxed values, dates, holes", () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBoxedValues: true,
          withDate: true,
          withSparseArray: true,
          withNullPrototype: true,
          withMap: true,
          withSet: true,
          withTypedArray: true,
          withObjectString: true,
        }),
        fc.integer({ min: 0, max: 4 }),
        (value, depth) => {
          expect(pieces(value, depth).text).toBe(JSON.stringify(value, null, 2));
        },
      ),
      { numRuns: 500 },
    );
    const odd = {
      a: undefined,
      f: () => 1,
      s: Symbol("x"),
      list: [undefined, () => 1, Symbol("y"), new Date(0), Object(1), Object("t"), Object(false)],
      at: new Date(86_400_000),
      custom: { toJSON: (key: string) => ({ key, deep: [1, { two: 2 }] }) },
      empty: { list: [], object: {} },
    };
    for (const depth of [0, 1, 2, 3, 4]) expect(pieces(odd, depth).text).toBe(JSON.stringify(odd, null, 2));
    expect(pieces(undefined).text).toBeUndefined();
    expect(pieces(() => 1).text).toBeUndefined();
  });

  it("writes a long list item by item, not as one string", () => {
    const report = { kind: "crisis-postmortem", timeline: Array.from({ length: 1000 }, (_, n) => ({ n, at: "x" })) };
    const { text, count } = pieces(report);
    expect(text).toBe(JSON.stringify(report, null, 2));
    expect(count).toBeGreaterThan(1000);
  });
});
