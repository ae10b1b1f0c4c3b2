import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { lintFiles } from "../../src/core/lint/engine.js";
import type { LintInput, LintResult } from "../../src/core/lint/types.js";
import type { LintContext } from "../../src/core/lint/rule.js";
import type { Config } from "../../src/core/config/schema.js";

const NOW = new Date("2026-11-21T12:00:00Z");
const FIXTURES = "test/fixtures/lint";
export const CASES = `${FIXTURES}/cases`;

export function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? filesUnder(full) : [full];
    });
}

/** The fixture spine and templates every case is linted against. */
export const WORKSPACE: LintInput[] = filesUnder(`${FIXTURES}/workspace`).map((p) => ({
  path: p,
  text: readFileSync(p, "utf8"),
}));

export function lint(
  inputs: LintInput[],
  options: { config?: Config; workspace?: LintInput[] } & Partial<LintContext> = {},
): LintResult {
  return lintFiles(inputs, {
    config: options.config ?? {},
    now: NOW,
    workspace: options.workspace ?? WORKSPACE,
    ...(options.extraRules ? { extraRules: options.extraRules } : {}),
    ...(options.configFile ? { configFile: options.configFile } : {}),
    ...(options.positioned ? { positioned: true } : {}),
  });
}

export function lintText(
  file: string,
  text: string | Uint8Array,
  options: Parameters<typeof lint>[1] = {},
): LintResult {
  return lint([{ path: file, text }], options);
}

export function lintFixture(name: string, options: Parameters<typeof lint>[1] = {}): LintResult {
  const file = `${CASES}/${name}`;
  return lintText(file, readFileSync(file, "utf8"), options);
}
