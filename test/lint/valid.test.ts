import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { filesUnder } from "./helpers.js";
import { lintTeam, teamFiles } from "./team.js";

/**
 * Valid but unusual files (test/fixtures/lint-valid): flow style, anchors and aliases, every
 * operator of the condition language, every prompt type with defaults and bounds, several scripts
 * and emoji, Windows line ends with a byte-order mark, and real-world acceptable wording. Linted
 * in the fixture team repository beside its own files, they must give no finding at all.
 */
const VALID = "test/fixtures/lint-valid";

describe("valid unusual playbooks and acceptable wording", () => {
  const files = teamFiles();
  const added = filesUnder(VALID).map((full) => path.relative(VALID, full).split(path.sep).join("/"));
  for (const rel of added) files.set(rel, readFileSync(path.join(VALID, rel), "utf8"));

  test("the corpus has playbooks and templates", () => {
    expect(added.filter((f) => f.endsWith(".yaml")).length).toBeGreaterThanOrEqual(6);
    expect(added.filter((f) => f.endsWith(".txt")).length).toBeGreaterThanOrEqual(3);
  });

  test.each(added)("%s gives no finding", (file) => {
    const result = lintTeam(files);
    expect(result.files.map((f) => f.file)).toContain(file);
    const shown = result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.message}`);
    expect(shown.filter((f) => f.startsWith(`${file}:`))).toEqual([]);
  });

  test("and none anywhere else in the repository", () => {
    expect(lintTeam(files).findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.message}`)).toEqual([]);
  });
});
