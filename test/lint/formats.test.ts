import { readFileSync } from "node:fs";
import { Chalk } from "chalk";
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import { describe, expect, test } from "vitest";
import { escapeData, escapeProperty, formatGithub } from "../../src/core/lint/format/github.js";
import { formatJson } from "../../src/core/lint/format/json.js";
import { formatSarif } from "../../src/core/lint/format/sarif.js";
import { formatStylish, formatSummary } from "../../src/core/lint/format/stylish.js";
import type { Finding, LintResult } from "../../src/core/lint/types.js";
import { CASES, lintFixture, lintText } from "./helpers.js";

const plain = new Chalk({ level: 0 });
const clean = readFileSync(`${CASES}/clean.yaml`, "utf8");
const tool = { version: "9.9.9", cwd: process.cwd() };

describe("stylish", () => {
  test("file:line:column: severity: message [rule], then the source line with a caret under the range", () => {
    const out = formatStylish(lintFixture("schema/unknown-key.bad.yaml"), plain);
    expect(out).toBe(
      [
        `${CASES}/schema/unknown-key.bad.yaml:18:5: error: unknown key "titel" (did you mean "title"?); expected one of: id, phase, title, guidance, checklist, prompts, messages, records, role, target, when, repeat, after, before [schema/unknown-key]`,
        "  18 |     titel: Typo",
        "     |     ^~~~~",
        "",
      ].join("\n"),
    );
  });

  test("the caret stays under the problem after tabs and wide characters", () => {
    const result: LintResult = {
      findings: [
        {
          rule: "hygiene/todo",
          severity: "warning",
          message: "m",
          file: "f.txt",
          line: 1,
          column: 5,
          endLine: 1,
          endColumn: 9,
        },
      ],
      suppressed: [],
      files: [],
      sources: new Map([["f.txt", "\t中文 TODO"]]),
    };
    const [, line, caret] = formatStylish(result, plain).split("\n");
    expect(line).toBe("  1 |  中文 TODO");
    expect(caret).toBe("    |       ^~~~");
  });

  test("control characters from the file are shown, never sent to the terminal", () => {
    const text = step("    guidance: TODO \u001b[31mred\n");
    const out = formatStylish(lintText("esc.yaml", text), plain);
    expect(out).not.toContain("\u001b");
    expect(out).toContain("␛[31mred");
  });

  test("colour only when asked for", () => {
    const result = lintFixture("hygiene/todo.bad.yaml");
    expect(formatStylish(result, plain)).not.toContain("\u001b[");
    expect(formatStylish(result, new Chalk({ level: 1 }))).toContain("\u001b[33mwarning");
  });

  test("the summary counts findings and files", () => {
    expect(formatSummary(lintFixture("hygiene/todo.bad.yaml"), plain)).toBe(
      "! 0 errors, 1 warning, 0 info in 1 file (1 file checked)\n",
    );
    expect(formatSummary(lintFixture("clean.yaml"), plain)).toBe("✔ 1 file checked, no problems\n");
  });
});

function step(lines: string): string {
  return `${clean}  - id: extra\n    phase: fix\n    title: An extra step\n${lines}`;
}

describe("json", () => {
  test("a versioned document with 1-based positions and a summary", () => {
    const doc = JSON.parse(formatJson(lintFixture("suppress/missing-reason.good.yaml"), tool)) as Record<
      string,
      unknown
    >;
    expect(doc).toMatchObject({
      version: 2,
      tool: { name: "crisis lint", version: "9.9.9" },
      summary: { files: 1, errors: 0, warnings: 0, infos: 0, suppressed: 1 },
      files: [{ path: "test/fixtures/lint/cases/suppress/missing-reason.good.yaml", kind: "playbook" }],
      findings: [],
      suppressed: [{ rule: "hygiene/todo", line: 19, column: 15, justification: "the agency sends it on Monday" }],
    });
  });

  test("keys in snake_case, like every --json output: a range ends at end_line and end_column", () => {
    const doc = JSON.parse(formatJson(lintFixture("hygiene/todo.bad.yaml"), tool)) as {
      findings: Record<string, unknown>[];
    };
    const [first] = doc.findings;
    expect(Object.keys(first ?? {})).toEqual([
      "rule",
      "severity",
      "message",
      "file",
      "line",
      "column",
      "end_line",
      "end_column",
    ]);
    expect(first).toMatchObject({ rule: "hygiene/todo", file: "test/fixtures/lint/cases/hygiene/todo.bad.yaml" });
    const keys = JSON.stringify(doc).match(/"[A-Za-z_]+":/g) ?? [];
    expect(keys.filter((k) => /[A-Z]/.test(k))).toEqual([]);
  });
});

describe("github", () => {
  test("escapes %, CR and LF in messages, and also : and , in properties, as @actions/core does", () => {
    expect(escapeData("50% done\r\nnext: a, b")).toBe("50%25 done%0D%0Anext: a, b");
    expect(escapeProperty("dir,with:odd%name\n")).toBe("dir%2Cwith%3Aodd%25name%0A");
  });

  test("one annotation per finding, most severe first, with columns only on one-line ranges", () => {
    const findings: Finding[] = [
      { rule: "hygiene/todo", severity: "info", message: "a note", file: "a.yaml", line: 3, column: 2 },
      {
        rule: "yaml/multi-document",
        severity: "error",
        message: "line one\nline two: 100%",
        file: "dir,x:y.yaml",
        line: 5,
        column: 1,
        endLine: 7,
        endColumn: 1,
      },
      {
        rule: "hygiene/todo",
        severity: "warning",
        message: "w",
        file: "a.yaml",
        line: 1,
        column: 4,
        endLine: 1,
        endColumn: 8,
      },
    ];
    expect(formatGithub({ findings }).split("\n")).toEqual([
      "::error file=dir%2Cx%3Ay.yaml,line=5,endLine=7,title=crisis lint yaml/multi-document::line one%0Aline two: 100%25",
      "::warning file=a.yaml,line=1,endLine=1,col=4,endColumn=8,title=crisis lint hygiene/todo::w",
      "::notice file=a.yaml,line=3,col=2,title=crisis lint hygiene/todo::a note",
      "",
    ]);
  });
});

describe("sarif", () => {
  const schema = JSON.parse(readFileSync("test/fixtures/sarif/sarif-schema-2.1.0.json", "utf8")) as Record<
    string,
    unknown
  >;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  formats.default(ajv);
  const validate = ajv.compile(schema);

  test("is valid SARIF 2.1.0 (checked against the official JSON schema), with findings, suppressions and rule metadata", () => {
    const result = lintFixture("suppress/missing-reason.bad.yaml");
    const merged: LintResult = { ...result, suppressed: lintFixture("suppress/missing-reason.good.yaml").suppressed };
    const doc = JSON.parse(formatSarif(merged, tool)) as {
      runs: { tool: { driver: { rules: { id: string }[] } }; results: Record<string, unknown>[] }[];
    };
    const ok = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const run = doc.runs[0];
    expect(run?.tool.driver.rules.map((r) => r.id)).toContain("hygiene/todo");
    expect(run?.results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ruleId: "suppress/missing-reason", level: "error" }),
        expect.objectContaining({
          ruleId: "hygiene/todo",
          level: "warning",
          suppressions: [{ kind: "inSource", justification: "the agency sends it on Monday" }],
        }),
      ]),
    );
  });

  test("the schema really rejects a broken log (the check can fail)", () => {
    const doc = JSON.parse(formatSarif(lintFixture("hygiene/todo.bad.yaml"), tool)) as {
      runs: { results: { level: string }[] }[];
    };
    const first = doc.runs[0]?.results[0];
    if (first) first.level = "severe";
    expect(validate(doc)).toBe(false);
  });

  const fingerprints = (text: string) => {
    const doc = JSON.parse(formatSarif(lintText("playbooks/fp.yaml", text), tool)) as {
      runs: {
        results: {
          ruleId: string;
          partialFingerprints: Record<string, string>;
          locations: { physicalLocation: { region: { startLine: number } } }[];
        }[];
      }[];
    };
    return (doc.runs[0]?.results ?? []).map((r) => ({
      rule: r.ruleId,
      line: r.locations[0]?.physicalLocation.region.startLine,
      fp: r.partialFingerprints["crisisLint/v1"],
    }));
  };

  test("fingerprints stay the same when unrelated lines move, and differ between findings", () => {
    const body = step("    guidance: TODO one.\n    checklist: [TODO two]\n");
    const before = fingerprints(body);
    const moved = fingerprints(
      body.replace("summary: One lint case.\n", "summary: One lint case.\n# a new comment\n# and another\n"),
    );
    expect(before.map((f) => f.line)).toEqual([18, 19]);
    expect(moved.map((f) => f.line)).toEqual([20, 21]);
    expect(moved.map((f) => f.fp)).toEqual(before.map((f) => f.fp));
    expect(new Set(before.map((f) => f.fp)).size).toBe(2);
  });
});
