// @module-tag slow (runs the SARIF multitool, a .NET binary)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { formatSarif } from "../../src/core/lint/format/sarif.js";
import type { LintResult } from "../../src/core/lint/types.js";
import { MUTATIONS } from "./mutations.js";
import { lintTeam, teamFiles } from "./team.js";

/**
 * The SARIF of a run with findings, checked by Microsoft's SARIF multitool with its GitHub rules
 * (what GitHub code scanning requires: fullDescription, helpUri …), as in docs/lint.md:
 *
 *   DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 npx Sarif.Multitool validate --rule-kind "Gh;Sarif" -o out.sarif crisis.sarif
 *
 * The multitool ships as a binary in @microsoft/sarif-multitool-linux (a devDependency).
 */

const multitool = createRequire(import.meta.url)("@microsoft/sarif-multitool-linux") as string;
const dir = mkdtempSync(path.join(os.tmpdir(), "crisis-sarif-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Log {
  runs: { results?: { ruleId: string; level?: string; message: { text: string } }[] }[];
}

function validate(sarif: string): Log {
  const input = path.join(dir, "crisis.sarif");
  const output = path.join(dir, "validation.sarif");
  writeFileSync(input, sarif);
  rmSync(output, { force: true });
  const run = spawnSync(multitool, ["validate", "--rule-kind", "Gh;Sarif", "-o", output, input], {
    encoding: "utf8",
    // The multitool is a .NET program: without ICU installed it needs the invariant culture.
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: "1" },
    timeout: 120_000,
  });
  expect(run.status, run.stderr || run.stdout).toBe(0);
  return JSON.parse(readFileSync(output, "utf8")) as Log;
}

/** A run with many kinds of findings: several mutations at once, plus suppressed ones and related locations. */
function runWithFindings(): LintResult {
  const files = teamFiles();
  const edits = [
    ["playbooks/outage.yaml", "channels: [x, bluesky]", "channels: [twitter, bluesky]"],
    ["templates/messages/team/outage-update.txt", "{{affected_feature}}", "{{affected_featur}}"],
    ["templates/messages/team/update.txt", "we are still working on it", "it will be fixed within the hour"],
    ["playbooks/complaint.yaml", "    guidance: >-", "    guidence: >-"],
    ["playbooks/standalone.yaml", "  floor: SEV2", "  floor: SEV3"],
    ["crisis.config.yaml", "    channel/no-example: info", "    hygiene/eta: off"],
    [
      "templates/messages/team/holding.txt",
      "We know some",
      "{{! crisis-lint-disable-next-line hygiene/non-apology -- quoted from the regulator }}\nWe apologise for any frustration. We know some",
    ],
  ] as const;
  for (const [file, find, replace] of edits) files.set(file, (files.get(file) ?? "").replace(find, replace));
  return lintTeam(files);
}

describe("SARIF under the official multitool's GitHub rules", () => {
  test("a run with findings, related locations and suppressions validates with no errors", { timeout: 240_000 }, () => {
    const result = runWithFindings();
    expect(result.findings.length).toBeGreaterThanOrEqual(6);
    expect(result.findings.some((f) => (f.related ?? []).length > 0)).toBe(true);
    expect(result.suppressed.length).toBeGreaterThan(0);
    // Plus the findings of a spread of mutations: every kind of rule metadata and message shape.
    const findings = [...result.findings];
    const sources = new Map(result.sources);
    for (const mu of MUTATIONS.filter((_, i) => i % 4 === 0)) {
      const files = teamFiles();
      const source = mu.copyOf !== undefined ? files.get(mu.copyOf) : files.get(mu.file);
      files.set(mu.file, (source ?? "").replace(mu.find, mu.replace));
      const r = lintTeam(files);
      findings.push(...r.findings);
      for (const [file, text] of r.sources) sources.set(file, text);
    }
    const log = validate(formatSarif({ ...result, findings, sources }, { version: "0.1.0", cwd: process.cwd() }));
    const errors = (log.runs[0]?.results ?? []).filter((r) => r.level === "error");
    expect(errors.map((r) => `${r.ruleId}: ${r.message.text}`)).toEqual([]);
  });

  test("the check can fail: a log without fullDescription gets GitHub's GH2012 error", { timeout: 240_000 }, () => {
    const doc = JSON.parse(formatSarif(runWithFindings(), { version: "0.1.0", cwd: process.cwd() })) as {
      runs: { tool: { driver: { rules: Record<string, unknown>[] } } }[];
    };
    for (const rule of doc.runs[0]?.tool.driver.rules ?? []) delete rule.fullDescription;
    const log = validate(JSON.stringify(doc));
    expect((log.runs[0]?.results ?? []).some((r) => r.ruleId === "GH2012" && r.level === "error")).toBe(true);
  });
});
