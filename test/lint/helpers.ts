import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
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

/**
 * A seed text with a few random edits: at a random place, cut up to 30 characters and insert a
 * string of `alphabet` (the fuzz corpus of the fast-path tests).
 */
export function editedSeed(seeds: readonly string[], alphabet: RegExp, maxEdits: number): fc.Arbitrary<string> {
  const edit = fc.record({ at: fc.nat(), cut: fc.nat({ max: 30 }), text: fc.stringMatching(alphabet) });
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: maxEdits }))
    .map(([seed, edits]) => {
      let text = seed;
      for (const e of edits) {
        const at = e.at % Math.max(1, text.length);
        text = text.slice(0, at) + e.text + text.slice(at + e.cut);
      }
      return text;
    });
}
