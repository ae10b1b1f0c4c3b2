import { describe, expect, it } from "vitest";
import { placeAt } from "../helpers/journal.js";
import type { EventType, JournalEvent } from "../../src/core/journal/events.js";
import { emptyState, foldEvent, foldEvents } from "../../src/core/journal/fold.js";
import { buildEvent } from "../../src/core/journal/lines.js";

function events(list: [EventType, object, string?][]): JournalEvent[] {
  return list.map(([type, data, at], seq) =>
    buildEvent(
      placeAt(seq),
      { type, data: data, actor: "Ana", ...(at ? { at: new Date(at) } : {}) },
      new Date(Date.UTC(2026, 10, 21, 19, 30, seq)),
    ),
  );
}

const opened: [EventType, object] = [
  "incident_opened",
  {
    incident_id: "i",
    title: "T",
    playbook: { id: "p", version: "1.0.0", title: "P", crisis_type: "other" },
    drill: true,
  },
];

describe("folding the journal", () => {
  it("tracks where the responder is: in a step, after it, or sent back to one", () => {
    const s = foldEvents(
      events([
        opened,
        ["step_started", { step: "a", phase: "declare", index: 0 }],
        ["answer", { step: "a", prompt: "x", value: "1" }],
        ["checklist", { step: "a", item: 0, text: "Do it", done: false }],
      ]),
    );
    expect(s.position).toEqual({ step: "a", status: "in-progress" });
    expect(s.visit).toMatchObject({ step: "a", answered: { x: "1" }, checklist: { 0: false } });
    foldEvent(s, events([opened, opened, opened, opened, ["step_completed", { step: "a" }]])[4]!);
    expect(s.position).toEqual({ step: "a", status: "done" });
    expect(s.visit).toBeUndefined();
    foldEvent(s, events([opened, opened, opened, opened, opened, ["went_back", { from: "b", to: "a" }]])[5]!);
    expect(s.position).toEqual({ step: "a", status: "target" });
  });

  it("follows a message through drafts, acceptance, approvals and publication within a visit", () => {
    const s = foldEvents(
      events([
        opened,
        ["step_started", { step: "ack", phase: "acknowledge", index: 3 }],
        [
          "draft_created",
          {
            step: "ack",
            template: "t/h",
            channel: "x",
            text: "hi",
            hash: "h1",
            revision: 1,
            edited: false,
            audience: "public",
            next_update_due: "2026-11-21T20:30:00.000Z",
          },
        ],
        [
          "draft_created",
          { step: "ack", template: "t/h", channel: "bluesky", text: "hi", hash: "h1", revision: 1, edited: false },
        ],
        ["approval_requested", { hash: "h1", roles: ["lead", "legal"] }],
        ["approved", { hash: "h1", role: "lead", by: "Ana" }],
        ["rejected", { hash: "h1", role: "legal", by: "Mo", reason: "No" }],
        [
          "published",
          {
            hash: "h1",
            channel: "x",
            template: "t/h",
            audience: "public",
            next_update_due: "2026-11-21T20:30:00.000Z",
          },
        ],
        ["message_skipped", { step: "ack", template: "t/h", channels: ["bluesky"], reason: "Not there" }],
      ]),
    );
    const p = s.visit!.messages["t/h"]!;
    expect(Object.keys(p.drafts)).toEqual(["x", "bluesky"]);
    expect(p.accepted).toEqual({ h1: ["lead", "legal"] });
    expect(p.decisions.h1).toEqual({
      lead: { approved: true, by: "Ana" },
      legal: { approved: false, by: "Mo", reason: "No" },
    });
    expect(p.published).toEqual({ x: "h1" });
    expect(p.skippedChannels).toEqual({ bluesky: "Not there" });
    expect(s.drafts.h1?.channels).toEqual(["x", "bluesky"]);
    expect(s.nextUpdateDue).toBe("2026-11-21T20:30:00.000Z");
  });

  it("keeps the cadence: public promises reset it, a final statement ends it, internal messages leave it", () => {
    const s = foldEvents(
      events([
        opened,
        [
          "published",
          { hash: "a", channel: "x", template: "t/a", audience: "public", next_update_due: "2026-11-21T20:30:00.000Z" },
        ],
        ["cadence_missed", { due: "2026-11-21T20:30:00.000Z" }],
        ["published", { hash: "b", channel: "email", template: "t/b", audience: "internal", next_update_due: null }],
      ]),
    );
    expect(s.nextUpdateDue).toBe("2026-11-21T20:30:00.000Z");
    expect(s.cadenceMissed).toEqual(["2026-11-21T20:30:00.000Z"]);
    foldEvent(
      s,
      events([
        opened,
        opened,
        opened,
        opened,
        ["published", { hash: "c", channel: "x", template: "t/final", audience: "public", next_update_due: null }],
      ])[4]!,
    );
    expect(s.nextUpdateDue).toBeNull();
  });

  it("keeps severity history, roles, notes with their backdated times, pauses and resolution", () => {
    const s = foldEvents(
      events([
        opened,
        ["severity_changed", { from: null, to: "SEV3", reason: "scored" }],
        ["role_assigned", { role: "lead", person: "Ana" }],
        ["role_assigned", { role: "lead", person: "Bo" }],
        ["severity_changed", { from: "SEV3", to: "SEV1", reason: "news" }],
        ["note", { text: "earlier" }, "2026-11-21T19:00:00Z"],
        ["session_paused", { how: "interrupted" }],
        ["resolved", { summary: "done" }],
      ]),
    );
    expect(s.drill).toBe(true);
    expect(s.severity).toBe("SEV1");
    expect(s.severityHistory.map((h) => h.to)).toEqual(["SEV3", "SEV1"]);
    expect(s.roles).toEqual({ lead: "Bo" });
    expect(s.roleHistory).toHaveLength(2);
    expect(s.notes[0]?.at).toBe("2026-11-21T19:00:00.000Z");
    expect(s.status).toBe("resolved");
    expect(s.paused).toBe(false);
    expect(s.resolved?.summary).toBe("done");
  });

  it("folds a long journal in one pass, keeping every event once", () => {
    const list: JournalEvent[] = [];
    const now = new Date("2026-11-21T19:30:00Z");
    for (let i = 0; i < 20_000; i++)
      list.push(buildEvent(placeAt(i), { type: "note", data: { text: `n${i}` }, actor: "A" }, now));
    const state = emptyState();
    for (const e of list) foldEvent(state, e);
    expect(state.events).toHaveLength(20_000);
    expect(state.notes).toHaveLength(20_000);
    expect(state.lastSeq).toBe(19_999);
  });
});
