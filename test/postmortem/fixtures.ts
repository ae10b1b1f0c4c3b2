import { readFileSync } from "node:fs";
import { lint } from "markdownlint/sync";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "../../src/core/config/schema.js";
import type { JournalEvent } from "../../src/core/journal/events.js";
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

/**
 * The SEV1 breach with the comms record a communications director reviews: a media enquiry logged
 * and then answered, one left open, the spokesperson on the record, the regulator told, evidence,
 * business impact, and the retrospective's trigger, root cause, five whys and resolution.
 */
export function commsJournal(): JournalEvent[] {
  const base = readFixture("sev1-data-breach").events;
  let seq = base.length;
  const ev = (at: string, type: string, data: object, actor = "Ana Ruiz") =>
    ({ v: 1, seq: seq++, at: `2026-03-04T${at}Z`, logged_at: `2026-03-04T${at}Z`, actor, type, data }) as JournalEvent;
  return [
    ...base,
    ev("14:50:00", "media_enquiry", {
      outlet: "Daily Ledger",
      reporter: "Sam Ortiz",
      question: "How many customers were affected?",
      deadline: "2026-03-04T16:00:00.000Z",
      status: "open",
    }),
    ev("15:20:00", "media_enquiry", {
      outlet: "Daily Ledger",
      reporter: "Sam Ortiz",
      question: "How many customers were affected?",
      deadline: "2026-03-04T16:00:00.000Z",
      status: "answered",
      response: "About 18,000; no card data",
    }),
    ev("16:00:00", "media_enquiry", {
      outlet: "@techwatch",
      question: "Was the export link shared by an employee?",
      status: "open",
    }),
    ev("16:30:00", "spokesperson_appearance", {
      spokesperson: "J. Park",
      outlet: "Radio Today",
      format: "interview",
      summary: "Apologised and named the fix",
    }),
    ev("15:10:00", "stakeholder_notice", {
      stakeholder: "Data protection authority",
      channel: "portal",
      summary: "72-hour breach notice filed",
    }),
    ev("14:45:00", "evidence", { link: "https://archive.example/thread-1", description: "The first thread, archived" }),
    ev("19:00:00", "business_impact", { customers_affected: 18000, costs: "Credit monitoring for 18,000 customers" }),
    ev("19:05:00", "retro_item", { section: "trigger", text: "A researcher posted the export link on a forum" }),
    ev("19:05:00", "retro_item", { section: "root_cause", text: "Export links never expired" }),
    ev("19:05:00", "retro_item", { section: "why", text: "The link was public because exports had no expiry" }),
    ev("19:05:00", "retro_item", {
      section: "why",
      text: "Exports had no expiry because the tool predates the policy",
    }),
    ev("19:05:00", "retro_item", { section: "resolution", text: "Every export link was revoked and expiry added" }),
  ];
}
