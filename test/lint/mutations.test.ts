import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, test } from "vitest";
import type { Finding } from "../../src/core/lint/types.js";
import { MUTATIONS, type Mutation } from "./mutations.js";
import { lintTeam, teamFiles } from "./team.js";

/**
 * The mutation corpus (test/lint/mutations.ts) run as CI would run crisis lint on a team
 * repository with that one mistake: every mistake detected, by the expected rule, at the line and
 * column of the mistake, with a suggested fix in its message, and nothing else reported anywhere.
 */

const BASE = teamFiles();

/**
 * Each mistake's expected rule, file, line and column, pinned in a table beside the corpus
 * (regenerate with UPDATE_MUTATIONS=1 npx vitest run test/lint/mutations.test.ts after changing
 * the fixture team repository; the anchors in mutations.ts say which text each place is).
 */
const EXPECTED_FILE = "test/lint/mutations.expected.json";
type Expected = Record<string, { rule: string; file: string; line: number; column: number }>;
const EXPECTED = JSON.parse(readFileSync(EXPECTED_FILE, "utf8")) as Expected;
const UPDATE = process.env.UPDATE_MUTATIONS === "1";
const computed: Expected = {};
afterAll(() => {
  if (UPDATE) writeFileSync(EXPECTED_FILE, `${JSON.stringify(computed, null, 2)}\n`);
});

/** Line and column (1-based, UTF-16 units) of an offset. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split("\n").length, column: offset - (before.lastIndexOf("\n") + 1) + 1 };
}

function apply(mu: Mutation): { files: Map<string, string>; text: string; from: number } {
  const files = new Map(BASE);
  const source = mu.copyOf !== undefined ? BASE.get(mu.copyOf) : files.get(mu.file);
  if (source === undefined) throw new Error(`${mu.name}: no file ${mu.copyOf ?? mu.file}`);
  const from = source.indexOf(mu.find);
  if (from === -1 || source.indexOf(mu.find, from + 1) !== -1)
    throw new Error(`${mu.name}: "${mu.find}" must occur exactly once in ${mu.copyOf ?? mu.file}`);
  const text = source.slice(0, from) + mu.replace + source.slice(from + mu.find.length);
  files.set(mu.file, text);
  return { files, text, from };
}

/** Where `at` is in a file: from the edit on, or else from the start. */
function locate(text: string, at: string, from: number): { line: number; column: number } {
  let i = text.indexOf(at, from);
  if (i === -1) i = text.indexOf(at);
  if (i === -1) throw new Error(`"${at}" is not in the file`);
  return position(text, i);
}

const FIX = /expected|did you mean|write |use |add |remove|rename|replace|move|quote|instead|nothing, if/i;

describe("the mutation corpus: one realistic mistake at a time in a team repository", () => {
  test("the team repository itself lints clean", () => {
    expect(lintTeam(BASE).findings).toEqual([]);
  });

  test("every mistake has a unique name and a pinned rule, file, line and column", () => {
    expect(new Set(MUTATIONS.map((mu) => mu.name)).size).toBe(MUTATIONS.length);
    expect(Object.keys(EXPECTED).sort()).toEqual(MUTATIONS.map((mu) => mu.name).sort());
  });

  test("it has at least 150 mistakes, across playbooks, the spine, templates and the config", () => {
    expect(MUTATIONS.length).toBeGreaterThanOrEqual(150);
    const kinds = new Set(
      MUTATIONS.map((mu) =>
        mu.file.endsWith(".txt")
          ? "template"
          : mu.file.includes("spine")
            ? "spine"
            : mu.file.endsWith("config.yaml")
              ? "config"
              : "playbook",
      ),
    );
    expect([...kinds].sort()).toEqual(["config", "playbook", "spine", "template"]);
  });

  test.each(MUTATIONS.map((mu) => [mu.name, mu] as const))("%s", (_name, mu) => {
    const { files, text, from } = apply(mu);
    const result = lintTeam(files);
    const file = mu.in ?? mu.file;
    const fileText = mu.in !== undefined ? (files.get(mu.in) ?? "") : text;
    const where =
      mu.line !== undefined
        ? { line: mu.line, column: mu.column ?? 1 }
        : locate(fileText, mu.at, mu.in !== undefined ? 0 : from);
    computed[mu.name] = { rule: mu.rule, file, line: where.line, column: where.column };
    if (!UPDATE)
      expect(EXPECTED[mu.name], "the pinned place (UPDATE_MUTATIONS=1 regenerates it)").toEqual(computed[mu.name]);
    const shown = result.findings
      .map((f: Finding) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.message}`)
      .join("\n");
    const found = result.findings.find((f) => f.rule === mu.rule && f.file === file && f.line === where.line);
    expect(found, `expected ${mu.rule} at ${file}:${where.line}:${where.column}; got:\n${shown}`).toBeDefined();
    expect(found?.column, `column of ${mu.rule}; got:\n${shown}`).toBe(where.column);
    expect(found?.message, "the message suggests the fix").toMatch(FIX);
    if (mu.fix !== undefined) expect(found?.message).toContain(mu.fix);
    // No follow-on findings: everything reported is the expected finding or one the entry lists.
    const allowed = [{ file, line: where.line }];
    for (const a of mu.also ?? []) {
      const inFile = a.in ?? file;
      allowed.push({ file: inFile, line: locate(files.get(inFile) ?? "", a.at, 0).line });
    }
    const stray = result.findings.filter((f) => !allowed.some((a) => a.file === f.file && a.line === f.line));
    expect(
      stray.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.message}`),
      "no other findings",
    ).toEqual([]);
  });
});
