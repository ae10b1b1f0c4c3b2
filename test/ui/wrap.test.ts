import { stripVTControlCharacters } from "node:util";
import { Chalk } from "chalk";
import { expect, test } from "vitest";
import { wrapForTerminal } from "../../src/adapters/terminal/wrap.js";

test("long lines wrap at words and keep their indent, even behind a colour", () => {
  const c = new Chalk({ level: 1 });
  const text = c.dim(`  ${"word ".repeat(30).trim()}`);
  const lines = stripVTControlCharacters(wrapForTerminal(text, 40)).split("\n");
  expect(lines.length).toBeGreaterThan(3);
  for (const line of lines) {
    expect(line.length).toBeLessThanOrEqual(40);
    expect(line).toMatch(/^ {2}word/);
  }
});

test("lines that fit are left exactly as they are", () => {
  expect(wrapForTerminal("short\n  indented", 40)).toBe("short\n  indented");
});

test("a checklist item's continuation hangs under its text, not under the box", () => {
  const lines = wrapForTerminal(`    [ ] ${"step ".repeat(20).trim()}`, 40).split("\n");
  expect(lines[0]).toMatch(/^ {4}\[ \] step/);
  for (const line of lines.slice(1)) expect(line).toMatch(/^ {8}step/);
});
