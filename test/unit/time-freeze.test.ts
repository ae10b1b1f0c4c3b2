import { parse } from "chrono-node";
import { describe, expect, test } from "vitest";
import { freezeTimes } from "../../src/core/time-freeze.js";

const at = Date.parse("2026-11-21T19:30:00Z");
const freeze = (text: string, when = at) => freezeTimes(text, when, parse);

describe("relative times in answers are frozen against the answer's own time", () => {
  test("minutes ago, a clock time, yesterday, in two hours", () => {
    expect(freeze("The thread went viral about 25 minutes ago.")).toBe(
      "The thread went viral about 25 minutes ago (21 Nov 2026 19:05 UTC).",
    );
    expect(freeze("Checkout has failed since 14:05")).toBe("Checkout has failed since 14:05 (21 Nov 2026 14:05 UTC)");
    expect(freeze("First posted yesterday")).toBe("First posted yesterday (20 Nov 2026)");
    expect(freeze("The fix ships in 2 hours")).toBe("The fix ships in 2 hours (21 Nov 2026 21:30 UTC)");
  });

  test("a clock time later than the answer is the day before; a dated time is left as written", () => {
    expect(freeze("It started at 23:10", Date.parse("2026-11-22T01:00:00Z"))).toBe(
      "It started at 23:10 (21 Nov 2026 23:10 UTC)",
    );
    expect(freeze("Posted 2026-11-21 14:05 UTC by a customer")).toBe("Posted 2026-11-21 14:05 UTC by a customer");
    expect(freeze("No times here, 3 customers affected")).toBe("No times here, 3 customers affected");
  });

  test("the same answer read at any later time says the same", () => {
    expect(freeze("about 25 minutes ago")).toBe(freeze("about 25 minutes ago"));
  });
});

test("the post-mortem shows confirmed facts, decisions and notes with their relative times frozen", async () => {
  const { buildReport } = await import("../../src/core/postmortem/report.js");
  const ev = (seq: number, at: string, type: string, data: object) =>
    ({ v: 1, seq, at, logged_at: at, actor: "Ana Ruiz", type, data }) as never;
  const events = [
    ev(0, "2026-11-21T19:30:00Z", "answer", {
      step: "identify",
      prompt: "confirmed_facts",
      value: "The post went up about 25 minutes ago",
    }),
    ev(1, "2026-11-21T20:00:00Z", "note", { text: "Down since 19:45" }),
  ];
  const report = buildReport(events, { freeze: (text, when) => freezeTimes(text, when, parse) });
  expect(report.incident.what_happened).toBe("The post went up about 25 minutes ago (21 Nov 2026 19:05 UTC)");
  expect(report.timeline.find((t) => t.event === "Note")?.details).toBe("Down since 19:45 (21 Nov 2026 19:45 UTC)");
  // Without the parser (the incident log, the JSON of old callers) the text is as written.
  expect(buildReport(events).incident.what_happened).toBe("The post went up about 25 minutes ago");
});
