// @module-tag slow (drives whole incidents through the step engine, in process, many times)
import { describe, expect, it } from "vitest";
import type { Prompter } from "../../src/adapters/terminal/prompter.js";
import type { IncidentState } from "../../src/core/journal/fold.js";
import { getPlaybook } from "../../src/core/playbook/catalog.js";
import { openIncident } from "../../src/services/incident/open.js";
import { openSession } from "../../src/services/incident/session.js";
import { loadWorkspace } from "../../src/services/workspace/workspace.js";
import { drill, TEAM_CONFIG } from "../helpers/drill.js";
import { clock, fakeIo } from "../helpers/io.js";
import { beforeEachQuestion, ESC, scriptedPrompter } from "../helpers/prompter.js";
import { tempDir } from "../helpers/tmp.js";
import { drive, fixtureWorkspace, runInProcess } from "../helpers/workspace.js";

/** A crash (kill -9) injected at a question: nothing in crisis catches it, nothing more is written. */
class Killed extends Error {}

/** Answers the first question, then dies when the next one is asked; records the keys. */
const answerOneThenDie = (inner: Prompter, keys: string[]): Prompter =>
  beforeEachQuestion(inner, (key) => (keys.push(key) > 1 ? new Killed(key) : undefined));

const SCRIPT = {
  "prompts.what_happened": "A video of a customer's tent left out in the rain is being shared widely.",
  "prompts.spreading_on": ["x", "reddit"],
  "prompts.unusable_channels": [],
};

/** What a finished incident holds, without times and hashes. */
const outcome = (s: IncidentState) => ({
  status: s.status,
  severity: s.severity,
  roles: s.roles,
  answers: s.answers,
  checklist: Object.fromEntries(Object.entries(s.checklist).map(([k, v]) => [k, v.done])),
  published: s.publications.map((p) => `${p.template} ${p.channel}`),
  approvals: Object.values(s.approvals).map((a) => a.approved.map((x) => `${x.role}:${x.by}`).join(",")),
  decisions: s.decisions.map((d) => d.what),
  skipped: s.skippedMessages.map((m) => `${m.template} ${m.channels.join(",")}: ${m.reason}`),
});

describe("every answer is on disk before the next question", () => {
  it("a kill after each answer of a whole bundled playbook loses nothing answered", async () => {
    const baseline = await drill("viral-complaint", SCRIPT);
    expect(baseline.state.status).toBe("resolved");

    const cwd = tempDir({ "crisis.config.yaml": TEAM_CONFIG });
    const now = clock("2026-11-21T19:30:00.000Z", 1000);
    const io = fakeIo({ cwd, now });
    const ws = loadWorkspace(io, {});
    const playbook = getPlaybook(ws.catalog, "viral-complaint");
    const dir = openIncident(io, ws, playbook, { title: playbook.title, drill: false, actor: "Tess Tester" }).dir;
    const answeredKeys: string[] = [];
    let pending: string | undefined;
    let runs = 0;
    for (;;) {
      const keys: string[] = [];
      const session = openSession(ws, dir, io, "Tess Tester", undefined);
      if (runs > 0) session.append("session_resumed", {});
      runs++;
      try {
        expect(await drive(io, ws, session, answerOneThenDie(scriptedPrompter(SCRIPT).prompter, keys))).toBe(0);
        answeredKeys.push(...keys);
        break;
      } catch (error) {
        if (!(error instanceof Killed)) throw error;
      }
      // The question asked first after the restart is the one the kill interrupted: none already answered.
      if (pending !== undefined) expect(keys[0], `after ${answeredKeys.length} answers`).toBe(pending);
      answeredKeys.push(keys[0]!);
      pending = keys[1];
      expect(runs).toBeLessThan(1000);
    }
    expect(runs).toBeGreaterThan(50);
    expect(answeredKeys).toEqual(baseline.keys);
    const final = openSession(ws, dir, io, "Tess Tester", undefined).state;
    expect(outcome(final)).toEqual(outcome(baseline.state));
  }, 600_000);
});

describe("corrections", () => {
  it("going back does not duplicate a decision; changing the posture records the new one once", async () => {
    const { state, keys } = await drill("viral-complaint", {
      ...SCRIPT,
      "prompts.posture": ["rebuild", "rebuild", "diminish"],
      "prompts.fix_owner": [ESC, ESC, "Sam Ops"],
      action: ["back", "answer"],
      "action.back.step": "decide",
      "action.change.prompt": "posture",
      "prompts.posture_why": ["We let her down.", "It was the courier, and we fixed it."],
    });
    // The second pass of decide (after going back) kept the posture: no second decision for it.
    expect(keys.filter((k) => k === "prompts.posture")).toHaveLength(3);
    const postures = state.decisions.filter((d) => d.what.startsWith("Response posture: "));
    expect(postures.map((d) => [d.what, d.why])).toEqual([
      ["Response posture: Rebuild (apologise and correct)", "We let her down."],
      ["Response posture: Diminish (explain and fix)", "It was the courier, and we fixed it."],
    ]);
    expect(state.steps.decide?.visits).toBe(2);
  });

  it("changing an earlier answer re-asks only it, in its own step, and redrafts the message that used it", async () => {
    const io = fakeIo({ cwd: fixtureWorkspace(), now: clock() });
    const { prompter, asked } = scriptedPrompter({
      "roles.lead": "Ana Ruiz",
      "severity.reach": "A few",
      "prompts.war_room": "#room",
      "prompts.confirmed_facts": ["Some checkouts fail.", "Card payments fail for Visa only."],
      "message.fixture/holding.approve.lead": [ESC, "approve"],
      action: "answer",
      "action.change.prompt": (q: { choices: { value: string; name: string }[] }) => {
        listed = q.choices.map((c) => c.name);
        return "confirmed_facts";
      },
    });
    let listed: string[] = [];
    const { session } = await runInProcess(io, "fixture", prompter);
    const s = session.state;
    // The answers as they were given: yes/no, not true/false.
    expect(listed).toContain("Did we cause it?: no");
    expect(listed).toContain("What do we know for certain?: Some checkouts fail.");
    expect(s.steps.identify?.visits).toBe(1);
    expect(asked.find((a) => a.key === "action.change.redraft.fixture/holding")?.answer).toBe(true);
    expect(
      s.events.filter((e) => e.type === "answer" && e.data.prompt === "confirmed_facts").map((e) => e.data),
    ).toEqual([
      { step: "identify", prompt: "confirmed_facts", value: "Some checkouts fail." },
      { step: "identify", prompt: "confirmed_facts", value: "Card payments fail for Visa only." },
    ]);
    const pub = s.publications.find((p) => p.template === "fixture/holding")!;
    expect(s.drafts[pub.hash]?.text).toContain("Card payments fail for Visa only.");
    expect(s.drafts[pub.hash]?.revision).toBe(2);
  });

  it("keeps a rejection's reason with every variant of the message", async () => {
    const io = fakeIo({ cwd: fixtureWorkspace(), now: clock() });
    const { prompter } = scriptedPrompter({
      "roles.lead": "Ana Ruiz",
      "severity.reach": "A few",
      "prompts.war_room": "#room",
      "prompts.confirmed_facts": "Some checkouts fail.",
      "message.fixture/holding.approve.lead": ["reject", "approve"],
      "message.fixture/holding.reject_reason.lead": "Say which payments fail",
      "message.fixture/holding.review": ["accept", "edit-channel", "accept", "edit", "accept"],
      "message.fixture/holding.edit_channel": "x",
      "message.fixture/holding.edit.x": "Card payments fail at checkout. Next update by 21:45.",
      "message.fixture/holding.edit": "Card payments fail at checkout; we are on it. Next update by 21:45.",
    });
    const { session } = await runInProcess(io, "fixture", prompter);
    // The X variant was reviewed with the reason given on the shared text, and so was the Bluesky one.
    expect(io.err()).toContain("Rejected by Ana Ruiz (Incident lead): Say which payments fail");
    expect(io.err()).toContain(
      "Rejected earlier (another revision or channel) by Ana Ruiz (Incident lead): Say which payments fail",
    );
    expect(session.state.publications.filter((p) => p.template === "fixture/holding")).toHaveLength(2);
  });
});
