// @module-tag slow (drives whole incidents through the step engine, in process)
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { readJournal } from "../../src/services/journal/store.js";
import { scriptedPrompter } from "../helpers/prompter.js";
import { fixtureWorkspace, runInProcess } from "../helpers/workspace.js";
import { clock, fakeIo } from "../helpers/io.js";

const hasControl = (text: string) => text.includes("\u001b") || text.includes("\u0007");

const HOSTILE = {
  title: "\u001b[2J\u001b]0;pwned\u0007RED | # Heading <script>alert(1)</script>",
  facts:
    "```\n# not a heading\n| a | b |\n</table><img src=x onerror=alert(1)>\n[link](javascript:alert(1))\n\u001b[31mred\u001b[0m",
};

describe("text from answers never reaches the terminal as escape sequences nor breaks the log", () => {
  it("neutralises control characters on screen and escapes markdown and HTML in the log", async () => {
    const io = fakeIo({ cwd: fixtureWorkspace(), now: clock() });
    const { prompter } = scriptedPrompter({
      "roles.lead": "Ana\u001b[8m hidden",
      "severity.reach": "A few",
      "prompts.war_room": "#room | ## injected",
      "prompts.confirmed_facts": HOSTILE.facts,
      "action.note.text": "TODO: <b>bold</b> `code` *star*",
    });
    const { session } = await runInProcess(io, "fixture", prompter, { title: HOSTILE.title });
    // Nothing the responder typed produced an ESC or BEL on screen: they are shown as ␛ and ␇.
    expect(hasControl(io.err())).toBe(false);
    expect(io.err()).toContain("␛[2J");
    // The journal keeps what was typed, exactly.
    expect(readJournal(session.dir).events[0]).toMatchObject({
      type: "incident_opened",
      data: { title: HOSTILE.title },
    });

    const log = readFileSync(path.join(session.dir, "incident-log.md"), "utf8");
    expect(hasControl(log)).toBe(false);
    // Outside fenced blocks (where text is shown literally), no raw HTML or link survives.
    const prose = log.replace(/^(`{3,})text\n[\s\S]*?\n\1$/gm, "");
    expect(prose).not.toContain("<script>");
    expect(prose).not.toContain("<img");
    expect(prose).not.toContain("](javascript:");
    expect(prose).toContain("&lt;script&gt;");
    // The structure is the template's: the same headings, in order, and no heading from an answer.
    expect(log.match(/^#{1,3} .*$/gm)?.filter((h) => h.startsWith("## "))).toEqual([
      "## Now",
      "## Incident",
      "## Roles",
      "## Timeline (UTC)",
      "## Decisions",
      "## Messages as published",
      "## Checklists",
      "## Notes",
      "## Check-ins",
      "## Answers",
      "## Resolution",
    ]);
    // Every timeline row has exactly four cells: a | in an answer cannot add one.
    const rows = log.split("\n").filter((l) => /^\| \d{4}-/.test(l));
    for (const row of rows) expect(row.replace(/\\\|/g, "").split("|").length - 2, row).toBe(4);
    // The message text is fenced with a fence longer than any backtick run inside it.
    const fence = log.match(/^(`{4,})text$/m);
    expect(fence).not.toBeNull();
  });
});

describe("drills and the answers file", () => {
  const answers = `title: Winter drill
detected_at: -20m
impact_started_at: "2026-11-21 18:45"
roles: { lead: Ana Ruiz, approver: J. Park }
severity:
  answers: { reach: Thousands, safety_risk: false }
  level: SEV2
  reason: Unsure, so the more severe level
prompts:
  war_room: "#drill"
  confirmed_facts: Nothing real; this is a drill.
  what_changed: Still nothing real.
checklist: { declare: [1, "Tell the team who leads"], acknowledge: true }
messages:
  "*": { approve: true }
  fixture/holding:
    approve: { lead: true, approver: Jo Park }
    publish: { x: "https://x.example/1", bluesky: { skip: Not active there } }
  fixture/update: { publish: { x: { at: -1m } } }
steps:
  fix: { skip: Engineering runs the fix in their own incident }
resolve: { exit_criteria: { quiet: true }, anyway: true, summary: Drill over. }
`;

  it("answers everything from the file, watermarks every draft in a drill, and resolves", async () => {
    const cwd = fixtureWorkspace({ "answers.yaml": answers });
    const io = fakeIo({ cwd: cwd, now: clock("2026-11-21T19:30:00.000Z", 0) });
    expect(await main(["node", "crisis", "start", "fixture", "--drill", "--answers", "answers.yaml"], io)).toBe(0);
    const events = readJournal(path.join(cwd, "incidents", "2026-11-21-fixture")).events;
    const pick = <T extends string>(type: T) => events.filter((e) => e.type === type);
    expect(events[0]).toMatchObject({ type: "incident_opened", data: { drill: true, title: "Winter drill" } });
    // What the post-mortem needs from the playbook is recorded at the start; this playbook has no step that pauses content.
    const opened = events[0]?.type === "incident_opened" ? events[0].data : undefined;
    expect(opened?.roles).toContainEqual({ id: "lead", title: "Incident lead" });
    expect(opened?.roles).toContainEqual({ id: "scribe", title: "Scribe" });
    expect(opened && "contain" in opened).toBe(false);
    const [detected, impact] = pick("milestone");
    expect(detected).toMatchObject({ data: { name: "detected" } });
    expect(new Date(detected!.logged_at).getTime() - new Date(detected!.at).getTime()).toBe(20 * 60_000);
    expect(impact).toMatchObject({ data: { name: "impact_started", estimated: true }, at: "2026-11-21T18:45:00.000Z" });
    // The level the file names is chosen at the declaration; triage scores it (SEV3) and keeps SEV2.
    expect(pick("severity_changed").map((e) => e.data)).toEqual([
      { from: null, to: "SEV2", reason: "chosen at the declaration" },
    ]);
    expect(pick("severity_scored")[0]?.data).toMatchObject({ computed: "SEV3" });
    expect(
      pick("checklist").map((e) => e.type === "checklist" && `${e.data.step}#${e.data.item}=${e.data.done}`),
    ).toEqual(["declare#0=true", "declare#1=true", "acknowledge#0=true"]);
    for (const d of pick("draft_created"))
      expect(d.type === "draft_created" && d.data.text.startsWith("[DRILL] ")).toBe(true);
    expect(
      pick("approved")
        .map((e) => e.type === "approved" && `${e.data.role}:${e.data.by}`)
        .slice(0, 2),
    ).toEqual(["lead:Ana Ruiz", "approver:Jo Park"]);
    expect(pick("published").map((e) => e.type === "published" && [e.data.channel, e.data.url ?? null])).toEqual([
      ["x", "https://x.example/1"],
      ["x", null],
    ]);
    expect(pick("message_skipped")[0]?.data).toMatchObject({ channels: ["bluesky"], reason: "Not active there" });
    expect(pick("step_skipped").map((e) => e.data)).toContainEqual({
      step: "fix",
      reason: "Engineering runs the fix in their own incident",
      by: "responder",
    });
    expect(pick("exit_criterion").map((e) => e.type === "exit_criterion" && e.data.met)).toEqual([true, false]);
    expect(events.at(-1)).toMatchObject({ type: "resolved", data: { summary: "Drill over." } });
    const log = readFileSync(path.join(cwd, "incidents", "2026-11-21-fixture", "incident-log.md"), "utf8");
    expect(log).toContain("> **DRILL.** This incident is an exercise");
  });

  it("names the first required answer the file lacks, with its position", async () => {
    const cwd = fixtureWorkspace({
      "answers.yaml":
        "title: Missing roles\nroles:\n  lead: Ana\nseverity: { answers: { reach: Many thousands } }\nprompts: { war_room: '#room' }\n",
    });
    const io = fakeIo({ cwd: cwd, now: clock() });
    expect(await main(["node", "crisis", "start", "fixture", "--answers", "answers.yaml"], io)).toBe(2);
    expect(io.err()).toContain(
      `${path.join(cwd, "answers.yaml")}:2:1: no answer for roles.approver ("Executive approver: who?"), which is required; add it to the answers file`,
    );
  });

  it("rejects an answers file with unknown keys or wrong choices", async () => {
    const cwd = fixtureWorkspace({ "answers.yaml": "title: X\nrole: { lead: Ana }\n" });
    const io = fakeIo({ cwd: cwd, now: clock() });
    expect(await main(["node", "crisis", "start", "fixture", "--answers", "answers.yaml"], io)).toBe(2);
    expect(io.err()).toMatch(/answers\.yaml:2:1: unknown key "role" \(did you mean "roles"\?\)/);
    writeFileSync(
      path.join(cwd, "answers.yaml"),
      "title: X\nroles: { lead: Ana }\nseverity: { answers: { reach: Lots } }\nprompts: { war_room: '#room' }\n",
    );
    const io2 = fakeIo({ cwd: cwd, now: clock() });
    expect(await main(["node", "crisis", "start", "fixture", "--answers", "answers.yaml"], io2)).toBe(2);
    expect(io2.err()).toContain(
      '"Lots" is not a choice for severity.reach ("How many people have seen it?"); expected one of: A few, Thousands, Many thousands, Everyone',
    );
  });
});
