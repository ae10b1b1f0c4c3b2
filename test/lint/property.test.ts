// @module-tag slow (thousands of generated inputs through the linter)
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parse, stringify } from "yaml";
import { RULE_BY_ID } from "../../src/core/lint/rules/index.js";
import type { LintResult } from "../../src/core/lint/types.js";
import { CASES, lintText, WORKSPACE } from "./helpers.js";

/**
 * The linter's promise: whatever the input, it ends and reports findings; it never throws and no
 * check crashes (a crash would surface as internal/crash). Inputs are random text, random bytes,
 * text-level mutations of real playbooks, and value-level mutations that keep the YAML valid but
 * break the playbook in random places.
 */

const seeds = [
  readFileSync(`${CASES}/clean.yaml`, "utf8"),
  readFileSync("playbooks/data-breach.yaml", "utf8"),
  ...WORKSPACE.map((f) => String(f.text)),
];

function wellFormed(result: LintResult): void {
  for (const f of result.findings) {
    expect(RULE_BY_ID.has(f.rule), f.rule).toBe(true);
    expect(f.rule).not.toBe("internal/crash");
    expect(f.line).toBeGreaterThanOrEqual(1);
    expect(f.column).toBeGreaterThanOrEqual(1);
    expect(typeof f.message).toBe("string");
  }
}

const yamlish = fc.stringMatching(/^[a-z_{}[\]:,\-#&*!'"|> \n\t0-9.]{0,200}$/);

const textEdit = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: yamlish }),
  fc.record({ kind: fc.constant("duplicate-line" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("indent" as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
);
type Edit = typeof textEdit extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(text: string, edit: Edit): string {
  const at = text.length === 0 ? 0 : edit.at % text.length;
  if (edit.kind === "delete") return text.slice(0, at) + text.slice(at + edit.length);
  if (edit.kind === "insert") return text.slice(0, at) + edit.text + text.slice(at);
  const lines = text.split("\n");
  const i = lines.length === 0 ? 0 : edit.at % lines.length;
  if (edit.kind === "duplicate-line") lines.splice(i, 0, lines[i] ?? "");
  else
    lines[i] =
      edit.by >= 0
        ? " ".repeat(edit.by) + (lines[i] ?? "")
        : (lines[i] ?? "").replace(new RegExp(`^ {0,${-edit.by}}`), "");
  return lines.join("\n");
}

/** Replaces one value somewhere in the parsed playbook with an arbitrary one. */
function replaceAt(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || value === null || typeof value !== "object") return replacement;
  const [head = 0, ...rest] = path;
  if (Array.isArray(value)) {
    const list: unknown[] = value;
    if (list.length === 0) return [replacement];
    const i = head % list.length;
    return list.map((v, j) => (j === i ? replaceAt(v, rest, replacement) : v));
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return { x: replacement };
  const key = keys[head % keys.length] ?? "x";
  const record = value as Record<string, unknown>;
  const replaced: unknown = replaceAt(record[key], rest, replacement);
  return { ...record, [key]: replaced };
}

describe("the linter never throws, whatever it is given", () => {
  test("random text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), yamlish, (a, b) => {
        wellFormed(lintText("random.yaml", a + b));
        wellFormed(lintText("messages/x/random.txt", `---\n${b}\n---\n${a}`));
      }),
      { numRuns: 150 },
    );
  });

  test("random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        wellFormed(lintText("bytes.yaml", bytes));
      }),
      { numRuns: 100 },
    );
  });

  test("real playbooks, spines and templates with random text edits", () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(textEdit, { minLength: 1, maxLength: 6 }), (seed, edits) => {
        const text = edits.reduce(applyEdit, seed);
        wellFormed(lintText("mutated.yaml", text));
        wellFormed(lintText("messages/x/mutated.txt", text));
      }),
      { numRuns: 200 },
    );
  });

  test("real playbooks with random values in random places (valid YAML, broken playbooks)", () => {
    const base = parse(seeds[1] ?? "") as unknown;
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        fc.jsonValue({ maxDepth: 3 }),
        (path, replacement) => {
          const text = stringify(replaceAt(base, path, replacement));
          wellFormed(lintText("data-breach-mutated.yaml", text));
        },
      ),
      { numRuns: 150 },
    );
  });

  test("conditions built from random tokens", () => {
    const token = fc.constantFrom(
      "claim_true",
      "we_caused_it",
      "affected",
      "channels_hit",
      "severity",
      "drill",
      "reach",
      "personal_data",
      "==",
      "!=",
      ">=",
      "<",
      "in",
      "contains",
      "and",
      "or",
      "not",
      "(",
      ")",
      "[",
      "]",
      ",",
      '"yes"',
      '"x"',
      "SEV1",
      "SEV4",
      "true",
      "3",
      "'a'",
    );
    const clean = readFileSync(`${CASES}/clean.yaml`, "utf8");
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 9 }), (tokens) => {
        const when = JSON.stringify(tokens.join(" "));
        wellFormed(lintText("when.yaml", `${clean}  - id: extra\n    phase: fix\n    title: T\n    when: ${when}\n`));
      }),
      { numRuns: 200 },
    );
  });
});

describe("hostile files end quickly with one clear finding", () => {
  test("an alias bomb", () => {
    const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i <= 9; i++)
      lines.push(
        `l${i}: &l${i} [${Array(9)
          .fill(i === 1 ? "*a" : `*l${i - 1}`)
          .join(", ")}]`,
      );
    const { findings } = lintText("bomb.yaml", lines.join("\n"));
    expect(findings).toEqual([
      expect.objectContaining({ rule: "yaml/alias-limit", message: expect.stringMatching(/alias bomb/) as unknown }),
    ]);
  });

  test("a 10 MB file", () => {
    const { findings } = lintText("huge.yaml", Buffer.alloc(10 * 1024 * 1024, "a: b\n"));
    expect(findings).toEqual([
      expect.objectContaining({
        rule: "yaml/file-too-large",
        line: 1,
        column: 1,
        message: expect.stringMatching(/10\.0 MiB, larger than the 1 MiB limit/) as unknown,
      }),
    ]);
  });

  test("a binary file", () => {
    const png = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    const { findings } = lintText("logo.yaml", png);
    expect(findings).toEqual([
      expect.objectContaining({ rule: "yaml/binary", message: expect.stringMatching(/binary file/) as unknown }),
    ]);
  });

  test("20,000 levels of nesting, in flow and block style", () => {
    const flow = lintText("flow.yaml", `steps: ${"[".repeat(20_000)}${"]".repeat(20_000)}\n`).findings;
    expect(flow).toEqual([expect.objectContaining({ rule: "yaml/too-deep", line: 1, column: 72 })]);
    const block = lintText("block.yaml", `${"- ".repeat(20_000)}x\n`).findings;
    expect(block).toEqual([
      expect.objectContaining({
        rule: "yaml/too-deep",
        message: expect.stringMatching(/more than 64 levels/) as unknown,
      }),
    ]);
    const maps = lintText("maps.yaml", `${"{a: ".repeat(20_000)}1${"}".repeat(20_000)}\n`).findings;
    expect(maps).toEqual([expect.objectContaining({ rule: "yaml/too-deep" })]);
  });

  test("50,000 keys in one map are checked for duplicates in linear time", () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `k${i}: ${i}`).join("\n") + "\nk7: again\n";
    const { findings } = lintText("keys.yaml", text);
    expect(findings).toEqual([
      expect.objectContaining({
        rule: "yaml/duplicate-key",
        line: 50_001,
        message: expect.stringMatching(/first defined at line 8/) as unknown,
      }),
    ]);
  });
});
