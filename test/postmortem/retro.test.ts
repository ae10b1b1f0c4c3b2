import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { InputError, InterruptError } from "../../src/errors.js";
import { parseJournal } from "../../src/core/journal/lines.js";
import { loadRetroAnswers } from "../../src/services/postmortem/retro-answers.js";
import { runPostmortem } from "../../src/services/postmortem/run.js";
import { fakeIo } from "../helpers/io.js";
import { CTRL_C, scriptedPrompter } from "../helpers/prompter.js";
import { tempDir } from "../helpers/tmp.js";
import { JOURNALS } from "./fixtures.js";

/** An incidents folder holding a copy of a fixture journal. */
function incident(fixture = "sev3-complaint") {
  const root = tempDir();
  const dir = path.join(root, "incidents", fixture);
  mkdirSync(dir, { recursive: true });
  copyFileSync(path.join(JOURNALS, `${fixture}.jsonl`), path.join(dir, "journal.jsonl"));
  const io = fakeIo({ cwd: root, now: new Date("2026-05-14T08:00:00.000Z") });
  return { root, dir, io, config: { config: {}, file: undefined, root } };
}
const journal = (dir: string) => parseJournal(readFileSync(path.join(dir, "journal.jsonl"), "utf8")).events;

describe("the interactive retrospective", () => {
  test("asks each question until an empty answer, records every finding and renders it", async () => {
    const { dir, io, config } = incident();
    const before = journal(dir).length;
    const { prompter, asked } = scriptedPrompter(
      {
        "retro.trigger": ["A customer's video of the courier went viral", ""],
        "retro.root_cause": [""],
        "retro.five_whys": [""],
        "retro.resolution": [""],
        "retro.went_well": ["Support macros were ready within minutes", ""],
        "retro.went_wrong": [""],
        "retro.lucky": ["The video was posted on a weekday", ""],
        "retro.contributing_factors": ["No weekend cover for the TikTok account", ""],
        "retro.mitigators": [""],
        "retro.action": ["Add the TikTok account to the weekend rota", ""],
        "retro.action_type": "process",
        "retro.action_owner": "",
        "retro.action_due": "2026-06-15",
        "retro.impact.customers_affected": 1,
        "retro.impact.revenue": "",
        "retro.impact.costs": "A refund of 120 EUR",
        "retro.impact.other": "",
        "retro.status": "in-review",
      },
      { auto: false },
    );
    const result = await runPostmortem({ io, incidentDir: dir, config, prompter });

    const added = journal(dir).slice(before);
    expect(added.map((e) => [e.type, e.actor, e.at])).toEqual([
      ["retro_item", "Priya Nair", "2026-05-14T08:00:00.000Z"],
      ["retro_item", "Priya Nair", "2026-05-14T08:00:00.000Z"],
      ["retro_item", "Priya Nair", "2026-05-14T08:00:00.000Z"],
      ["retro_item", "Priya Nair", "2026-05-14T08:00:00.000Z"],
      ["action_item", "Priya Nair", "2026-05-14T08:00:00.000Z"],
      ["business_impact", "Priya Nair", "2026-05-14T08:00:00.000Z"],
      ["postmortem_status", "Priya Nair", "2026-05-14T08:00:00.000Z"],
    ]);
    expect(added[5]?.data).toEqual({ customers_affected: 1, costs: "A refund of 120 EUR" });
    expect(added[4]?.data).toEqual({
      action: "Add the TikTok account to the weekend rota",
      kind: "process",
      due: "2026-06-15",
    });
    expect(asked.map((a) => a.key)).toEqual([
      "retro.trigger",
      "retro.trigger",
      "retro.root_cause",
      "retro.five_whys",
      "retro.resolution",
      "retro.went_well",
      "retro.went_well",
      "retro.went_wrong",
      "retro.lucky",
      "retro.lucky",
      "retro.contributing_factors",
      "retro.contributing_factors",
      "retro.mitigators",
      "retro.action",
      "retro.action_type",
      "retro.action_owner",
      "retro.action_due",
      "retro.action",
      "retro.impact.customers_affected",
      "retro.impact.revenue",
      "retro.impact.costs",
      "retro.impact.other",
      "retro.status",
    ]);
    const text = readFileSync(result.file ?? "", "utf8");
    expect(text).toContain("- Trigger: A customer's video of the courier went viral");
    expect(text).toContain("Status: **In review**");
    expect(text).toContain("- No weekend cover for the TikTok account");
    expect(text).toContain("| Add the TikTok account to the weekend rota | process | **none** | 2026-06-15 |");
    expect(io.err()).toContain(
      'warning: action item "Add the TikTok account to the weekend rota" has no owner (action-owner)',
    );
    expect(io.err()).toContain("Recorded 7 retrospective entries in the journal.");
    expect(io.err()).toContain(`written to ${path.join("incidents", "sev3-complaint", "postmortem.md")}`);
  });

  test("Ctrl+C halfway keeps every finding already answered in the journal", async () => {
    const { dir, io, config } = incident();
    const before = journal(dir).length;
    const { prompter } = scriptedPrompter(
      {
        "retro.trigger": [""],
        "retro.root_cause": [""],
        "retro.five_whys": [""],
        "retro.resolution": [""],
        "retro.went_well": ["Macros were ready", ""],
        "retro.went_wrong": ["Weekend cover was missing", CTRL_C],
      },
      { auto: false },
    );
    await expect(runPostmortem({ io, incidentDir: dir, config, prompter })).rejects.toBeInstanceOf(InterruptError);
    expect(
      journal(dir)
        .slice(before)
        .map((e) => e.data),
    ).toEqual([
      { section: "went_well", text: "Macros were ready" },
      { section: "went_wrong", text: "Weekend cover was missing" },
    ]);
  });

  test("regenerating without asking keeps what was recorded, byte for byte", async () => {
    const { dir, io, config } = incident();
    const { prompter } = scriptedPrompter(
      { "retro.went_well": ["Fast reply", ""], "retro.status": "draft" },
      { auto: true },
    );
    await runPostmortem({ io, incidentDir: dir, config, prompter });
    const first = readFileSync(path.join(dir, "postmortem.md"), "utf8");
    const count = journal(dir).length;
    await runPostmortem({ io, incidentDir: dir, config });
    expect(readFileSync(path.join(dir, "postmortem.md"), "utf8")).toBe(first);
    expect(journal(dir)).toHaveLength(count);
    expect(first).toContain("- Fast reply");
  });
});

describe("an answers file", () => {
  const answers = `went_well:
  - The reply went out in under an hour
  - Legal was on hand
contributing_factors:
  - The courier's own complaints queue is not shared with us
action_items:
  - action: Share the courier complaints queue with the social team
    type: process
    owner: Priya Nair
    due: 2026-06-30
status: reviewed
`;

  test("is recorded once: an item already in the journal is not added again", async () => {
    const { root, dir, io, config } = incident();
    writeFileSync(path.join(root, "retro.yaml"), answers);
    const before = journal(dir).length;
    const loaded = loadRetroAnswers(path.join(root, "retro.yaml"));
    const first = await runPostmortem({ io, incidentDir: dir, config, answers: loaded });
    // "The reply went out in under an hour" is already in the fixture journal: one finding, one
    // factor, one action and the status are new.
    expect(first.recorded).toBe(4);
    expect(journal(dir).length).toBe(before + 4);
    const text = readFileSync(path.join(dir, "postmortem.md"), "utf8");
    const again = await runPostmortem({ io, incidentDir: dir, config, answers: loaded });
    expect(again.recorded).toBe(0);
    expect(readFileSync(path.join(dir, "postmortem.md"), "utf8")).toBe(text);
    expect(text).toContain("Status: **Reviewed**");
    expect(text.match(/The reply went out in under an hour/g)).toHaveLength(1);
  });

  test("gives an action item an owner later: the latest record of an action wins", async () => {
    const { root, dir, io, config } = incident("missed-updates");
    writeFileSync(
      path.join(root, "owner.yaml"),
      "action_items:\n  - action: Announce payment provider changes to the status page team a day ahead\n    type: comms\n    owner: Kim Ito\n    due: 2026-08-01\n",
    );
    const result = await runPostmortem({
      io,
      incidentDir: dir,
      config,
      answers: loadRetroAnswers(path.join(root, "owner.yaml")),
    });
    expect(result.report.action_items).toEqual([
      {
        action: "Announce payment provider changes to the status page team a day ahead",
        type: "comms",
        owner: "Kim Ito",
        due: "2026-08-01",
      },
    ]);
    expect(result.warnings.map((w) => w.check)).toEqual(["blame"]);
  });

  test("with mistakes, every problem is reported as file:line:column", () => {
    const root = tempDir({
      "bad.yaml":
        "went_well: A string, not a list\naction_items:\n  - action: Fix it\n    type: repair\n    due: next week\nsurprise: true\n",
    });
    const file = path.join(root, "bad.yaml");
    let error: unknown;
    try {
      loadRetroAnswers(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const problems = (error as InputError).problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
    expect(problems.length).toBe(4);
    expect(problems.find((p) => p.startsWith("1:"))).toMatch(/array/);
    expect(problems.find((p) => p.startsWith("4:"))).toMatch(/prevent.*mitigate.*detect.*process.*comms/);
    expect(problems.find((p) => p.startsWith("5:"))).toMatch(/YYYY-MM-DD|2026-04-30/);
    expect(problems.find((p) => p.startsWith("6:"))).toMatch(/surprise/);
  });
});
