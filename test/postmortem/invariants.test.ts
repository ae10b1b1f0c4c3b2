// @module-tag slow (a property run over hundreds of generated journals)
import fc from "fast-check";
import { expect, test } from "vitest";
import type { JournalEvent } from "../../src/core/journal/events.js";
import { approvalRecords } from "../../src/core/postmortem/approvals.js";
import { scanJournal } from "../../src/core/postmortem/facts.js";
import { buildReport, type Report } from "../../src/core/postmortem/report.js";

/**
 * The post-mortem's numbers cannot contradict each other, whatever the journal: generated
 * incidents with statements of every kind (some cross-posted, some promising an update), approvals
 * before and after publication, timer alerts that do or do not match, and an end or none.
 */

const T0 = Date.parse("2026-05-01T10:00:00Z");
const MIN = 60_000;
const KINDS = ["holding", "update", "final", "reply", "apology", "notice", undefined] as const;

interface Statement {
  at: number;
  kind: (typeof KINDS)[number];
  text: number;
  channels: string[];
  dueIn: number | null;
  audience: "public" | "internal";
  approvalAfter: number | null;
}

const statementArb: fc.Arbitrary<Statement> = fc.record({
  at: fc.integer({ min: 1, max: 600 }).map((m) => T0 + m * MIN + 7_000),
  kind: fc.constantFrom(...KINDS),
  text: fc.integer({ min: 0, max: 5 }),
  channels: fc.subarray(["x", "bluesky", "facebook"], { minLength: 1 }),
  dueIn: fc.option(fc.integer({ min: 5, max: 240 }), { nil: null }),
  audience: fc.constantFrom("public", "public", "public", "internal"),
  // Minutes after publication (negative: before) that the approval was recorded; null: never.
  approvalAfter: fc.option(fc.integer({ min: -30, max: 30 }), { nil: null }),
});

const journalArb: fc.Arbitrary<JournalInput> = fc.record({
  statements: fc.array(statementArb, { maxLength: 12 }),
  alerts: fc.array(fc.integer({ min: 1, max: 700 }), { maxLength: 4 }),
  resolvedAt: fc.option(fc.integer({ min: 1, max: 900 }), { nil: null }),
  decisions: fc.integer({ min: 0, max: 3 }),
});

interface JournalInput {
  statements: Statement[];
  alerts: number[];
  resolvedAt: number | null;
  decisions: number;
}

function journal(input: JournalInput): JournalEvent[] {
  const events: Omit<JournalEvent, "seq" | "v" | "logged_at">[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  const push = (at: number, type: string, data: object) =>
    events.push({ at: iso(at), actor: "Ana Ruiz", type, data } as never);
  push(T0, "incident_opened", {
    incident_id: "gen",
    title: "Generated",
    playbook: { id: "p", version: "1.0.0", title: "P", crisis_type: "other" },
    drill: false,
  });
  push(T0, "declared", { severity: "SEV2" });
  for (let i = 0; i < input.decisions; i++)
    push(T0 + MIN, "decision", { what: "Response posture: Rebuild", why: "We caused it" });
  for (const s of input.statements) {
    const hash = `h${s.text}-${s.kind ?? "none"}-${s.dueIn ?? "x"}`;
    const due = s.dueIn === null ? null : iso(s.at + s.dueIn * MIN);
    for (const channel of s.channels)
      push(s.at - 2 * MIN, "draft_created", {
        step: "respond",
        template: `t/${s.kind ?? "old"}`,
        channel,
        text: `text ${hash}`,
        hash,
        revision: 1,
        edited: false,
        ...(due ? { next_update_due: due } : {}),
      });
    push(s.at - MIN, "approval_requested", { hash, roles: s.approvalAfter === null && s.text === 0 ? [] : ["legal"] });
    if (s.approvalAfter !== null) push(s.at + s.approvalAfter * MIN, "approved", { hash, role: "legal", by: "Lee" });
    s.channels.forEach((channel, i) =>
      push(s.at + i * 1000, "published", {
        hash,
        channel,
        template: `t/${s.kind ?? "old"}`,
        audience: s.audience,
        next_update_due: due,
        ...(s.kind ? { kind: s.kind } : {}),
      }),
    );
  }
  for (const a of input.alerts) push(T0 + a * MIN, "cadence_missed", { due: iso(T0 + (a - 1) * MIN) });
  if (input.resolvedAt !== null) push(T0 + input.resolvedAt * MIN, "resolved", {});
  // Journal order is the order things were recorded, which is not always time order.
  return events.map((e, seq) => ({ ...e, v: 1, seq, logged_at: e.at }) as JournalEvent);
}

const metric = (r: Report, id: string) => r.metrics.find((m) => m.id === id);

test("the metrics never contradict each other", () => {
  fc.assert(
    fc.property(journalArb, (input) => {
      const events = journal(input);
      const report = buildReport(events);
      const promises = report.response.promises;
      const count = (o: string) => promises.filter((p) => p.outcome === o).length;
      const [kept, late, broken] = [count("kept"), count("late"), count("broken")];

      // kept + late + broken = the promises judged, as the metric says them.
      const kept_ = metric(report, "promises_kept");
      if (kept + late + broken === 0) expect(kept_?.value).toBeNull();
      else expect(kept_?.display).toMatch(new RegExp(`^${kept} of ${kept + late + broken}, `));
      expect(kept_?.status === "met").toBe(kept + late + broken > 0 && late + broken === 0);

      // Missed updates are exactly the late and broken promises.
      const missed = metric(report, "cadence_missed");
      if (promises.length > 0) expect(missed?.value).toBe(late + broken);
      else expect(missed?.value).toBeNull();

      // Each promise's outcome agrees with its times; only holding, update and final statements promise.
      for (const p of promises) {
        const due = Date.parse(p.due);
        const next = p.next_update_at === undefined ? undefined : Date.parse(p.next_update_at);
        if (p.outcome === "kept") expect(next! <= due).toBe(true);
        if (p.outcome === "late") expect(next! > due && p.late_by !== undefined).toBe(true);
        if (p.outcome === "broken") expect(next).toBeUndefined();
      }
      const promisers = events.filter(
        (e) =>
          e.type === "published" &&
          e.data.audience === "public" &&
          e.data.next_update_due !== null &&
          (e.data.kind === undefined || ["holding", "update", "final"].includes(e.data.kind)),
      );
      expect(promises.length).toBe(
        new Set(promisers.map((e) => (e.type === "published" ? e.data.next_update_due : ""))).size,
      );

      // The first public response comes at or after its own approvals, and after the declaration.
      const firstMarker = report.timeline.find((t) => t.marker === "FIRST PUBLIC RESPONSE");
      const facts = scanJournal(events);
      const records = approvalRecords(facts);
      if (firstMarker) {
        const at = Date.parse(firstMarker.at);
        const published = events.find((e) => e.seq === firstMarker.seq);
        expect(published?.type).toBe("published");
        const record = records.find((r) => published?.type === "published" && r.hash === published.data.hash);
        if (record) expect(record.completed_at! <= at).toBe(true);
        expect(metric(report, "time_to_first_response")?.value).toBe((at - T0) / 1000);
      } else expect(metric(report, "time_to_first_response")?.value).toBeNull();

      // Durations are never negative; every duration shown beside a value also names its times.
      for (const m of report.metrics) {
        if (m.unit === "seconds" && m.value !== null) expect(m.value).toBeGreaterThanOrEqual(0);
      }
      // A decision recorded again after going back appears once.
      expect(report.decisions.length).toBe(Math.min(input.decisions, 1));
    }),
    { numRuns: 300 },
  );
});

test("an approval names every channel its text was drafted for, and a statement sent before its approval is not the first response", () => {
  const events = journal({
    statements: [
      {
        at: T0 + 5 * MIN,
        kind: "holding",
        text: 1,
        channels: ["x", "bluesky"],
        dueIn: 30,
        audience: "public",
        approvalAfter: 2,
      },
      {
        at: T0 + 9 * MIN,
        kind: "holding",
        text: 2,
        channels: ["facebook"],
        dueIn: 30,
        audience: "public",
        approvalAfter: -1,
      },
    ],
    alerts: [],
    resolvedAt: null,
    decisions: 2,
  });
  const report = buildReport(events);
  expect(report.response.approvals.map((a) => a.what)).toEqual(["t/holding for x, bluesky", "t/holding for facebook"]);
  const first = report.timeline.find((t) => t.marker === "FIRST PUBLIC RESPONSE");
  expect(first?.details).toMatch(/^facebook: /);
  expect(report.warnings.map((w) => w.check)).toContain("approval-order");
  expect(report.warnings.find((w) => w.check === "approval-order")?.message).toContain(
    "on x was published at 2026-05-01 10:05 UTC, before its approvals were complete",
  );
  expect(report.decisions).toHaveLength(1);
  expect(report.timeline.filter((t) => t.event === "Decision")).toHaveLength(1);
});
