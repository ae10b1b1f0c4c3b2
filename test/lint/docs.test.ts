import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { rulesReference } from "../../src/core/lint/docs.js";

const DOC = "docs/lint.md";
const START =
  "<!-- rules:start (generated from src/core/lint/rules; UPDATE_LINT_DOCS=1 npx vitest run test/lint/docs.test.ts) -->";
const END = "<!-- rules:end -->";

describe("docs/lint.md", () => {
  test("documents every rule exactly as the catalog defines it", () => {
    const doc = readFileSync(DOC, "utf8");
    const start = doc.indexOf(START);
    const end = doc.indexOf(END);
    expect(start, "the generated section's markers").toBeGreaterThan(0);
    const section = doc.slice(start + START.length, end).trim();
    const expected = rulesReference().trim();
    if (process.env.UPDATE_LINT_DOCS === "1" && section !== expected) {
      writeFileSync(DOC, `${doc.slice(0, start + START.length)}\n\n${expected}\n\n${doc.slice(end)}`);
      return;
    }
    expect(section).toBe(expected);
  });

  test("lists the exit codes the command uses and shows the GitHub Actions set-up", () => {
    const doc = readFileSync(DOC, "utf8");
    for (const code of ["| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 4 |"]) expect(doc).toContain(code);
    expect(doc).toContain("--format github");
    expect(doc).toContain("github/codeql-action/upload-sarif");
  });
});
