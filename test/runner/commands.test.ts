// @module-tag slow (drives whole incidents through the step engine, in process)
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { readJournal } from "../../src/services/journal/store.js";
import { fixtureWorkspace } from "../helpers/workspace.js";
import { clock, fakeIo } from "../helpers/io.js";

const ANSWERS = `title: Side commands
roles: { lead: Ana Ruiz }
severity: { answers: { reach: A few } }
prompts: { war_room: "#side", confirmed_facts: Facts., what_changed: Nothing. }
messages: { "*": { approve: true, publish: true } }
`;

async function workspaceWithIncident(): Promise<{
  cwd: string;
  dir: string;
  run: (...args: string[]) => Promise<{ code: number; out: string; err: string }>;
}> {
  const cwd = fixtureWorkspace({ "answers.yaml": ANSWERS });
  const now = clock("2026-11-21T19:30:00.000Z", 0);
  const run = async (...args: string[]) => {
    const io = fakeIo({ cwd: cwd, now: now });
    const code = await main(["node", "crisis", ...args], io);
    return { code, out: io.out(), err: io.err() };
  };
  const started = await run("start", "fixture", "--answers", "answers.yaml");
  expect(started.code, started.err).toBe(0);
  now.advance(30 * 60_000);
  return { cwd, dir: path.join(cwd, "incidents", "2026-11-21-fixture"), run };
}

describe("commands on the active incident, from any terminal", () => {
  it("note, decision, severity and checkin append to the open incident", async () => {
    const { dir, run } = await workspaceWithIncident();
    expect((await run("note", "Journalist", "called", "--at", "-15m")).err).toContain(
      "Noted in 2026-11-21-fixture at 2026-11-21T19:45:00Z: Journalist called",
    );
    expect(
      (
        await run(
          "decision",
          "Apologise publicly",
          "--why",
          "We caused it",
          "--alternatives",
          "Explain only",
          "--actor",
          "J. Park",
        )
      ).code,
    ).toBe(0);
    const sev = await run("severity", "sev2", "--reason", "Trade press picked it up");
    expect(sev.err).toContain("severity SEV4 → SEV2. Reason: Trade press picked it up");
    expect(sev.err).toContain("At SEV2 these roles need a person: Executive approver");
    expect((await run("severity", "SEV2", "--reason", "again")).err).toContain("already SEV2; nothing recorded");
    expect((await run("checkin", "--mentions", "1240", "--negative", "61", "--tickets", "30")).code).toBe(0);
    const events = readJournal(dir).events;
    const tail = events.slice(-4).map((e) => [e.type, e.actor, e.data]);
    expect(tail).toEqual([
      ["note", "Tess Tester", { text: "Journalist called" }],
      ["decision", "J. Park", { what: "Apologise publicly", why: "We caused it", alternatives: "Explain only" }],
      ["severity_changed", "Tess Tester", { from: "SEV4", to: "SEV2", reason: "Trade press picked it up" }],
      ["metric_snapshot", "Tess Tester", { mentions_per_hour: 1240, negative_share: 61, support_tickets: 30 }],
    ]);
    expect(events.find((e) => e.type === "note")?.at).toBe("2026-11-21T19:45:00.000Z");
  });

  it("says what is missing instead of waiting for a terminal", async () => {
    const { run } = await workspaceWithIncident();
    expect(await run("decision", "Apologise")).toMatchObject({
      code: 2,
      err: expect.stringContaining('a decision needs its reason\n  add --why "…"') as unknown,
    });
    expect((await run("severity", "SEV1")).code).toBe(2);
    expect((await run("severity", "SEV9", "--reason", "x")).err).toContain('"SEV9" is not a severity');
    expect((await run("checkin")).err).toContain("give --mentions, --negative, --media or --tickets");
    expect((await run("note", "later", "--at", "+2h")).err).toContain("--at +2h: expected now, a relative time");
    expect((await run("note", "x", "--incident", "2026-11-21-fixtur")).err).toContain(
      'no incident "2026-11-21-fixtur"',
    );
  });

  it("list and status report state, severity, elapsed time and the next update due, also as JSON", async () => {
    const { run, dir } = await workspaceWithIncident();
    const list = await run("list");
    expect(list.out.split("\n")[0]).toMatch(/^ID\s+STATUS\s+SEV\s+ELAPSED\s+NEXT UPDATE\s+TITLE$/);
    expect(list.out).toMatch(/2026-11-21-fixture\s+paused\s+SEV4\s+30m\s+\S+.*Side commands/);
    const listed = JSON.parse((await run("list", "--json")).out) as {
      version: number;
      incidents: {
        id: string;
        status: string;
        severity: string;
        next_update_due: string | null;
        elapsed_seconds: number;
      }[];
    };
    expect(listed.version).toBe(1);
    const rows = listed.incidents;
    expect(rows).toEqual([
      expect.objectContaining({ id: "2026-11-21-fixture", status: "paused", severity: "SEV4", elapsed_seconds: 1800 }),
    ]);
    expect(rows[0]?.next_update_due).not.toBeNull();
    const status = JSON.parse((await run("status", "--json")).out) as Record<string, unknown>;
    expect(status).toMatchObject({
      version: 1,
      journal: "incidents/2026-11-21-fixture/journal.jsonl",
      id: "2026-11-21-fixture",
      title: "Side commands",
      status: "paused",
      current_step: { id: "learn", number: 8, of: 8, done: true },
    });
    const text = await run("status");
    expect(text.out).toContain("Next update");
    expect(text.err).toContain("Continue with crisis resume 2026-11-21-fixture");
    // While a crisis start runs it (here: this test's parent process), status says so instead.
    writeFileSync(path.join(dir, ".runner.pid"), `${process.ppid}\n`);
    const running = await run("status");
    expect(running.err).not.toContain("Continue with crisis resume");
    expect(running.err).toContain(`crisis is running this incident in another terminal (process ${process.ppid})`);
    expect((await run("status", "nope")).code).toBe(4);
  });

  it("works on the most recently opened incident that is not resolved", async () => {
    const { cwd, run } = await workspaceWithIncident();
    expect((await run("start", "fixture", "--answers", "answers.yaml")).code).toBe(0);
    await run("note", "to the newest");
    const second = readJournal(path.join(cwd, "incidents", "2026-11-21-fixture-2")).events;
    expect(second.at(-1)).toMatchObject({ type: "note", data: { text: "to the newest" } });
    await run("note", "to the first", "--incident", "2026-11-21-fixture");
    expect(readJournal(path.join(cwd, "incidents", "2026-11-21-fixture")).events.at(-1)).toMatchObject({
      data: { text: "to the first" },
    });
  });

  it("with no incident, says how to start one", async () => {
    const io = fakeIo({ cwd: fixtureWorkspace(), now: clock() });
    expect(await main(["node", "crisis", "note", "hello"], io)).toBe(4);
    expect(io.err()).toContain("no open incident");
    expect(io.err()).toContain("start one with crisis start <playbook>");
  });
});

describe("crisis log: the comms record from any terminal", () => {
  it("logs a media enquiry, updates it when answered, and logs the spokesperson, a stakeholder and evidence", async () => {
    const { dir, run } = await workspaceWithIncident();
    const asked = await run(
      "log",
      "media",
      "--outlet",
      "Daily Ledger",
      "--reporter",
      "Sam Ortiz",
      "--question",
      "How many customers were affected?",
      "--deadline",
      "+90m",
    );
    expect(asked.code, asked.err).toBe(0);
    expect(asked.err).toContain(
      "Media enquiry logged in 2026-11-21-fixture: Daily Ledger, open, deadline 21 Nov 2026 21:30 UTC",
    );
    const answered = await run(
      "log",
      "media",
      "--outlet",
      "daily ledger",
      "--reporter",
      "Sam Ortiz",
      "--answered",
      "--response",
      "Sent the statement",
    );
    expect(answered.err).toContain("Media enquiry updated in 2026-11-21-fixture: daily ledger, answered");
    await run("log", "spokesperson", "--outlet", "Radio Today", "--format", "interview", "--summary", "Apologised");
    await run("log", "stakeholder", "--who", "Regulator", "--channel", "portal", "--summary", "Breach notice filed");
    await run("log", "evidence", "--link", "https://archive.example/post", "--description", "The original post");

    const events = readJournal(dir).events.filter((e) =>
      ["media_enquiry", "spokesperson_appearance", "stakeholder_notice", "evidence"].includes(e.type),
    );
    expect(events.map((e) => [e.type, e.data])).toEqual([
      [
        "media_enquiry",
        {
          outlet: "Daily Ledger",
          reporter: "Sam Ortiz",
          question: "How many customers were affected?",
          deadline: "2026-11-21T21:30:00.000Z",
          status: "open",
        },
      ],
      [
        "media_enquiry",
        {
          outlet: "daily ledger",
          reporter: "Sam Ortiz",
          question: "How many customers were affected?",
          deadline: "2026-11-21T21:30:00.000Z",
          status: "answered",
          response: "Sent the statement",
        },
      ],
      [
        "spokesperson_appearance",
        { spokesperson: "Ana Ruiz", outlet: "Radio Today", format: "interview", summary: "Apologised" },
      ],
      ["stakeholder_notice", { stakeholder: "Regulator", channel: "portal", summary: "Breach notice filed" }],
      ["evidence", { link: "https://archive.example/post", description: "The original post" }],
    ]);
  });

  it("says what is missing, with exit code 2, and writes nothing", async () => {
    const { dir, run } = await workspaceWithIncident();
    const before = readJournal(dir).events.length;
    const noOutlet = await run("log", "media", "--question", "Why?");
    expect(noOutlet.code).toBe(2);
    expect(noOutlet.err).toContain("--outlet is missing");
    const past = await run("log", "media", "--outlet", "X", "--question", "Why?", "--deadline", "-1h");
    expect(past.code).toBe(2);
    expect(past.err).toContain("--deadline -1h: expected a time after the enquiry");
    expect((await run("log")).err).toContain("expected one of: media, spokesperson, stakeholder, evidence");
    expect((await run("log", "evidence", "--link", "shot.png")).err).toContain("--description is missing");
    expect(readJournal(dir).events.length).toBe(before);
  });
});
