import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { EventData, EventType, JournalEvent } from "../../src/core/journal/events.js";
import { foldEvents } from "../../src/core/journal/fold.js";
import { buildEvent, parseJournal } from "../../src/core/journal/lines.js";
import { orderEvents } from "../../src/core/journal/order.js";
import { buildLogView } from "../../src/core/incident-log/view.js";
import { waitingTexts } from "../../src/core/incident/waiting.js";
import { FIXTURES } from "../helpers/workspace.js";

/** An event written by `replica` with Lamport clock `clock`; ids sort by the given suffix. */
function ev<T extends EventType>(
  replica: string,
  clock: number,
  id: string,
  type: T,
  data: EventData<T>,
  supersedes?: string,
): JournalEvent {
  const at = new Date(Date.UTC(2026, 10, 21, 19, 30, clock));
  return buildEvent(
    { id: `${id}`.padEnd(16, "0"), replica, clock, seq: clock - 1 },
    { type, data, actor: replica.startsWith("b") ? "Jordan" : "Ana", at, supersedes },
    at,
  );
}

const opened = ev("a.aaaa", 1, "open", "incident_opened", {
  incident_id: "i",
  title: "T",
  playbook: { id: "p", version: "1", title: "P", crisis_type: "x" },
  drill: true,
  host: "ana-laptop",
});

const shuffled = <T>(list: T[]) => [...list].reverse();

describe("merging journals of several machines", () => {
  it("reads a v1 journal with derived ids, replica v1 and clock seq + 1, in its own order, the same on every read", () => {
    const text = readFileSync(path.join(FIXTURES, "journals", "sev1-data-breach.jsonl"), "utf8");
    const first = parseJournal(text).events;
    expect(first.length).toBeGreaterThan(10);
    expect(first.every((e, i) => e.replica === "v1" && e.clock === e.seq + 1 && e.seq === i)).toBe(true);
    expect(first.every((e) => /^[0-9a-f]{32}$/.test(e.id))).toBe(true);
    expect(new Set(first.map((e) => e.id)).size).toBe(first.length);
    expect(parseJournal(text).events.map((e) => e.id)).toEqual(first.map((e) => e.id));
    expect(text).not.toContain('"replica"'); // a v1 file, read as it is
  });

  it("folds the same events into the same state and log whatever order the lines are in, and keeps each id once", () => {
    const events = [
      opened,
      ev("a.aaaa", 2, "a2", "note", { text: "from A" }),
      ev("b.bbbb", 2, "b2", "note", { text: "from B, concurrent" }),
      ev("b.bbbb", 3, "b3", "metric_snapshot", { mentions_per_hour: 900 }),
      ev("a.aaaa", 4, "a4", "decision", { what: "Pause ads", why: "Tone" }),
    ];
    const one = foldEvents(orderEvents(events));
    const other = foldEvents(orderEvents([...shuffled(events), events[1]!]));
    expect(JSON.stringify(other)).toBe(JSON.stringify(one));
    expect(JSON.stringify(buildLogView(other))).toBe(JSON.stringify(buildLogView(one)));
    expect(one.notes.map((n) => n.text)).toEqual(["from A", "from B, concurrent"]);
    expect(one.conflicts).toEqual([]);
  });

  it("two concurrent severity changes: the highest (clock, id) wins, the other stays in the history and is shown as a resolved conflict", () => {
    const base = ev("a.aaaa", 2, "a2", "severity_changed", { from: null, to: "SEV3", reason: "first look" });
    const mine = ev("a.aaaa", 3, "a3", "severity_changed", { from: "SEV3", to: "SEV2", reason: "press" }, base.id);
    const theirs = ev("b.bbbb", 3, "b3", "severity_changed", { from: "SEV3", to: "SEV1", reason: "data" }, base.id);
    for (const order of [
      [opened, base, mine, theirs],
      [theirs, opened, mine, base],
    ]) {
      const s = foldEvents(orderEvents(order));
      expect(s.severity).toBe("SEV1"); // b3 > a3 at the same clock
      expect(s.severityHistory.map((h) => h.to)).toEqual(["SEV3", "SEV2", "SEV1"]);
      expect(s.conflicts).toMatchObject([
        { kind: "register", subject: "severity", kept: { value: "SEV1", actor: "Jordan" }, other: { value: "SEV2" } },
      ]);
    }
    // A later change that saw the winner is no conflict.
    const after = ev(
      "a.aaaa",
      4,
      "a4",
      "severity_changed",
      { from: "SEV1", to: "SEV2", reason: "contained" },
      theirs.id,
    );
    expect(foldEvents(orderEvents([opened, base, mine, theirs, after])).conflicts).toHaveLength(1);
  });

  it("two people given the same role at once: one holds it, the other is shown", () => {
    const a = ev("a.aaaa", 2, "a2", "role_assigned", { role: "lead", person: "Ana" });
    const b = ev("b.bbbb", 2, "b2", "role_assigned", { role: "lead", person: "Jordan" });
    const s = foldEvents(orderEvents([opened, b, a]));
    expect(s.roles.lead).toBe("Jordan");
    expect(s.conflicts).toMatchObject([{ subject: "role lead", kept: { value: "Jordan" }, other: { value: "Ana" } }]);
  });

  it("two resolutions: the first in order counts, the other is a duplicate, shown", () => {
    const a = ev("a.aaaa", 5, "a5", "resolved", { summary: "Back to normal" });
    const b = ev("b.bbbb", 5, "b5", "resolved", { summary: "Closed from legal" });
    const s = foldEvents(orderEvents([opened, b, a]));
    expect(s.status).toBe("resolved");
    expect(s.resolved?.summary).toBe("Back to normal");
    expect(s.conflicts).toMatchObject([{ kind: "resolved-twice", other: { actor: "Jordan" } }]);
  });

  it("an approval of a text that was redrafted meanwhile approves the old text only: the redraft still waits, and it is shown", () => {
    const draft = (clock: number, id: string, text: string, hash: string) =>
      ev("a.aaaa", clock, id, "draft_created", {
        step: "holding",
        template: "t/holding",
        channel: "x",
        text,
        hash,
        revision: clock,
        edited: clock > 2,
      });
    const events = [
      opened,
      draft(2, "a2", "Old text", "1".repeat(64)),
      ev("a.aaaa", 3, "a3", "approval_requested", { hash: "1".repeat(64), roles: ["legal"] }),
      draft(4, "a4", "New text", "2".repeat(64)),
      ev("a.aaaa", 5, "a5", "approval_requested", { hash: "2".repeat(64), roles: ["legal"] }),
      // Legal approved what it saw (the old text) before the redraft reached its machine.
      ev("b.bbbb", 4, "b4", "approved", { hash: "1".repeat(64), role: "legal", by: "Jordan" }),
    ];
    const s = foldEvents(orderEvents(events));
    expect(s.approvals["1".repeat(64)]?.approved).toHaveLength(1);
    expect(s.approvals["2".repeat(64)]?.approved ?? []).toHaveLength(0);
    expect(waitingTexts(s).map((w) => [w.text, w.roles])).toEqual([["New text", ["legal"]]]);
    expect(s.conflicts).toMatchObject([{ kind: "approved-redrafted" }]);
    expect(buildLogView(s).conflicts[0]?.kept).toContain("still waits");
  });
});
