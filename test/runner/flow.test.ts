// @module-tag slow (drives whole incidents through the step engine, in process)
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { IncidentSession } from "../../src/services/incident/session.js";
import { readJournal } from "../../src/services/journal/store.js";
import { sha256 } from "../../src/core/runner/drafts.js";
import { ESC, scriptedPrompter } from "../helpers/prompter.js";
import { fixtureWorkspace, runInProcess } from "../helpers/workspace.js";
import { clock, fakeIo } from "../helpers/io.js";

const BASE = {
  "roles.lead": "Ana Ruiz",
  "severity.reach": "A few",
  "prompts.war_room": "#crisis-room",
  "prompts.confirmed_facts": "Some checkouts fail.",
  "checklist.declare": ["0"],
};

function setup(script: Record<string, unknown> = {}, start = "2026-11-21T19:30:00.000Z") {
  const io = fakeIo({ cwd: fixtureWorkspace(), now: clock(start, 1000) });
  return { io, ...scriptedPrompter({ ...BASE, ...script }) };
}

const keysOf = (asked: { key: string }[], prefix: string) =>
  asked.map((a) => a.key).filter((k) => k.startsWith(prefix));

describe("the step engine", () => {
  it("walks the steps in order, skips a step whose condition is false, and records every answer", async () => {
    const { io, prompter, asked } = setup();
    const { code, session } = await runInProcess(io, "fixture", prompter);
    expect(code).toBe(0);
    const s = session.state;
    expect(keysOf(asked, "prompts.")).toEqual([
      "prompts.what_happened",
      "prompts.war_room",
      "prompts.detected_how",
      "prompts.confirmed_facts",
      "prompts.we_caused_it",
      "prompts.mitigated",
      "prompts.what_changed",
      "prompts.review_date",
    ]);
    expect(s.steps.apology).toMatchObject({ status: "skipped", skip: { by: "condition" } });
    expect(s.answers).toMatchObject({
      war_room: "#crisis-room",
      confirmed_facts: "Some checkouts fail.",
      we_caused_it: false,
    });
    // Unticked checklist items are recorded as open.
    expect(s.checklist["declare#0"]?.done).toBe(true);
    expect(s.checklist["declare#1"]).toMatchObject({ done: false, text: "Tell the team who leads" });
    expect(s.milestones.map((m) => m.name)).toEqual(["detected", "impact_started"]);
    const log = readFileSync(path.join(session.dir, "incident-log.md"), "utf8");
    expect(log).toContain("- [ ] Tell the team who leads");
    // The screen showed phase, position, countdown and the always-visible actions.
    expect(io.err()).toContain("DECLARE AND ASSEMBLE · step 1 of 8");
    expect(io.err()).toMatch(/target 15m: \d+m left/);
    expect(io.err()).toContain(
      "Esc at any question: note · decision · check-in · severity · roles · change an answer · skip step · back · pause · resolve",
    );
  });

  it("shows a step whose condition holds, and records a milestone a prompt marks", async () => {
    const { io, prompter, asked } = setup({
      "prompts.we_caused_it": true,
      "prompts.apology_for": "The wrong e-mail",
      "prompts.mitigated": true,
    });
    const { session } = await runInProcess(io, "fixture", prompter);
    expect(keysOf(asked, "prompts.")).toContain("prompts.apology_for");
    expect(session.state.steps.apology?.status).toBe("completed");
    expect(session.state.milestones.find((m) => m.name === "mitigated")).toMatchObject({ step: "fix" });
  });

  it("scores severity, asks for the roles that level requires, and needs their approval of the exact text", async () => {
    const { io, prompter, asked } = setup({
      "severity.reach": "Many thousands",
      "roles.approver": "J. Park",
      "message.fixture/holding.url.x": "https://x.example/northwind/1",
    });
    const { session } = await runInProcess(io, "fixture", prompter);
    const s = session.state;
    expect(s.scored).toMatchObject({ computed: "SEV2", reasons: ["Reach: SEV2 (Many thousands)"] });
    expect(s.severity).toBe("SEV2");
    expect(s.roles).toMatchObject({ lead: "Ana Ruiz", approver: "J. Park" });
    expect(io.err()).toContain("If you are unsure between two levels, choose the more severe one.");
    const holding = s.publications.filter((p) => p.template === "fixture/holding");
    expect(holding.map((p) => p.channel)).toEqual(["x", "bluesky"]);
    const text = s.drafts[holding[0]!.hash]!.text;
    expect(sha256(text)).toBe(holding[0]!.hash);
    expect(s.approvals[holding[0]!.hash]?.approved.map((a) => [a.role, a.by])).toEqual([
      ["lead", "Ana Ruiz"],
      ["approver", "J. Park"],
    ]);
    expect(holding[0]!.url).toBe("https://x.example/northwind/1");
    // The promise is the update interval at SEV2 (60m) from drafting, rounded up to 5 minutes, and it is in the text.
    const promise = holding[0]!.next_update_due!;
    expect(new Date(promise).getUTCMinutes() % 5).toBe(0);
    expect(text).toContain("Next update by 21 Nov 2026");
    expect(asked.some((a) => a.key === "message.fixture/holding.approve.approver")).toBe(true);
    // Per-channel counts against each limit were on screen.
    expect(io.err()).toMatch(/X \d+\/280 ✓ {2}· {2}Bluesky \d+\/300 ✓/);
  });

  it("records a publication before anything can pause: Esc at the optional link question opens no action menu", async () => {
    const { io, prompter, asked } = setup({
      "message.fixture/holding.url.x": [ESC, ""],
      action: "pause",
    });
    const { session } = await runInProcess(io, "fixture", prompter);
    expect(asked.some((a) => a.key === "action")).toBe(false);
    const s = session.state;
    const x = s.publications.find((p) => p.template === "fixture/holding" && p.channel === "x");
    expect(x).toBeDefined();
    expect(x!.url).toBeUndefined();
    expect(s.nextUpdateDue).toBeDefined();
  });

  it("marks a text over a channel's limit, and records an edit as a new revision with its own hash", async () => {
    // Over X's 280 but within Bluesky's 300.
    const long = `We know. ${"Details follow. ".repeat(18)}`;
    const { io, prompter } = setup({
      "message.fixture/holding.review": ["edit", "accept", "edit-channel", "accept"],
      "message.fixture/holding.edit": long,
      "message.fixture/holding.over_limit": false,
      "message.fixture/holding.edit_channel": "x",
      "message.fixture/holding.edit.x": "Short for X.",
      "message.fixture/holding.promise_at": "23:00",
      "message.fixture/holding.promise_at.x": "23:30",
    });
    const { session } = await runInProcess(io, "fixture", prompter);
    expect(io.err()).toMatch(/X \d+\/280 OVER BY \d+/);
    const drafts = session.state.events.filter(
      (e) => e.type === "draft_created" && e.data.template === "fixture/holding",
    );
    expect(drafts.map((e) => e.type === "draft_created" && [e.data.channel, e.data.revision, e.data.edited])).toEqual([
      ["x", 1, false],
      ["bluesky", 1, false],
      ["x", 2, true],
      ["bluesky", 2, true],
      ["x", 3, true],
    ]);
    const pubs = session.state.publications.filter((p) => p.template === "fixture/holding");
    expect(pubs.map((p) => [p.channel, session.state.drafts[p.hash]?.text])).toEqual([
      ["x", "Short for X."],
      ["bluesky", long.trimEnd()],
    ]);
  });

  it("sends a rejected text back to editing and asks for approval of the new text", async () => {
    const { io, prompter } = setup({
      "message.fixture/holding.approve.lead": ["reject", "approve"],
      "message.fixture/holding.reject_reason.lead": "Too vague",
      "message.fixture/holding.review": ["accept", "edit", "accept"],
      "message.fixture/holding.edit": "A clearer holding statement.",
      "message.fixture/holding.promise_at": "22:15",
    });
    const { session } = await runInProcess(io, "fixture", prompter);
    const s = session.state;
    const rejected = s.events.find((e) => e.type === "rejected");
    expect(rejected?.data).toMatchObject({ role: "lead", by: "Ana Ruiz", reason: "Too vague" });
    const pub = s.publications.find((p) => p.template === "fixture/holding")!;
    expect(s.drafts[pub.hash]?.text).toBe("A clearer holding statement.");
    expect(s.approvals[pub.hash]?.approved.map((a) => a.role)).toEqual(["lead"]);
    expect(rejected?.type === "rejected" && rejected.data.hash).not.toBe(pub.hash);
  });

  it("offers the actions at any question: note, decision, check-in, severity, roles", async () => {
    const { io, prompter } = setup({
      "prompts.war_room": [ESC, ESC, ESC, ESC, ESC, "#room"],
      action: ["note", "decision", "checkin", "severity", "roles"],
      "action.note.text": "Journalist from the Daily Post called",
      "action.note.at": "-5m",
      "action.decision.what": "No comment on the cause yet",
      "action.decision.why": "Engineering has not confirmed it",
      "action.decision.alternatives": "Name the supplier",
      "checkin.mentions_per_hour": 1240,
      "checkin.negative_share": 61,
      "checkin.media_pickups": undefined,
      "checkin.support_tickets": 30,
      "action.severity.how": "pick",
      "action.severity.level": "SEV1",
      "action.severity.reason": "National news picked it up",
      "roles.approver": "J. Park",
      "action.roles.role": "scribe",
      "action.roles.person": "Sam Scribe",
    });
    const { session } = await runInProcess(io, "fixture", prompter);
    const s = session.state;
    expect(s.notes[0]).toMatchObject({ text: "Journalist from the Daily Post called", step: "declare" });
    const noteEvent = s.events.find((e) => e.type === "note")!;
    const backdated = new Date(noteEvent.logged_at).getTime() - new Date(noteEvent.at).getTime();
    expect(backdated).toBeGreaterThanOrEqual(5 * 60_000);
    expect(backdated).toBeLessThan(6 * 60_000);
    expect(s.decisions[0]).toMatchObject({
      what: "No comment on the cause yet",
      why: "Engineering has not confirmed it",
      alternatives: "Name the supplier",
      step: "declare",
    });
    expect(s.snapshots[0]).toMatchObject({ mentions_per_hour: 1240, negative_share: 61, support_tickets: 30 });
    // Esc → severity during the declaration: its own severity question is not asked then.
    expect(s.severityHistory.map((h) => [h.from, h.to])).toEqual([[null, "SEV1"]]);
    expect(s.roles).toMatchObject({ approver: "J. Park", scribe: "Sam Scribe" });
    expect(s.answers.war_room).toBe("#room");
  });

  it("Esc → Log records a media enquiry, a stakeholder told and evidence, as crisis log does", async () => {
    const { io, prompter } = setup({
      "prompts.war_room": [ESC, ESC, ESC, "#room"],
      action: ["log", "log", "log"],
      "action.log.kind": ["media_enquiry", "stakeholder_notice", "evidence"],
      "comms.media_enquiry.outlet": "Daily Ledger",
      "comms.media_enquiry.reporter": "",
      "comms.media_enquiry.question": "Is card data affected?",
      "comms.media_enquiry.deadline": "+1h",
      "comms.media_enquiry.status": "open",
      "comms.stakeholder_notice.stakeholder": "Board",
      "comms.stakeholder_notice.channel": "call",
      "comms.stakeholder_notice.summary": "",
      "comms.evidence.link": "https://archive.example/1",
      "comms.evidence.description": "The first post, archived",
    });
    const { session } = await runInProcess(io, "fixture", prompter);
    const logged = session.state.events.filter((e) =>
      ["media_enquiry", "stakeholder_notice", "evidence"].includes(e.type),
    );
    expect(logged.map((e) => e.data)).toEqual([
      {
        outlet: "Daily Ledger",
        question: "Is card data affected?",
        deadline: expect.stringMatching(/^2026-11-21T20:3\d:\d\d\.\d{3}Z$/) as unknown,
        status: "open",
      },
      { stakeholder: "Board", channel: "call" },
      { link: "https://archive.example/1", description: "The first post, archived" },
    ]);
  });

  it("skips a step with a reason, and goes back to an earlier step", async () => {
    const { io, prompter, asked } = setup({
      "prompts.confirmed_facts": [ESC, "Facts, second time"],
      "prompts.mitigated": [ESC, true],
      action: ["skip", "back"],
      "action.skip.reason": "Engineering owns the facts",
      "action.back.step": "identify",
      "prompts.we_caused_it": false,
    });
    const { session } = await runInProcess(io, "fixture", prompter);
    const types = session.state.events.filter((e) => ["step_skipped", "went_back"].includes(e.type)).map((e) => e.data);
    expect(types).toEqual([
      { step: "identify", reason: "Engineering owns the facts", by: "responder" },
      { step: "apology", reason: "condition not met: we_caused_it == true", by: "condition" },
      { from: "fix", to: "identify" },
      { step: "apology", reason: "condition not met: we_caused_it == true", by: "condition" },
    ]);
    expect(session.state.answers.confirmed_facts).toBe("Facts, second time");
    // Going back re-asks the step; the holding statement already went out, so it is not drafted again.
    expect(keysOf(asked, "prompts.").filter((k) => k === "prompts.confirmed_facts")).toHaveLength(2);
    expect(session.state.steps.identify?.visits).toBe(2);
  });
});

describe("time and other terminals", () => {
  it("records a missed update promise once, at the promised time, and a new update resets it", async () => {
    const now = clock("2026-11-21T19:30:00.000Z", 1000);
    const io = fakeIo({ cwd: fixtureWorkspace(), now: now });
    const { prompter } = scriptedPrompter({
      ...BASE,
      "severity.reach": "Many thousands",
      "roles.approver": "J. Park",
      "prompts.mitigated": () => {
        now.advance(2 * 3_600_000);
        return false;
      },
    });
    const { session } = await runInProcess(io, "fixture", prompter);
    const s = session.state;
    const holding = s.publications.find((p) => p.template === "fixture/holding")!;
    const missed = s.events.filter((e) => e.type === "cadence_missed");
    expect(missed).toHaveLength(1);
    expect(missed[0]).toMatchObject({
      actor: "crisis",
      at: holding.next_update_due,
      data: { due: holding.next_update_due },
    });
    expect(io.err()).toContain("is overdue (recorded as missed)");
    const update = s.publications.find((p) => p.template === "fixture/update")!;
    expect(update.next_update_due! > holding.next_update_due!).toBe(true);
  });

  it("repeats a repeating step on request, drafting the message afresh", async () => {
    const { io, prompter, asked } = setup({
      "step.update.repeat": ["again", "next"],
      "prompts.what_changed": ["First change.", "Second change."],
    });
    const { session } = await runInProcess(io, "fixture", prompter);
    expect(session.state.steps.update?.visits).toBe(2);
    const updates = session.state.publications.filter((p) => p.template === "fixture/update");
    expect(updates.map((p) => session.state.drafts[p.hash]?.text.match(/: (.*) Next/)?.[1])).toEqual([
      "First change.",
      "Second change.",
    ]);
    expect(asked.find((a) => a.key === "message.fixture/update.again")?.answer).toBe(true);
  });

  it("picks up what other terminals record while it runs", async () => {
    const io = fakeIo({ cwd: fixtureWorkspace(), now: clock() });
    let dir = "";
    const { prompter, asked } = scriptedPrompter({
      ...BASE,
      "prompts.war_room": (q: { key?: string }) => {
        dir = readdirSync(path.join(io.cwd, "incidents"))
          .filter((d) => !d.startsWith("."))
          .map((d) => path.join(io.cwd, "incidents", d))[0]!;
        const other = IncidentSession.open(dir, {
          actor: "Other Terminal",
          now: () => new Date("2026-11-21T19:31:00Z"),
        });
        other.append("note", { text: "Journalist called" });
        other.append("severity_changed", { from: "SEV4", to: "SEV2", reason: "Trade press picked it up" });
        return q.key ? "#room" : "";
      },
      "roles.approver": "J. Park",
    });
    const { session } = await runInProcess(io, "fixture", prompter);
    const s = session.state;
    expect(s.notes.map((n) => [n.actor, n.text])).toEqual([["Other Terminal", "Journalist called"]]);
    // The runner saw SEV2: it asked for the approver SEV2 requires, and SEV2's policy governed approval.
    expect(asked.some((a) => a.key === "roles.approver")).toBe(true);
    const holding = s.publications.find((p) => p.template === "fixture/holding")!;
    expect(s.approvals[holding.hash]?.approved.map((a) => a.role)).toEqual(["lead", "approver"]);
    expect(readJournal(dir).events.map((e) => e.seq)).toEqual(s.events.map((_, i) => i));
  });
});
