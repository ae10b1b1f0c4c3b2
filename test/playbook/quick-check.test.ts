// @module-tag slow (property runs over thousands of generated playbooks)
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { quickPlaybook, quickSpine, quickTemplateMeta } from "../../src/core/playbook/quick-check.js";
import { playbookSchema, spineSchema, templateMetaSchema } from "../../src/core/playbook/schema.js";
import { fastParseYaml } from "../../src/core/yaml/fast-parse.js";
import { parseYaml } from "../../src/core/yaml/parse.js";
import { editedSeed, filesUnder } from "../lint/helpers.js";

/**
 * The quick check (core/playbook/quick-check.ts) may only say "valid" where zod says so, and must
 * then give zod's value: equal, with the same key order (JSON text compared too). Where it is not
 * sure it says nothing and zod decides, so it is also asked to accept every bundled file (that is
 * what makes `crisis lint <one playbook>` run without zod).
 */

type Quick = (value: unknown) => unknown;
type Schema = { safeParse: (value: unknown) => { success: boolean; data?: unknown } };

function agrees(quick: Quick, schema: Schema, value: unknown): boolean {
  const mine = quick(value);
  if (mine === undefined) return false;
  const theirs = schema.safeParse(value);
  expect(theirs.success).toBe(true);
  expect(mine).toStrictEqual(theirs.data);
  expect(JSON.stringify(mine)).toBe(JSON.stringify(theirs.data));
  return true;
}

const valueOf = (text: string): unknown => (fastParseYaml(text, "f.yaml") ?? parseYaml(text, "f.yaml")).value;
const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---/;

const yamlFiles = filesUnder("playbooks").filter((f) => f.endsWith(".yaml"));
const spineFiles = yamlFiles.filter((f) => f.includes("/spine/"));
const playbookFiles = yamlFiles.filter((f) => !f.includes("/spine/"));
const templateFiles = filesUnder("templates").filter((f) => f.endsWith(".txt"));
const frontMatter = (f: string) => FRONT_MATTER.exec(readFileSync(f, "utf8"))?.[1] ?? "";

describe("the playbook quick check", () => {
  test("accepts every bundled playbook, spine and template's front matter, with zod's value", () => {
    expect(spineFiles.length).toBeGreaterThan(0);
    for (const f of playbookFiles)
      expect(agrees(quickPlaybook, playbookSchema, valueOf(readFileSync(f, "utf8"))), f).toBe(true);
    for (const f of spineFiles) expect(agrees(quickSpine, spineSchema, valueOf(readFileSync(f, "utf8"))), f).toBe(true);
    for (const f of templateFiles)
      expect(agrees(quickTemplateMeta, templateMetaSchema, valueOf(frontMatter(f))), f).toBe(true);
  });

  test("agrees with zod on bundled files with random text edits", () => {
    const alphabet = /^[a-zA-Z0-9_{}[\]:,\-#'" \n.]{0,30}$/;
    const cases: [Quick, Schema, string[]][] = [
      [quickPlaybook, playbookSchema, playbookFiles.map((f) => readFileSync(f, "utf8"))],
      [quickSpine, spineSchema, spineFiles.map((f) => readFileSync(f, "utf8"))],
      [quickTemplateMeta, templateMetaSchema, templateFiles.slice(0, 40).map(frontMatter)],
    ];
    for (const [quick, schema, seeds] of cases) {
      let accepted = 0;
      fc.assert(
        fc.property(editedSeed(seeds, alphabet, 3), (text) => {
          if (agrees(quick, schema, valueOf(text))) accepted++;
        }),
        { numRuns: 300 },
      );
      expect(accepted).toBeGreaterThan(0);
    }
  });

  test("agrees with zod on bundled values with a value replaced, a key dropped or a key added", () => {
    // Values a schema may or may not accept at any place: the edges of each check the schemas make.
    const odd = fc.constantFrom<unknown>(
      "",
      "x",
      "a-b",
      "a_b",
      "A",
      "SEV1",
      "SEV5",
      "30m",
      "0m",
      "3651d",
      "first-response",
      "2026-02-29",
      "2024-02-29",
      "1.2.0",
      "1.2",
      "da",
      "da-DK",
      "x/y",
      "public",
      "choice",
      "ratio",
      "points",
      "identify",
      "text",
      "holding",
      "mentions_per_hour",
      "negative_share",
      "crisis_channels",
      "evidence",
      "impact_started",
      "deny",
      "victim",
      "a".repeat(65),
      "0".repeat(64),
      0,
      1,
      2,
      3,
      4,
      -1,
      0.5,
      Number.NaN,
      Infinity,
      2 ** 60,
      true,
      false,
      null,
      [],
      ["x"],
      ["SEV1"],
      [1, 2, 3],
      [1, 2, 3, 4],
      [-1, 0, 1],
      {},
      { value: "v" },
      { text: "t" },
      { label: "l", score: 1 },
      { first_response: "30m", update_interval: "2h" },
    );
    const seeds = [
      ...playbookFiles.map((f) => [quickPlaybook, playbookSchema, valueOf(readFileSync(f, "utf8"))] as const),
      ...spineFiles.map((f) => [quickSpine, spineSchema, valueOf(readFileSync(f, "utf8"))] as const),
      ...templateFiles
        .slice(0, 20)
        .map((f) => [quickTemplateMeta, templateMetaSchema, valueOf(frontMatter(f))] as const),
    ];
    const edit = fc.record({
      seed: fc.nat(),
      path: fc.array(fc.nat(), { maxLength: 8 }),
      how: fc.nat({ max: 3 }),
      value: odd,
      key: fc.constantFrom("x", "id", "title", "kind", "__proto__", "constructor", "help", "label"),
    });
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        const [quick, schema, seed] = seeds[edits[0]!.seed % seeds.length]!;
        const value = structuredClone(seed) as Record<string, unknown>;
        for (const e of edits) mutate(value, e.path, e.how, e.value, e.key);
        if (agrees(quick, schema, value)) accepted++;
      }),
      { numRuns: 2000 },
    );
    expect(accepted).toBeGreaterThan(0);
  });
});

/** Walks down `path` (indices into each level's keys) and there replaces a value, drops a key or adds one. */
function mutate(root: unknown, path: number[], how: number, value: unknown, key: string): void {
  let node = root;
  for (const step of path) {
    if (typeof node !== "object" || node === null) return;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const k = keys[step % keys.length]!;
    const next = (node as Record<string, unknown>)[k];
    if (typeof next !== "object" || next === null || step % 3 === 0) {
      const holder = node as Record<string, unknown>;
      if (how === 0) holder[k] = structuredClone(value);
      else if (how === 1 && !Array.isArray(holder)) delete holder[k];
      else if (how === 2 && !Array.isArray(holder))
        Object.defineProperty(holder, key, {
          value: structuredClone(value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else holder[k] = structuredClone(value);
      return;
    }
    node = next;
  }
}
