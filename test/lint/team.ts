import { readFileSync } from "node:fs";
import path from "node:path";
import { parseYaml } from "../../src/core/yaml/parse.js";
import { configSchema, type Config } from "../../src/core/config/schema.js";
import { lintFiles } from "../../src/core/lint/engine.js";
import type { LintInput, LintResult } from "../../src/core/lint/types.js";
import { filesUnder } from "./helpers.js";

/**
 * The fixture team repository of the mutation corpus (test/fixtures/lint-team): a spine, three
 * playbooks, templates and crisis.config.yaml, plus a "bundled" folder standing in for the files
 * the package ships. Linted in process as `crisis lint` lints a team repository: every team file
 * linted, the bundled ones as context.
 */
const TEAM = "test/fixtures/lint-team";
const NOW = new Date("2026-11-21T12:00:00Z");

/** Team files by path relative to the team folder (config, playbooks, templates). */
export function teamFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const full of filesUnder(TEAM)) {
    const rel = path.relative(TEAM, full).split(path.sep).join("/");
    if (rel.startsWith("bundled/")) continue;
    files.set(rel, readFileSync(full, "utf8"));
  }
  return files;
}

const BUNDLED: LintInput[] = filesUnder(`${TEAM}/bundled`).map((full) => ({
  path: path.relative(TEAM, full).split(path.sep).join("/"),
  text: readFileSync(full, "utf8"),
  source: "bundled" as const,
}));

function configOf(text: string | undefined): Config {
  if (text === undefined) return {};
  const parsed = parseYaml(text, "crisis.config.yaml");
  const result = configSchema.safeParse(parsed.value ?? {});
  return result.success ? result.data : {};
}

/** Lints a team repository given as path → text, as `crisis lint` does with no arguments. */
export function lintTeam(files: ReadonlyMap<string, string>, only?: readonly string[]): LintResult {
  const all: LintInput[] = [...files].map(([p, text]) => ({ path: p, text, source: "local" as const }));
  const linted = only ? all.filter((f) => only.includes(f.path)) : all;
  return lintFiles(linted, {
    config: configOf(files.get("crisis.config.yaml")),
    configFile: "crisis.config.yaml",
    now: NOW,
    workspace: [...BUNDLED, ...all.filter((f) => f.path !== "crisis.config.yaml")],
  });
}
