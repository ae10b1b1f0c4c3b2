import { describe, expect, test } from "vitest";
import type { Metric } from "../../src/core/postmortem/metrics.js";
import type { Report } from "../../src/core/postmortem/report.js";
import { buildReport } from "../../src/core/postmortem/report.js";
import { fixtureOptions, fixtureReport, readFixture } from "./fixtures.js";

// Every number below was worked out by hand from the fixture journals (times in UTC).
const m = (report: Report, id: string): Metric => {
  const found = report.metrics.find((x) => x.id === id);
  if (!found) throw new Error(`no metric ${id}`);
  return found;
};
const min = (minutes: number, seconds = 0) => minutes * 60 + seconds;

describe("SEV1 data breach with check-ins", () => {
  const r = fixtureReport("sev1-data-breach");

  test("response times against the playbook's targets", () => {
    // detected 14:02:40 − impact began 13:40:00 (an estimate)
    expect(m(r, "time_to_detect")).toMatchObject({
      value: min(22, 40),
      display: "22 min 40 s",
      status: "no target",
      note: "2026-03-04 13:40:00 to 14:02:40 UTC; impact start is an estimate",
    });
    // declared 14:06:12 − detected 14:02:40
    expect(m(r, "time_to_declare")).toMatchObject({ value: min(3, 32), status: "no target" });
    // content paused 14:15:30 − declared 14:06:12, against the contain step's 30m
    expect(m(r, "time_to_contain")).toMatchObject({
      value: min(9, 18),
      target: { value: 1800, source: "playbook" },
      status: "met",
    });
    // first public statement 14:35:05 − declared 14:06:12; SEV1 since 14:20, so the SEV1 target of 30m
    expect(m(r, "time_to_first_response")).toMatchObject({
      value: min(28, 53),
      target: { value: 1800, display: "30 min" },
      status: "met",
    });
    expect(m(r, "time_to_first_response").note).toBe(
      "2026-03-04 14:06:12 to 14:35:05 UTC; 32 min 25 s after detection; 55 min 5 s after impact began; target for SEV1",
    );
  });

  test("approvals and drafting", () => {
    // latencies 8:20, 8:20, 3:00, 1:00 → median (3:00 + 8:20) / 2 = 5:40, longest 8:20
    expect(m(r, "approval_latency")).toMatchObject({
      value: min(5, 40),
      note: "longest 8 min 20 s over 4 approved texts",
    });
    // 10:55, 11:25, 3:40, 2:00, 1:30, 0:30, 1:00, 1:00 → median (1:30 + 2:00) / 2 = 1:45
    expect(m(r, "draft_to_publish")).toMatchObject({ value: 105, note: "longest 11 min 25 s" });
  });

  test("update cadence: promises, the longest gap, missed-update alerts", () => {
    // due 15:05 kept (15:02:40), 15:35 kept (15:33), 16:05 late (16:12:30), 16:45, 17:30, 18:30 kept
    expect(m(r, "promises_kept")).toMatchObject({
      value: 83.3,
      display: "5 of 6, 83.3%",
      status: "missed",
      note: "1 late (the latest by 7 min 30 s)",
    });
    expect(r.response.promises.find((p) => p.outcome === "late")).toMatchObject({
      due: "2026-03-04T16:05:00.000Z",
      late_by: "7 min 30 s",
    });
    // 17:25 → 18:28 is the longest stretch between public statements; SEV1's interval is 30m
    expect(m(r, "longest_update_gap")).toMatchObject({ value: min(63), target: { value: 1800 }, status: "missed" });
    expect(m(r, "cadence_missed")).toMatchObject({ value: 1, status: "missed" });
  });

  test("mitigation, resolution, durations and time in each severity", () => {
    expect(m(r, "time_to_mitigate").value).toBe(2 * 3600 + min(27, 40)); // 16:30:20 − 14:02:40
    expect(m(r, "time_to_resolve").value).toBe(4 * 3600 + min(38, 48)); // 18:45:00 − 14:06:12
    expect(m(r, "impact_duration").value).toBe(4 * 3600 + min(41)); // 18:21:00 − 13:40:00
    expect(m(r, "total_duration").value).toBe(5 * 3600 + min(5)); // 18:45:00 − 13:40:00
    expect(m(r, "time_in_sev2")).toMatchObject({ value: min(13, 48), display: "13 min 48 s" }); // 14:06:12 → 14:20:00
    expect(m(r, "time_in_sev1")).toMatchObject({ value: 4 * 3600 + min(25), display: "4 h 25 min" }); // 14:20 → 18:45
    expect(r.incident.highest_severity).toBe("SEV1");
  });

  test("the conversation: peak, back to normal, sentiment", () => {
    expect(m(r, "peak_mentions")).toMatchObject({ value: 2210, display: "2,210" });
    expect(m(r, "peak_mentions").note).toContain("22.1× the normal 100/h");
    // first check-in after the 15:10 peak from which all stay ≤ 150/h: 17:40
    expect(m(r, "back_to_baseline")).toMatchObject({ value: 2 * 3600 + min(30) });
    expect(m(r, "worst_sentiment")).toMatchObject({ value: 67, display: "67%" });
    // negative share within 5 points of 20%: first at 18:20 and stays
    expect(m(r, "sentiment_recovery")).toMatchObject({ value: 3 * 3600 + min(10) });
  });

  test("spread, statements and action items", () => {
    expect(m(r, "channel_spread")).toMatchObject({ value: 3, note: "x, reddit, news sites" });
    expect(m(r, "statements_per_channel")).toMatchObject({ value: 8, note: "x 7, bluesky 1" });
    expect(r.response.internal_messages).toBe(1);
    expect(m(r, "action_items_complete")).toMatchObject({ value: 66.7, display: "2 of 3, 66.7%", status: "missed" });
  });
});

describe("SEV3 complaint (targets and baselines recorded in the journal)", () => {
  const r = fixtureReport("sev3-complaint");

  test("is rendered in the light form", () => {
    expect(r.form).toBe("light");
    expect(r.targets).toEqual([
      { severity: "SEV3", first_response: "2h", update_interval: "4h", source: "journal" },
      { severity: "SEV4", first_response: "4h", update_interval: "24h", source: "journal" },
    ]);
  });

  test("numbers checked by hand", () => {
    expect(m(r, "time_to_detect").value).toBe(min(35)); // 09:05 − 08:30
    expect(m(r, "time_to_first_response")).toMatchObject({ value: min(50), target: { value: 7200 }, status: "met" });
    // one promise (14:00), kept by the 13:50 statement; the 10:06 TikTok reply is the same update
    expect(m(r, "promises_kept")).toMatchObject({ display: "1 of 1, 100%", status: "met" });
    expect(m(r, "longest_update_gap")).toMatchObject({
      value: 3 * 3600 + min(44),
      target: { value: 4 * 3600 },
      status: "met",
    });
    expect(m(r, "draft_to_publish").value).toBe(min(14)); // 5, 14, 15 minutes
    expect(m(r, "peak_mentions").note).toContain("3.3× the normal 80/h");
    expect(m(r, "back_to_baseline").value).toBe(3 * 3600 + min(15)); // 10:30 peak → 13:45 at ≤ 120
    expect(m(r, "sentiment_recovery").value).toBe(3 * 3600 + min(15)); // ≤ 20% first at 13:45
    expect(m(r, "time_in_sev3").value).toBe(4 * 3600 + min(55));
    expect(m(r, "time_to_contain")).toMatchObject({ value: null, display: "not recorded", status: "not recorded" });
    expect(m(r, "approval_latency").status).toBe("not recorded");
  });
});

describe("an incident that missed its promised updates", () => {
  const r = fixtureReport("missed-updates");

  test("first response and cadence are missed against the config's SEV2 targets", () => {
    expect(m(r, "time_to_first_response")).toMatchObject({
      value: 3600 + min(25),
      target: { value: 3600, source: "config" },
      status: "missed",
    });
    expect(m(r, "promises_kept")).toMatchObject({
      value: 0,
      display: "0 of 3, 0%",
      status: "missed",
      note: "2 late (the latest by 1 h 15 min); 1 broken (no update followed)",
    });
    expect(r.response.promises.map((p) => [p.outcome, p.late_by])).toEqual([
      ["late", "40 min"],
      ["late", "1 h 15 min"],
      ["broken", undefined],
    ]);
    expect(m(r, "longest_update_gap")).toMatchObject({ value: 2 * 3600 + min(15), status: "missed" }); // 10:40 → 12:55
    expect(m(r, "cadence_missed")).toMatchObject({ value: 3, status: "missed" });
    expect(m(r, "time_to_contain")).toMatchObject({ value: min(20), target: null, status: "no target" });
  });

  test("the checks flag the ownerless action and the named person", () => {
    expect(r.warnings.map((w) => w.check)).toEqual(["action-owner", "action-due", "blame"]);
    expect(r.warnings[2]?.message).toContain("names Kim Ito");
  });
});

describe("an incident with missing events", () => {
  const r = fixtureReport("missing-events");

  test("says not recorded instead of guessing", () => {
    for (const id of [
      "time_to_detect",
      "time_to_declare",
      "time_to_contain",
      "time_to_first_response",
      "time_to_mitigate",
      "time_to_resolve",
      "impact_duration",
      "total_duration",
      "time_in_severity",
      "peak_mentions",
      "back_to_baseline",
      "worst_sentiment",
      "sentiment_recovery",
      "channel_spread",
      "promises_kept",
      "longest_update_gap",
      "cadence_missed",
      "action_items_complete",
    ]) {
      expect(m(r, id), id).toMatchObject({ value: null, display: "not recorded", status: "not recorded" });
    }
    expect(m(r, "time_to_first_response").note).toBe("the journal has no declared event");
    expect(m(r, "statements_per_channel").value).toBe(1);
    expect(r.form).toBe("full");
    expect(r.charts).toEqual({});
  });

  test("times recorded out of order are not recorded either, never negative", () => {
    const read = readFixture("sev3-complaint");
    // The impact "began" after it was detected: the journal contradicts itself.
    const events = read.events.map((e) =>
      e.type === "milestone" && e.data.name === "impact_started" ? { ...e, at: "2026-05-12T09:10:00.000Z" } : e,
    );
    const r2 = buildReport(events, fixtureOptions("sev3-complaint"));
    expect(m(r2, "time_to_detect")).toMatchObject({
      value: null,
      status: "not recorded",
      note: "the recorded times are out of order: detected milestone is before impact_started milestone",
    });
    expect(m(r2, "time_to_detect").display).toBe("not recorded");
  });
});
