// @module-tag slow (drives whole incidents through the step engine, in process)
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { loadWorkspace } from "../../src/services/workspace/workspace.js";
import { openSession } from "../../src/services/incident/session.js";
import type { IncidentState } from "../../src/core/journal/fold.js";
import { readJournal } from "../../src/services/journal/store.js";
import type { Prompter } from "../../src/adapters/terminal/prompter.js";
import { InterruptError } from "../../src/errors.js";
import { ESC, scriptedPrompter } from "../helpers/prompter.js";
import { drive, fixtureWorkspace, runInProcess } from "../helpers/workspace.js";
import { clock, fakeIo } from "../helpers/io.js";

const SCRIPT = {
  "roles.lead": "Ana Ruiz",
  "severity.reach": "Many thousands",
  "roles.approver": "J. Park",
  "prompts.war_room": "#crisis-room",
  "prompts.confirmed_facts": "Some checkouts fail.",
  "prompts.we_caused_it": true,
  "prompts.apology_for": "The failed orders",
  "checklist.declare": ["0"],
  "prompts.mitigated": true,
};

/** What a finished incident holds, without times and hashes (which depend on the clock). */
function outcome(s: IncidentState) {
  return {
    status: s.status,
    severity: s.severity,
    roles: s.roles,
    answers: Object.fromEntries(Object.entries(s.answers).filter(([k]) => k !== "review_date")),
    steps: Object.fromEntries(Object.entries(s.steps).map(([k, v]) => [k, v.status])),
    checklist: Object.fromEntries(Object.entries(s.checklist).map(([k, v]) => [k, v.done])),
    published: s.publications.map((p) => `${p.template} ${p.channel}`),
    approvals: Object.values(s.approvals).map((a) => a.approved.map((x) => `${x.role}:${x.by}`).join(",")),
  };
}

/** Stops with Ctrl+C at the n-th question (0-based); otherwise answers from the script. */
function interruptAt(n: number, inner: Prompter): Prompter {
  let count = 0;
  const stop = <R>(ask: () => Promise<R>): Promise<R> =>
    count++ === n ? Promise.reject(new InterruptError("interrupted")) : ask();
  return {
    text: (q) => stop(() => inner.text(q)),
    longText: (q) => stop(() => inner.longText(q)),
    select: (q) => stop(() => inner.select(q)),
    search: (q) => stop(() => inner.search(q)),
    checkbox: (q) => stop(() => inner.checkbox(q)),
    confirm: (q) => stop(() => inner.confirm(q)),
    number: (q) => stop(() => inner.number(q)),
  };
}

describe("interrupting and resuming", () => {
  it("Ctrl+C at any question keeps every answer, and resume continues where it stopped and ends the same", async () => {
    const base = scriptedPrompter(SCRIPT);
    const baseline = await runInProcess(fakeIo({ cwd: fixtureWorkspace(), now: clock() }), "fixture", base.prompter);
    const keys = base.asked.map((a) => a.key);
    const expected = outcome(baseline.session.state);
    expect(expected.status).toBe("resolved");

    for (let n = 0; n < keys.length; n += 3) {
      const io = fakeIo({ cwd: fixtureWorkspace(), now: clock() });
      const first = scriptedPrompter(SCRIPT);
      const stopped = await runInProcess(io, "fixture", interruptAt(n, first.prompter));
      expect(stopped.code, `interrupt at question ${n} (${keys[n]})`).toBe(130);
      expect(io.err()).toContain(`Continue with: crisis resume ${stopped.session.id}`);
      const before = readFileSync(path.join(stopped.session.dir, "journal.jsonl"), "utf8");
      expect(before.trimEnd().split("\n").at(-1)).toContain('"how":"interrupted"');
      // The log was current when it stopped.
      expect(readFileSync(path.join(stopped.session.dir, "incident-log.md"), "utf8")).toContain(
        "| Status | open, paused",
      );

      const ws = loadWorkspace(io, {});
      const session = openSession(ws, stopped.session.dir, io, "Tess Tester", undefined);
      const again = scriptedPrompter(SCRIPT);
      expect(await drive(io, ws, session, again.prompter)).toBe(0);
      // It picks up at the question it stopped at, never one already answered (answers that record
      // one thing together, like the resolution's three questions, are kept as they are given).
      const resumedKeys = again.asked.map((a) => a.key);
      expect(resumedKeys[0], `resumed after stopping at ${keys[n]}`).toBe(keys[n]);
      expect(resumedKeys).toEqual(keys.slice(n));
      expect(outcome(session.state)).toEqual(expected);
      // Nothing recorded before the interruption was rewritten.
      expect(readFileSync(path.join(session.dir, "journal.jsonl"), "utf8").startsWith(before)).toBe(true);
    }
  }, 120_000);

  it("the pause action stops cleanly and says how to continue", async () => {
    const io = fakeIo({ cwd: fixtureWorkspace(), now: clock() });
    const { prompter } = scriptedPrompter({ ...SCRIPT, "prompts.confirmed_facts": ESC, action: "pause" });
    const { code, session } = await runInProcess(io, "fixture", prompter);
    expect(code).toBe(0);
    expect(session.state.paused).toBe(true);
    expect(session.state.events.at(-1)).toMatchObject({
      type: "session_paused",
      data: { step: "identify", how: "paused" },
    });
    expect(io.err()).toContain(`Continue with: crisis resume ${session.id}`);
  });

  it("waiting for an approval pauses at that approval, and resume asks for it first", async () => {
    const io = fakeIo({ cwd: fixtureWorkspace(), now: clock() });
    const first = scriptedPrompter({ ...SCRIPT, "message.fixture/holding.approve.approver": "wait" });
    const { code, session, ws } = await runInProcess(io, "fixture", first.prompter);
    expect(code).toBe(0);
    expect(io.err()).toContain("Paused waiting for Executive approver (J. Park)");
    const again = scriptedPrompter(SCRIPT);
    await drive(io, ws, openSession(ws, session.dir, io, "Tess Tester", undefined), again.prompter);
    expect(again.asked[0]?.key).toBe("message.fixture/holding.approve.approver");
  });
});

describe("crisis resume", () => {
  const answers = (extra = "") => `title: Checkout errors
roles: { lead: Ana Ruiz, approver: J. Park }
severity: { answers: { reach: Many thousands } }
prompts:
  war_room: "#crisis"
  what_changed: Fixed for most customers.
${extra}
messages:
  "*": { approve: true, publish: true }
resolve: { exit_criteria: true, summary: Over. }
`;

  it("reports a torn last line, keeps it, and continues", async () => {
    const cwd = fixtureWorkspace({ "answers.yaml": answers() });
    const io = fakeIo({ cwd: cwd, now: clock() });
    expect(await main(["node", "crisis", "start", "fixture", "--answers", "answers.yaml"], io)).toBe(2);
    expect(io.err()).toMatch(
      /answers\.yaml:\d+:\d+: no answer for prompts\.confirmed_facts \("What do we know for certain\?"\), which is required/,
    );
    expect(io.err()).toContain("then run crisis resume 2026-11-21-fixture --answers answers.yaml");
    const dir = path.join(cwd, "incidents", "2026-11-21-fixture");
    const events = readJournal(dir).events.length;
    appendFileSync(path.join(dir, "journal.jsonl"), '{"v":1,"seq":999,"at":"2026-11-21T19:');

    writeFileSync(path.join(cwd, "answers.yaml"), answers("  confirmed_facts: Some checkouts fail."));
    const io2 = fakeIo({ cwd: cwd, now: clock() });
    expect(await main(["node", "crisis", "resume", "--answers", "answers.yaml"], io2)).toBe(0);
    expect(io2.err()).toMatch(new RegExp(`journal\\.jsonl:${events + 1}: the last line was cut off mid-write`));
    const read = readJournal(dir);
    expect(read.invalid.map((x) => x.line)).toEqual([events + 1]);
    expect(read.invalid[0]?.message).toContain("not valid JSON");
    expect(read.events.at(-1)?.type).toBe("resolved");
    expect(read.events.map((e) => e.seq)).toEqual(read.events.map((_, i) => i));
  });

  it("refuses a resolved incident, and a missing terminal without --answers", async () => {
    const cwd = fixtureWorkspace({ "answers.yaml": answers("  confirmed_facts: Facts.") });
    expect(
      await main(
        ["node", "crisis", "start", "fixture", "--answers", "answers.yaml"],
        fakeIo({ cwd: cwd, now: clock() }),
      ),
    ).toBe(0);
    const io = fakeIo({ cwd: cwd, now: clock() });
    expect(await main(["node", "crisis", "resume", "2026-11-21-fixture"], io)).toBe(4);
    expect(io.err()).toContain("incident 2026-11-21-fixture is resolved; there is nothing to resume");
    const io2 = fakeIo({ cwd: cwd, now: clock() });
    expect(await main(["node", "crisis", "start", "fixture"], io2)).toBe(2);
    expect(io2.err()).toContain("crisis start asks questions, and there is no terminal to ask them in");
    expect(io2.err()).toContain("--answers answers.yaml");
  });
});
