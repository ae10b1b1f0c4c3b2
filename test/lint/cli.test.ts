import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli.js";
import { exitCode } from "../../src/core/lint/exit-code.js";
import { fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";

const PLAYBOOK = `id: local
title: Local playbook
summary: A team's own playbook for the CLI tests.
version: 1.0.0
crisis_type: other
owner: Comms team
last_reviewed: 2026-11-01
extends: common
posture: { default: diminish, cluster: accidental, why: Fits. }
steps:
  - extend: holding
    messages:
      - template: local/holding
        channels: [x, status-page]
`;
const HOLDING =
  "---\ntitle: Holding\nkind: holding\naudience: public\n---\nWe know and we are on it. Next update by {{next_update_time}}.\n";

function workspace(extra: Record<string, string> = {}): string {
  return tempDir({
    "crisis.config.yaml": "playbook_dirs: [playbooks]\ntemplate_dirs: [templates]\n",
    "playbooks/local.yaml": PLAYBOOK,
    "templates/messages/local/holding.txt": HOLDING,
    ...extra,
  });
}

async function lint(cwd: string, ...args: string[]) {
  const io = fakeIo({ cwd });
  const code = await main(["node", "crisis", "lint", ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe("crisis lint exit codes", () => {
  test("0: clean files", async () => {
    const r = await lint(workspace(), "playbooks", "templates");
    expect(r.err).toMatch(/✔ 3 files checked, no problems/);
    expect(r.out).toBe("");
    expect(r.code).toBe(0);
  });

  test("1: a finding at error severity, printed as file:line:column with the rule", async () => {
    const dir = workspace({
      "playbooks/local.yaml": PLAYBOOK.replace("channels: [x, status-page]", "channels: [x, statuspage]"),
    });
    const r = await lint(dir, "playbooks/local.yaml");
    expect(r.out).toMatch(
      /^playbooks\/local\.yaml:14:23: error: unknown channel "statuspage" \(did you mean "status-page"\?\).* \[ref\/unknown-channel\]$/m,
    );
    expect(r.code).toBe(1);
  });

  test("warnings alone pass, unless --fail-on warning or --max-warnings says otherwise", async () => {
    const dir = workspace({
      "playbooks/local.yaml": PLAYBOOK.replace("last_reviewed: 2026-11-01", "last_reviewed: 2025-01-01"),
    });
    expect((await lint(dir, "playbooks")).code).toBe(0);
    expect((await lint(dir, "playbooks", "--fail-on", "warning")).code).toBe(1);
    expect((await lint(dir, "playbooks", "--severity", "warning")).code).toBe(1);
    expect((await lint(dir, "playbooks", "--max-warnings", "0")).code).toBe(1);
    expect((await lint(dir, "playbooks", "--max-warnings", "1")).code).toBe(0);
  });

  test("--quiet shows only findings at or above the threshold", async () => {
    const dir = workspace({
      "playbooks/local.yaml": PLAYBOOK.replace("last_reviewed: 2026-11-01", "last_reviewed: 2025-01-01"),
    });
    expect((await lint(dir, "playbooks")).out).toMatch(/hygiene\/review-age/);
    expect((await lint(dir, "playbooks", "--quiet")).out).toBe("");
  });

  test("2: usage errors (bad option values, a path that does not exist)", async () => {
    const dir = workspace();
    const bad = await lint(dir, "--max-warnings", "lots");
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/expected a whole number of warnings/);
    expect((await lint(dir, "--format", "xml")).code).toBe(2);
    const missing = await lint(dir, "playbookz");
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no such file or folder: playbookz/);
  });

  test("2: an invalid config file, whose problems are printed with their positions", async () => {
    const dir = workspace({
      "crisis.config.yaml":
        "playbook_dirs: [playbooks]\nlint:\n  rules:\n    hygiene/todoo: off\n  max_review_age: 6 months\n",
    });
    const r = await lint(dir, "playbooks");
    expect(r.out).toMatch(/^crisis\.config\.yaml:5:19: error: lint\.max_review_age: expected a duration/m);
    expect(r.code).toBe(2);
    const unknownRule = await lint(
      workspace({ "crisis.config.yaml": "lint:\n  rules:\n    hygiene/todoo: off\n" }),
      "playbooks",
    );
    expect(unknownRule.out).toMatch(
      /crisis\.config\.yaml:3:5: error: unknown rule "hygiene\/todoo" \(did you mean "hygiene\/todo"\?\)/,
    );
    expect(unknownRule.code).toBe(2);
  });

  test("3: a crashed check is an internal error, whatever else was found", () => {
    const crash = {
      rule: "internal/crash",
      severity: "error" as const,
      message: "check x crashed",
      file: "a.yaml",
      line: 1,
      column: 1,
    };
    const options = { threshold: "error" as const, maxWarnings: undefined, configPath: undefined, configValid: true };
    expect(exitCode({ findings: [crash] }, options)).toBe(3);
    expect(exitCode({ findings: [] }, options)).toBe(0);
  });

  test("4: no files matched, said on stderr", async () => {
    const dir = workspace();
    mkdirSync(path.join(dir, "empty"));
    const glob = await lint(dir, "nothing/**/*.yaml");
    expect(glob.code).toBe(4);
    expect(glob.err).toMatch(/no files to lint \(nothing matched nothing\/\*\*\/\*\.yaml\)/);
    expect((await lint(dir, "empty")).code).toBe(4);
  });

  test("the help lists the exit codes and examples", async () => {
    const r = await lint(workspace(), "--help");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Exit codes:\n {2}0 {2}no findings/);
    expect(r.out).toMatch(/ {2}4 {2}no files to lint/);
    expect(r.out).toMatch(/\$ crisis lint --format sarif --output crisis-lint\.sarif/);
  });
});

describe("crisis lint output", () => {
  test("with no paths and configured folders, the team's own folders are linted, and the bundled playbooks only in the team's context", async () => {
    const r = await lint(workspace(), "--format", "json");
    expect(r.code).toBe(0);
    const files = (JSON.parse(r.out) as { files: { path: string }[] }).files.map((f) => f.path);
    // The local playbook, its template and the config; the bundled playbooks and the spine (in
    // the team's context, see test/lint/team-scope.test.ts); never the bundled templates themselves.
    expect(files).toEqual(expect.arrayContaining(["crisis.config.yaml", "playbooks/local.yaml"]));
    expect(files.filter((f) => f.endsWith(".txt"))).toEqual(["templates/messages/local/holding.txt"]);
    expect(files.filter((f) => /playbooks\/spine\/common\.yaml$/.test(f))).toHaveLength(1);
  });

  test("with no paths and no configured folders, the bundled playbooks are linted", async () => {
    const r = await lint(tempDir());
    expect(r.code).toBe(0);
    const checked = Number(/(\d+) files checked/.exec(r.err)?.[1]);
    expect(checked).toBeGreaterThan(60); // eight bundled playbooks, the spine and their templates
  });

  test("--output writes the chosen format to a file while the terminal gets the stylish report", async () => {
    const dir = workspace({
      "playbooks/local.yaml": PLAYBOOK.replace("title: Local playbook", "titel: Local playbook"),
    });
    const r = await lint(dir, "playbooks", "--format", "sarif", "--output", "lint.sarif");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^playbooks\/local\.yaml:2:1: error: unknown key "titel"/m);
    const sarif = JSON.parse(readFileSync(path.join(dir, "lint.sarif"), "utf8")) as {
      version: string;
      runs: { results: { ruleId: string }[] }[];
    };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]?.results.map((x) => x.ruleId)).toContain("schema/unknown-key");
  });

  test("--format json prints data on stdout", async () => {
    const dir = workspace({
      "playbooks/local.yaml": PLAYBOOK.replace("channels: [x, status-page]", "channels: [x, statuspage]"),
    });
    const r = await lint(dir, "playbooks", "--format", "json");
    const doc = JSON.parse(r.out) as { findings: { rule: string; line: number; column: number }[] };
    expect(doc.findings).toEqual([expect.objectContaining({ rule: "ref/unknown-channel", line: 14, column: 23 })]);
  });

  test("--format github prints workflow commands", async () => {
    const dir = workspace({
      "playbooks/local.yaml": PLAYBOOK.replace("channels: [x, status-page]", "channels: [x, statuspage]"),
    });
    const r = await lint(dir, "playbooks/*.yaml", "--format", "github");
    expect(r.out).toMatch(
      /^::error file=playbooks\/local\.yaml,line=14,endLine=14,col=23,endColumn=33,title=crisis lint ref\/unknown-channel::unknown channel/m,
    );
  });

  test("--list-rules lists every rule", async () => {
    const r = await lint(workspace(), "--list-rules");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^hygiene\/eta-promise +warning +/m);
    const json = await lint(workspace(), "--list-rules", "--format", "json");
    const doc = JSON.parse(json.out) as { version: number; rules: { id: string; can_be_off: boolean }[] };
    expect(doc.version).toBe(1);
    expect(doc.rules.map((x) => x.id)).toContain("flow/unreachable-step");
    expect(doc.rules.find((x) => x.id === "yaml/syntax")?.can_be_off).toBe(false);
  });
});
