import { readFileSync } from "node:fs";
import { lint } from "markdownlint/sync";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "../../src/core/config/schema.js";
import { type ReadJournal } from "../../src/core/journal/lines.js";
import { parseJournal } from "../../src/core/journal/lines.js";
import { loadCatalog } from "../../src/services/workspace/workspace.js";
import type { Playbook } from "../../src/core/playbook/model.js";
import { buildReport, type Report, type ReportOptions } from "../../src/core/postmortem/report.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(here, "../fixtures");
export const JOURNALS = path.join(FIXTURES, "journals");
export const PLAYBOOKS = path.join(FIXTURES, "postmortem/playbooks");
export const GOLDEN = path.resolve(here, "../golden/postmortem");

export const FIXTURE_NAMES = ["sev1-data-breach", "sev3-complaint", "missed-updates", "missing-events"] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];

export function readFixture(name: string): ReadJournal {
  return parseJournal(readFileSync(path.join(JOURNALS, `${name}.jsonl`), "utf8"));
}

export function fixturePlaybook(): Playbook {
  const catalog = loadCatalog([{ dir: PLAYBOOKS, source: "local" }]);
  const playbook = catalog.playbooks.get("data-breach");
  if (!playbook || catalog.problems.length > 0)
    throw new Error(`fixture playbook: ${JSON.stringify(catalog.problems)}`);
  return playbook;
}

/**
 * What each fixture is judged by, chosen to cover every source of targets: the SEV1 breach uses a
 * playbook and config baselines, the SEV3 complaint the targets and baselines recorded in its
 * journal, the outage config targets only, and the incident with missing events nothing at all.
 */
export function fixtureOptions(name: FixtureName): ReportOptions {
  const config: Record<FixtureName, Config> = {
    "sev1-data-breach": { baselines: { mentions_per_hour: 100, negative_share: 20 } },
    "sev3-complaint": {},
    "missed-updates": { targets: { SEV2: { first_response: "60m", update_interval: "60m" } } },
    "missing-events": {},
  };
  return { config: config[name], ...(name === "sev1-data-breach" ? { playbook: fixturePlaybook() } : {}) };
}

export function fixtureReport(name: FixtureName, extra: ReportOptions = {}): Report {
  const read = readFixture(name);
  return buildReport(read.events, { ...fixtureOptions(name), read, ...extra });
}

/** markdownlint's findings on a document, one line each (line length, MD013, is not checked). */
export function lintMarkdown(text: string): string[] {
  const results = lint({ strings: { doc: text }, config: { default: true, MD013: false } });
  return Object.values(results)
    .flat()
    .map(
      (e) =>
        `${e.lineNumber}: ${e.ruleNames.join("/")} ${e.ruleDescription}${e.errorDetail ? ` [${e.errorDetail}]` : ""}`,
    );
}
