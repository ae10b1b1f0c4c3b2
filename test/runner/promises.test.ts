// @module-tag slow (drives whole incidents through the step engine, in process)
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import type { EventType, JournalEvent } from "../../src/core/journal/events.js";
import { foldEvents } from "../../src/core/journal/fold.js";
import { buildEvent } from "../../src/core/journal/lines.js";
import { getPlaybook } from "../../src/core/playbook/catalog.js";
import { publicStatements, updatePromises } from "../../src/core/postmortem/cadence.js";
import { scanJournal } from "../../src/core/postmortem/facts.js";
import { statedTime } from "../../src/core/runner/stated-time.js";
import { openIncident } from "../../src/services/incident/open.js";
import { readJournal } from "../../src/services/journal/store.js";
import { loadWorkspace } from "../../src/services/workspace/workspace.js";
import { drill } from "../helpers/drill.js";
import { clock, fakeIo } from "../helpers/io.js";
import { scriptedPrompter } from "../helpers/prompter.js";
import { drive, fixtureWorkspace, runInProcess } from "../helpers/workspace.js";

const BASE = {
  "roles.lead": "Ana Ruiz",
  "prompts.war_room": "#room",
  "prompts.confirmed_facts": "Some checkouts fail.",
  "severity.reach": "A few",
};

describe("a promise is the time the text states", () => {
  it("an edited text's promise is the time it states, not the one drafted", async () => {
    const io = fakeIo({ cwd: fixtureWorkspace(), now: clock("2026-11-21T19:30:00.000Z", 1000) });
    const { prompter, asked } = scriptedPrompter({
      ...BASE,
      "message.fixture/holding.review": ["edit", "accept"],
      "message.fixture/holding.edit": "We know some checkouts fail and we are on it. Next update tomorrow 09:00.",
    });
    const { session } = await runInProcess(io, "fixture", prompter);
    const holding = session.state.publications.filter((p) => p.template === "fixture/holding");
    expect(holding.map((p) => p.next_update_due)).toEqual(["2026-11-22T09:00:00.000Z", "2026-11-22T09:00:00.000Z"]);
    expect(asked.some((a) => a.key.includes("promise_at"))).toBe(false);
    expect(io.err()).toContain("promises the next update at 22 Nov 2026 09:00 UTC");
  });

  it("asks the time when an edited holding statement states none crisis can read", async () => {
    const io = fakeIo({ cwd: fixtureWorkspace(), now: clock("2026-11-21T19:30:00.000Z", 1000) });
    const { prompter, asked } = scriptedPrompter({
      ...BASE,
      "message.fixture/holding.review": ["edit", "accept"],
      "message.fixture/holding.edit": "We know some checkouts fail. More soon.",
      "message.fixture/holding.promise_at": "21:15",
    });
    const { session } = await runInProcess(io, "fixture", prompter);
    expect(asked.find((a) => a.key === "message.fixture/holding.promise_at")?.message).toBe(
      "When does this text promise the next update? (UTC; e.g. 20:30, 2026-11-22 09:00)",
    );
    const pub = session.state.publications.find((p) => p.template === "fixture/holding");
    expect(pub?.next_update_due).toBe("2026-11-21T21:15:00.000Z");
  });

  it("fills in {{next_update_time}} in an answers file's text, and promises that time", async () => {
    const cwd = fixtureWorkspace({
      "answers.yaml": `title: Checkout errors
roles: { lead: Ana Ruiz }
prompts: { war_room: "#room", confirmed_facts: Some fail., what_changed: Fixed. }
messages:
  "*": { approve: true, publish: true }
  fixture/holding: { text: "Checkout errors. Next update by {{next_update_time}}." }
resolve: { exit_criteria: true }
`,
    });
    const io = fakeIo({ cwd, now: clock("2026-11-21T19:30:00.000Z", 0) });
    expect(await main(["node", "crisis", "start", "fixture", "--answers", "answers.yaml"], io), io.err()).toBe(0);
    const events = readJournal(path.join(cwd, "incidents", "2026-11-21-fixture")).events;
    const pub = events.find((e) => e.type === "published" && e.data.template === "fixture/holding");
    const draft = events.find(
      (e) => e.type === "draft_created" && e.data.hash === (pub?.data as { hash: string }).hash,
    );
    // SEV4: 24 hours from the draft, rounded up to five minutes.
    expect((draft?.data as { text: string }).text).toBe("Checkout errors. Next update by 22 Nov 2026 19:30 UTC.");
    expect((pub?.data as { next_update_due: string }).next_update_due).toBe("2026-11-22T19:30:00.000Z");
  });

  it("reads the times people write", async () => {
    const now = new Date("2026-11-21T19:30:00Z");
    const read = async (text: string) => (await statedTime(text, now))?.toISOString();
    expect(await read("Next update by 21 Nov 2026 20:30 UTC.")).toBe("2026-11-21T20:30:00.000Z");
    expect(await read("We'll be back at 18:00.")).toBe("2026-11-22T18:00:00.000Z");
    expect(await read("More on Monday at 9am.")).toBe("2026-11-23T09:00:00.000Z");
    expect(await read("Posted at 19:00. Next update at 22:00.")).toBe("2026-11-21T22:00:00.000Z");
    expect(await read("We are looking into it.")).toBeUndefined();
  });
});

function journal(list: [EventType, object][]): JournalEvent[] {
  return list.map(([type, data], seq) =>
    buildEvent(seq, { type, data, actor: "Ana" }, new Date(Date.UTC(2026, 10, 21, 19, 30 + seq))),
  );
}

const published = (kind: string, due: string | null) =>
  [
    "published",
    { hash: kind, channel: "x", template: `t/${kind}`, audience: "public", next_update_due: due, kind },
  ] as [EventType, object];

describe("only holding statements and updates make promises", () => {
  const events = journal([
    [
      "incident_opened",
      {
        incident_id: "i",
        title: "T",
        playbook: { id: "p", version: "1", title: "P", crisis_type: "other" },
        drill: false,
      },
    ],
    published("holding", "2026-11-21T20:30:00.000Z"),
    published("reply", null),
    published("apology", "2026-11-21T20:30:00.000Z"),
    published("update", "2026-11-21T21:30:00.000Z"),
  ]);

  it("a reply never clears a promise; an update replaces it; a final statement ends it", () => {
    expect(foldEvents(events.slice(0, 3)).nextUpdateDue).toBe("2026-11-21T20:30:00.000Z");
    expect(foldEvents(events.slice(0, 4)).nextUpdateDue).toBe("2026-11-21T20:30:00.000Z");
    expect(foldEvents(events).nextUpdateDue).toBe("2026-11-21T21:30:00.000Z");
    const ended = [...events, ...journal([published("final", null)]).map((e) => ({ ...e, seq: 5 }))];
    expect(foldEvents(ended).nextUpdateDue).toBeNull();
  });

  it("in the post-mortem, a reply neither makes a promise nor keeps one", () => {
    const facts = scanJournal(events);
    const promises = updatePromises(facts, publicStatements(facts));
    expect(promises.map((p) => [new Date(p.due).toISOString(), p.outcome])).toEqual([
      ["2026-11-21T20:30:00.000Z", "kept"],
      ["2026-11-21T21:30:00.000Z", "pending"],
    ]);
    expect(promises[0]?.next_at).toBe(Date.parse("2026-11-21T19:34:00.000Z"));
  });

  it("in a whole bundled incident, no reply, apology or notice moves the promise", async () => {
    const { state } = await drill("viral-complaint", {
      "prompts.spreading_on": ["x"],
      "prompts.unusable_channels": [],
    });
    const pubs = state.events.filter((e) => e.type === "published" && e.data.audience === "public");
    expect(pubs.some((e) => e.type === "published" && !["holding", "update", "final"].includes(e.data.kind!))).toBe(
      true,
    );
    for (const e of pubs) {
      if (e.type !== "published" || ["holding", "update", "final"].includes(e.data.kind!)) continue;
      const before = foldEvents(state.events.filter((x) => x.seq < e.seq)).nextUpdateDue;
      const after = foldEvents(state.events.filter((x) => x.seq <= e.seq)).nextUpdateDue;
      expect(after, `${e.data.template} (${e.data.kind})`).toBe(before);
    }
  });
});

describe("time passes while the runner waits", () => {
  it("records an overdue promise at its time while the runner is idle at a question, and shows it live", async () => {
    const now = clock("2026-11-21T19:30:00.000Z", 1000);
    const io = fakeIo({ cwd: fixtureWorkspace(), now });
    const ws = loadWorkspace(io, {});
    const playbook = getPlaybook(ws.catalog, "fixture");
    const session = openIncident(io, ws, playbook, { title: "Idle", drill: false, actor: "Tess Tester" });
    const ticks: (() => void)[] = [];
    const lines: (string | undefined)[] = [];
    let seenWhileIdle: JournalEvent[] = [];
    const { prompter } = scriptedPrompter({
      ...BASE,
      "prompts.confirmed_facts": () => {
        for (const tick of ticks) tick();
        return "Some checkouts fail.";
      },
      "prompts.mitigated": () => {
        for (const tick of ticks) tick();
        // The responder leaves the question open for 25 hours (SEV4 promises within 24 hours); the timer fires.
        now.advance(25 * 3_600_000);
        for (const tick of ticks) tick();
        seenWhileIdle = readJournal(session.dir).events;
        return false;
      },
    });
    const code = await drive(io, ws, session, prompter, {
      every: (_ms, tick) => {
        ticks.push(tick);
        return () => ticks.splice(ticks.indexOf(tick), 1);
      },
      status: (line) => lines.push(line),
    });
    expect(code).toBe(0);
    const holding = session.state.publications.find((p) => p.template === "fixture/holding")!;
    // On disk before the question was answered, dated at the promised time, by crisis.
    const missed = seenWhileIdle.filter((e) => e.type === "cadence_missed");
    expect(missed).toHaveLength(1);
    expect(missed[0]).toMatchObject({
      actor: "crisis",
      at: holding.next_update_due,
      data: { due: holding.next_update_due },
    });
    expect(seenWhileIdle.some((e) => e.type === "answer" && e.data.prompt === "mitigated")).toBe(false);
    // The next question says so, and where the update is published (the next question is in that step).
    expect(io.err()).toContain(
      "is overdue (recorded as missed). Publish one as soon as you can: in this step, Publish an update.",
    );
    // The status line counted down to the first response, then to the promise, then said it was overdue.
    const shown = lines.filter((l): l is string => l !== undefined);
    expect(shown.some((l) => l.includes("First public response (SEV4 target 4h) due"))).toBe(true);
    expect(shown.some((l) => l.includes("Next public update promised for") && l.includes("left"))).toBe(true);
    expect(shown.some((l) => /Next public update promised for 19:35 UTC: OVERDUE by \d+m \d+s/.test(l))).toBe(true);
    // Once the first public message is out, the countdown to it stops.
    const firstOut = shown.findIndex((l) => l.includes("Next public update"));
    expect(shown.slice(firstOut).some((l) => l.includes("First public response"))).toBe(false);
    // The timer stops and the line is cleared when the run ends.
    expect(lines.at(-1)).toBeUndefined();
    expect(ticks).toEqual([]);
  });

  it("refuses a publication time before the text's approval", async () => {
    const cwd = fixtureWorkspace({
      "answers.yaml": `title: Checkout errors
roles: { lead: Ana Ruiz }
prompts: { war_room: "#room", confirmed_facts: Some fail. }
messages:
  "*": { approve: true }
  fixture/holding: { publish: { x: { at: -2h } } }
`,
    });
    const io = fakeIo({ cwd, now: clock("2026-11-21T19:30:00.000Z", 0) });
    expect(await main(["node", "crisis", "start", "fixture", "--answers", "answers.yaml"], io)).toBe(2);
    expect(io.err()).toContain("that is before the text was approved (21 Nov 2026 19:30 UTC)");
    const events = readJournal(path.join(cwd, "incidents", "2026-11-21-fixture")).events;
    expect(events.some((e) => e.type === "published")).toBe(false);
  });
});
