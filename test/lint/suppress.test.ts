import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { CASES, lintFixture, lintText } from "./helpers.js";

const clean = readFileSync(`${CASES}/clean.yaml`, "utf8");
const step = (lines: string) => `${clean}  - id: extra\n    phase: fix\n    title: An extra step\n${lines}`;
const rules = (text: string, options: Parameters<typeof lintText>[2] = {}) =>
  lintText("s.yaml", text, options).findings.map((f) => `${f.rule}@${f.line}`);

describe("inline suppressions", () => {
  test("disable-next-line with a reason suppresses the finding and keeps it as suppressed", () => {
    const result = lintFixture("suppress/missing-reason.good.yaml");
    expect(result.findings).toEqual([]);
    expect(result.suppressed).toEqual([
      expect.objectContaining({ rule: "hygiene/todo", line: 19, justification: "the agency sends it on Monday" }),
    ]);
  });

  test("the next line skips blank and comment lines, so directives can be stacked", () => {
    const text = step(
      "    # crisis-lint-disable-next-line hygiene/todo -- agency number comes Monday\n    # another comment\n\n    guidance: TODO call them.\n",
    );
    expect(rules(text)).toEqual([]);
  });

  test("disable-line applies to its own line only", () => {
    const text = step(
      "    guidance: TODO call them.  # crisis-lint-disable-line hygiene/todo -- number comes Monday\n    checklist: [TODO second]\n",
    );
    expect(rules(text)).toEqual(["hygiene/todo@19"]);
  });

  test("disable … enable covers a range, per rule", () => {
    const text = step(
      "    # crisis-lint-disable hygiene/todo -- draft section\n    guidance: TODO one.\n    checklist: [TODO two]\n    # crisis-lint-enable hygiene/todo\n    role: lead # TODO three\n",
    );
    expect(rules(text)).toEqual(["hygiene/todo@22"]);
  });

  test("disable-file covers the whole file; category/* matches every rule of the category", () => {
    const text =
      `# crisis-lint-disable-file hygiene/* -- imported draft, reviewed next week\n${step("    guidance: TODO call them.\n")}`.replace(
        "last_reviewed: 2026-11-01",
        "last_reviewed: 2024-01-01",
      );
    const result = lintText("s.yaml", text);
    expect(result.findings).toEqual([]);
    expect(result.suppressed.map((f) => f.rule).sort()).toEqual(["hygiene/review-age", "hygiene/todo"]);
  });

  test("a '#' inside a quoted string is not a directive", () => {
    const text = step('    guidance: "TODO # crisis-lint-disable-line hygiene/todo -- not a comment"\n');
    expect(rules(text)).toEqual(["hygiene/todo@18"]);
  });

  test("a suppression without a reason is reported and not applied", () => {
    expect(lintFixture("suppress/missing-reason.bad.yaml").findings.map((f) => f.rule)).toEqual([
      "suppress/missing-reason",
      "hygiene/todo",
    ]);
  });

  test("a suppression that suppresses nothing is reported at the comment", () => {
    const [f] = lintFixture("suppress/unused.bad.yaml").findings;
    expect(f).toMatchObject({ rule: "suppress/unused", line: 18, column: 5 });
    expect(f?.message).toMatch(/hygiene\/todo suppressed nothing/);
  });

  test("unknown directives, unknown rules and rules that cannot be suppressed are reported", () => {
    const text = step(
      "    # crisis-lint-disabel hygiene/todo -- typo\n    # crisis-lint-disable-next-line yaml/syntax -- cannot\n    # crisis-lint-disable-next-line -- names nothing\n    guidance: fine\n",
    );
    const found = lintText("s.yaml", text).findings;
    expect(found.map((f) => `${f.rule}@${f.line}`)).toEqual([
      "suppress/invalid@18",
      "suppress/invalid@19",
      "suppress/invalid@20",
    ]);
    expect(found.map((f) => f.message)).toEqual([
      expect.stringMatching(/^unknown directive "crisis-lint-disabel"/),
      expect.stringMatching(/^rule "yaml\/syntax" cannot be suppressed/),
      expect.stringMatching(/names no rule/),
    ]);
  });

  test("templates take suppressions as Mustache comments, which render as nothing", () => {
    const result = lintFixture("suppress/template.txt");
    expect(result.findings).toEqual([]);
    expect(result.suppressed).toEqual([
      expect.objectContaining({
        rule: "hygiene/eta-promise",
        line: 7,
        justification: "the regulator requires the restore date",
      }),
    ]);
  });

  test("templates also take them as YAML comments in the front matter", () => {
    const text =
      "---\n# crisis-lint-disable-file hygiene/no-comment -- quoting the journalist's question\ntitle: Reply\nkind: reply\naudience: public\n---\nYou asked whether we had no comment: we do, and here it is.\n";
    const result = lintText("templates/messages/x/reply.txt", text);
    expect(result.findings).toEqual([]);
    expect(result.suppressed.map((f) => f.rule)).toEqual(["hygiene/no-comment"]);
  });
});

describe("rule settings from crisis.config.yaml", () => {
  const todo = step("    guidance: TODO call them.\n");

  test("a rule can be turned off or given another severity", () => {
    expect(lintText("s.yaml", todo, { config: { lint: { rules: { "hygiene/todo": "off" } } } }).findings).toEqual([]);
    expect(lintText("s.yaml", todo, { config: { lint: { rules: { "hygiene/todo": "error" } } } }).findings).toEqual([
      expect.objectContaining({ rule: "hygiene/todo", severity: "error" }),
    ]);
  });

  test("category/* sets a whole category; an exact id wins over it", () => {
    const config = { lint: { rules: { "hygiene/*": "info" as const, "hygiene/review-age": "error" as const } } };
    const text = todo.replace("last_reviewed: 2026-11-01", "last_reviewed: 2024-01-01");
    const found = lintText("s.yaml", text, { config }).findings.map((f) => `${f.rule}:${f.severity}`);
    expect(found.sort()).toEqual(["hygiene/review-age:error", "hygiene/todo:info"]);
  });

  test("yaml and schema rules cannot be turned off, and the config says so", () => {
    const config = { lint: { rules: { "schema/unknown-key": "off" as const } } };
    expect(lintFixture("schema/unknown-key.bad.yaml", { config }).findings.map((f) => f.rule)).toEqual([
      "schema/unknown-key",
    ]);
    const configFinding = lintText("crisis.config.yaml", "lint:\n  rules:\n    schema/unknown-key: off\n").findings;
    expect(configFinding).toEqual([
      expect.objectContaining({
        rule: "ref/unknown-rule",
        line: 3,
        message: expect.stringMatching(/cannot be set to off/) as unknown,
      }),
    ]);
  });

  test("a suppression of a rule that is off is not reported as unused", () => {
    const text = step(
      "    # crisis-lint-disable-next-line hygiene/todo -- kept for when the rule is back on\n    guidance: fine\n",
    );
    expect(lintText("s.yaml", text, { config: { lint: { rules: { "hygiene/todo": "off" } } } }).findings).toEqual([]);
  });
});
