import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { RULES } from "../../src/core/lint/rules/index.js";
import type { PlaybookRule } from "../../src/core/lint/rule.js";
import type { LintResult } from "../../src/core/lint/types.js";
import { CASES, lint, lintFixture, lintText, WORKSPACE } from "./helpers.js";
import { MUTATIONS } from "./mutations.js";

const WORKSPACE_DIR = "test/fixtures/lint/workspace";

/**
 * One case that triggers each rule (asserting the rule id, line and column) and one near miss
 * that does not. Fixtures live in test/fixtures/lint/cases/<category>/<rule>.{bad,good}.*; the
 * hostile inputs (alias bomb, 10 MB, binary, deep nesting, UTF-16) are generated here.
 */

type Source = string | (() => LintResult);

const clean = readFileSync(`${CASES}/clean.yaml`, "utf8");

function aliasBomb(): string {
  const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  const names = "bcdefghi";
  for (let i = 0; i < names.length; i++) {
    const prev = i === 0 ? "a" : names[i - 1];
    lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${prev}`).join(", ")}]`);
  }
  return `${lines.join("\n")}\n`;
}

const crashing: PlaybookRule = {
  id: "test/crash",
  severity: "error",
  description: "Throws, to prove one broken check does not stop the run.",
  fix: "",
  scope: "playbook",
  spines: false,
  check() {
    throw new Error("boom");
  },
};

const CONFIG_BAD = "lint:\n  rules:\n    hygiene/todoo: off\n";
const CONFIG_GOOD = "lint:\n  rules:\n    hygiene/todo: off\n    channel/*: error\n";

const cases: { rule: string; bad: Source; at: [number, number]; good: Source }[] = [
  { rule: "yaml/syntax", bad: "yaml/syntax.bad.yaml", at: [19, 1], good: "yaml/syntax.good.yaml" },
  { rule: "yaml/duplicate-key", bad: "yaml/duplicate-key.bad.yaml", at: [18, 5], good: "yaml/duplicate-key.good.yaml" },
  { rule: "yaml/tag", bad: "yaml/tag.bad.yaml", at: [18, 15], good: "yaml/tag.good.yaml" },
  { rule: "yaml/forbidden-key", bad: "yaml/forbidden-key.bad.yaml", at: [18, 5], good: "yaml/forbidden-key.good.yaml" },
  { rule: "yaml/complex-key", bad: "yaml/complex-key.bad.yaml", at: [18, 7], good: "yaml/complex-key.good.yaml" },
  {
    rule: "yaml/alias-limit",
    bad: () => lintText("bomb.yaml", aliasBomb()),
    at: [2, 8],
    good: "yaml/alias-cycle.good.yaml",
  },
  { rule: "yaml/alias-cycle", bad: "yaml/alias-cycle.bad.yaml", at: [18, 29], good: "yaml/alias-cycle.good.yaml" },
  {
    rule: "yaml/too-deep",
    bad: () => lintText("deep.yaml", `a: ${"[".repeat(20_000)}${"]".repeat(20_000)}\n`),
    at: [1, 68],
    good: () => lintText("deep.yaml", `a: ${"[".repeat(60)}${"]".repeat(60)}\n`),
  },
  {
    rule: "yaml/file-too-large",
    bad: () => lintText("big.yaml", Buffer.from(`${clean}# ${"x".repeat(10 * 1024 * 1024)}\n`)),
    at: [1, 1],
    good: () => lintText("big.yaml", Buffer.from(`${clean}# ${"x".repeat(100 * 1024)}\n`)),
  },
  {
    rule: "yaml/binary",
    bad: () =>
      lintText("image.yaml", Uint8Array.from([0x69, 0x64, 0x3a, 0x0a, 0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff])),
    at: [2, 5],
    good: () => lintText("clean.yaml", Buffer.from(clean)),
  },
  {
    rule: "yaml/encoding",
    bad: () => lintText("utf16.yaml", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(clean, "utf16le")])),
    at: [1, 1],
    good: () => lintText("bom.yaml", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(clean)])),
  },
  {
    rule: "yaml/multi-document",
    bad: "yaml/multi-document.bad.yaml",
    at: [15, 1],
    good: "yaml/multi-document.good.yaml",
  },

  { rule: "schema/unknown-key", bad: "schema/unknown-key.bad.yaml", at: [18, 5], good: "schema/unknown-key.good.yaml" },
  { rule: "schema/missing-key", bad: "schema/missing-key.bad.yaml", at: [1, 1], good: "schema/missing-key.good.yaml" },
  { rule: "schema/type", bad: "schema/type.bad.yaml", at: [18, 16], good: "schema/type.good.yaml" },
  { rule: "schema/enum", bad: "schema/enum.bad.yaml", at: [16, 12], good: "schema/enum.good.yaml" },
  { rule: "schema/format", bad: "schema/format.bad.yaml", at: [7, 16], good: "schema/format.good.yaml" },
  { rule: "schema/range", bad: "schema/range.bad.yaml", at: [2, 8], good: "schema/range.good.yaml" },
  { rule: "schema/invalid", bad: "schema/invalid.bad.yaml", at: [19, 9], good: "schema/invalid.good.yaml" },

  { rule: "ref/unknown-spine", bad: "ref/unknown-spine.bad.yaml", at: [8, 10], good: "ref/unknown-spine.good.yaml" },
  { rule: "ref/unknown-step", bad: "ref/unknown-step.bad.yaml", at: [15, 13], good: "ref/unknown-step.good.yaml" },
  { rule: "ref/duplicate-id", bad: "ref/duplicate-id.bad.yaml", at: [19, 13], good: "ref/duplicate-id.good.yaml" },
  {
    rule: "ref/unknown-template",
    bad: "ref/unknown-template.bad.yaml",
    at: [13, 19],
    good: "ref/unknown-template.good.yaml",
  },
  { rule: "ref/unknown-role", bad: "ref/unknown-role.bad.yaml", at: [18, 11], good: "ref/unknown-role.good.yaml" },
  {
    rule: "ref/unknown-channel",
    bad: "ref/unknown-channel.bad.yaml",
    at: [14, 23],
    good: "ref/unknown-channel.good.yaml",
  },
  {
    rule: "ref/unknown-prompt",
    bad: "ref/unknown-prompt.bad.yaml",
    at: [18, 11],
    good: "ref/unknown-prompt.good.yaml",
  },
  {
    rule: "ref/unknown-rule",
    bad: () => lintText("crisis.config.yaml", CONFIG_BAD),
    at: [3, 5],
    good: () => lintText("crisis.config.yaml", CONFIG_GOOD),
  },

  {
    rule: "vars/unknown-variable",
    bad: "vars/unknown-variable.bad.yaml",
    at: [19, 19],
    good: "vars/unknown-variable.good.yaml",
  },
  { rule: "vars/asked-later", bad: "vars/asked-later.bad.yaml", at: [13, 19], good: "vars/asked-later.good.yaml" },
  {
    rule: "vars/reserved-name",
    bad: "vars/reserved-name.bad.yaml",
    at: [19, 13],
    good: "vars/reserved-name.good.yaml",
  },
  {
    rule: "vars/template-syntax",
    bad: "vars/template-syntax.bad.txt",
    at: [6, 7],
    good: "vars/template-syntax.good.txt",
  },

  {
    rule: "flow/condition-syntax",
    bad: "flow/condition-syntax.bad.yaml",
    at: [18, 22],
    good: "flow/condition-syntax.good.yaml",
  },
  {
    rule: "flow/unknown-value",
    bad: "flow/unknown-value.bad.yaml",
    at: [18, 25],
    good: "flow/unknown-value.good.yaml",
  },
  { rule: "flow/asked-later", bad: "flow/asked-later.bad.yaml", at: [18, 11], good: "flow/asked-later.good.yaml" },
  {
    rule: "flow/unreachable-step",
    bad: "flow/unreachable-step.bad.yaml",
    at: [18, 11],
    good: "flow/unreachable-step.good.yaml",
  },
  { rule: "flow/always-true", bad: "flow/always-true.bad.yaml", at: [18, 11], good: "flow/always-true.good.yaml" },
  {
    rule: "flow/placement-cycle",
    bad: "flow/placement-cycle.bad.yaml",
    at: [18, 12],
    good: "flow/placement-cycle.good.yaml",
  },
  {
    rule: "flow/placement-conflict",
    bad: "flow/placement-conflict.bad.yaml",
    at: [19, 5],
    good: "flow/placement-conflict.good.yaml",
  },

  {
    rule: "coverage/core-phase",
    bad: "coverage/core-phase.bad.yaml",
    at: [16, 1],
    good: "coverage/core-phase.good.yaml",
  },
  {
    rule: "coverage/acknowledge-target",
    bad: "coverage/acknowledge-target.bad.yaml",
    at: [19, 9],
    good: "coverage/acknowledge-target.good.yaml",
  },
  {
    rule: "coverage/acknowledge-message",
    bad: "coverage/acknowledge-message.bad.yaml",
    at: [11, 13],
    good: "coverage/acknowledge-message.good.yaml",
  },
  { rule: "coverage/targets", bad: "coverage/targets.bad.yaml", at: [11, 1], good: "coverage/targets.good.yaml" },
  {
    rule: "coverage/next-update-time",
    bad: "coverage/next-update-time.bad.txt",
    at: [3, 7],
    good: "coverage/next-update-time.good.txt",
  },

  {
    rule: "channel/fixed-text-too-long",
    bad: "channel/fixed-text-too-long.bad.yaml",
    at: [14, 33],
    good: "channel/fixed-text-too-long.good.yaml",
  },
  { rule: "channel/too-long", bad: "channel/too-long.bad.yaml", at: [29, 29], good: "channel/too-long.good.yaml" },
  // A Danish variant of fx/holding that leaves out {{hub_url}}; the one of fx/update says all its base says.
  { rule: "vars/variant-mismatch", bad: "fx/holding.da.txt", at: [7, 1], good: "fx/update.da.txt" },
  { rule: "channel/audience", bad: "channel/audience.bad.yaml", at: [20, 35], good: "channel/audience.good.yaml" },
  {
    rule: "channel/no-example",
    bad: "channel/no-example.bad.yaml",
    at: [23, 19],
    good: "channel/no-example.good.yaml",
  },

  { rule: "hygiene/review-age", bad: "hygiene/review-age.bad.yaml", at: [7, 16], good: "hygiene/review-age.good.yaml" },
  { rule: "hygiene/todo", bad: "hygiene/todo.bad.yaml", at: [18, 32], good: "hygiene/todo.good.yaml" },
  { rule: "hygiene/non-apology", bad: "hygiene/non-apology.bad.txt", at: [6, 8], good: "hygiene/non-apology.good.txt" },
  {
    rule: "hygiene/eta-promise",
    bad: "hygiene/eta-promise.bad.txt",
    at: [6, 22],
    good: "hygiene/eta-promise.good.txt",
  },
  { rule: "hygiene/no-comment", bad: "hygiene/no-comment.bad.txt", at: [6, 1], good: "hygiene/no-comment.good.txt" },
  {
    rule: "hygiene/preapproval-hash",
    bad: "hygiene/preapproval-hash.bad.txt",
    at: [5, 13],
    good: "hygiene/preapproval-hash.good.txt",
  },
  {
    rule: "hygiene/preapproval-age",
    bad: "hygiene/preapproval-age.bad.txt",
    at: [5, 13],
    good: "hygiene/preapproval-age.good.txt",
  },

  {
    rule: "suppress/missing-reason",
    bad: "suppress/missing-reason.bad.yaml",
    at: [18, 5],
    good: "suppress/missing-reason.good.yaml",
  },
  { rule: "suppress/unused", bad: "suppress/unused.bad.yaml", at: [18, 5], good: "suppress/unused.good.yaml" },
  { rule: "suppress/invalid", bad: "suppress/invalid.bad.yaml", at: [18, 5], good: "suppress/invalid.good.yaml" },

  {
    rule: "internal/crash",
    bad: () => lint([{ path: "clean.yaml", text: clean }], { extraRules: [crashing] }),
    at: [1, 1],
    good: () => lint([{ path: "clean.yaml", text: clean }]),
  },
];

const run = (source: Source): LintResult => (typeof source === "string" ? lintFixture(source) : source());

describe("every rule has a case that triggers it and a near miss that does not", () => {
  test("every rule in the catalog has a case here or in the mutation corpus", () => {
    const covered = new Set([...cases.map((c) => c.rule), ...MUTATIONS.map((m) => m.rule)]);
    expect(RULES.map((r) => r.id).filter((id) => !covered.has(id) && id !== "internal/crash")).toEqual([]);
  });

  test.each(cases)("$rule", ({ rule, bad, at, good }) => {
    const found = run(bad).findings.filter((f) => f.rule === rule);
    expect(found.length, `expected a ${rule} finding`).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ line: at[0], column: at[1] });
    expect(found[0]?.message.length).toBeGreaterThan(20);
    expect(run(good).findings.filter((f) => f.rule === rule)).toEqual([]);
  });
});

describe("what findings say", () => {
  test("an unknown key points at the key and suggests the right one", () => {
    const [f] = lintFixture("schema/unknown-key.bad.yaml").findings;
    expect(f).toMatchObject({
      rule: "schema/unknown-key",
      severity: "error",
      line: 18,
      column: 5,
      endLine: 18,
      endColumn: 10,
    });
    expect(f?.message).toMatch(/^unknown key "titel" \(did you mean "title"\?\); expected one of: id, phase, title/);
  });

  test("every schema problem of a file is reported at its own place, not only the first", () => {
    const text = clean
      .replace("title: Fixture case", "title: 3")
      .replace("version: 1.0.0", "version: one")
      .replace("crisis_type: other", "crisis_type: outage");
    const found = lintText("many.yaml", text).findings.map((f) => `${f.rule}@${f.line}:${f.column}`);
    expect(found).toEqual(["schema/type@2:8", "schema/format@4:10", "schema/enum@5:14"]);
  });

  test("a condition error points at the offending token inside the when: string", () => {
    const f = lintFixture("flow/unknown-value.bad.yaml").findings.find((x) => x.rule === "flow/unknown-value");
    expect(f).toMatchObject({ line: 18, column: 25, endColumn: 32 });
    expect(f?.message).toBe('"maybe" is not a choice of claim_true; expected one of: yes, partly, no');
  });

  test("a cycle is printed as a path", () => {
    const f = lintFixture("flow/placement-cycle.bad.yaml").findings.find((x) => x.rule === "flow/placement-cycle");
    expect(f?.message).toMatch(/^placement cycle: first -> second -> first;/);
  });

  test("channel limits use the channel's own counting and name the overrun", () => {
    const f = lintFixture("channel/too-long.bad.yaml").findings.find((x) => x.rule === "channel/too-long");
    expect(f?.message).toMatch(
      /renders to \d+ weighted characters .* on X \(x\) with the longest example values, \d+ over the limit of 280/,
    );
  });

  test("a playbook with an invalid schema is not checked further (no cascade of findings)", () => {
    const rules = lintFixture("schema/enum.bad.yaml").findings.map((f) => f.rule);
    expect(rules).toEqual(["schema/enum"]);
  });

  test("a byte-order mark and CRLF line ends change no position", () => {
    for (const name of ["flow/unknown-value.bad.yaml", "hygiene/eta-promise.bad.txt", "schema/unknown-key.bad.yaml"]) {
      const text = readFileSync(`${CASES}/${name}`, "utf8");
      const crlf = Buffer.from(`\uFEFF${text.replace(/\n/g, "\r\n")}`);
      const place = (r: LintResult) => r.findings.map((f) => [f.rule, f.line, f.column, f.endLine, f.endColumn]);
      expect(place(lintText(`${CASES}/${name}`, crlf))).toEqual(place(lintFixture(name)));
    }
  });

  test("a private message on X is counted as a direct message there, not against the 280 of a post", () => {
    const long = readFileSync(`${WORKSPACE_DIR}/templates/messages/fx/long.txt`, "utf8");
    const dm = long.replace("audience: public", "audience: private").replace("kind: notice", "kind: reply");
    const playbook = readFileSync(`${CASES}/channel/fixed-text-too-long.bad.yaml`, "utf8").replace("fx/long", "fx/dm");
    const run = (text: string) =>
      lint([{ path: "case.yaml", text: playbook }], {
        workspace: [...WORKSPACE, { path: `${WORKSPACE_DIR}/templates/messages/fx/dm.txt`, text }],
      }).findings.map((f) => f.rule);
    expect(run(long)).toContain("channel/fixed-text-too-long");
    expect(run(dm)).not.toContain("channel/fixed-text-too-long");
  });

  test("review age follows lint.max_review_age", () => {
    const file = "hygiene/review-age.good.yaml"; // reviewed 2026-06-01, 173 days before NOW
    expect(lintFixture(file).findings).toEqual([]);
    const strict = lintFixture(file, { config: { lint: { max_review_age: "90d" } } }).findings;
    expect(strict).toEqual([
      expect.objectContaining({
        rule: "hygiene/review-age",
        message: expect.stringMatching(/173 days ago; expected a review within 90 days/) as unknown,
      }),
    ]);
  });
});
