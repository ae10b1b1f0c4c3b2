import { describe, expect, it } from "vitest";
import { wrap } from "../../src/core/runner/message-review.js";
import { formatSpan, humanUtc, parseWhen, roundUp5, showWhen, validateWhen } from "../../src/core/time.js";

const now = new Date("2026-11-21T19:30:00Z");
const iso = (text: string) => parseWhen(text, now)?.toISOString();

describe("times as responders type them", () => {
  it.each([
    ["now", "2026-11-21T19:30:00.000Z"],
    ["", "2026-11-21T19:30:00.000Z"],
    ["-15m", "2026-11-21T19:15:00.000Z"],
    ["- 2h", "2026-11-21T17:30:00.000Z"],
    ["2h ago", "2026-11-21T17:30:00.000Z"],
    ["90s ago", "2026-11-21T19:28:30.000Z"],
    ["-1d", "2026-11-20T19:30:00.000Z"],
    ["14:05", "2026-11-21T14:05:00.000Z"],
    ["14:05Z", "2026-11-21T14:05:00.000Z"],
    ["23:10", "2026-11-20T23:10:00.000Z"],
    ["2026-11-21 14:05", "2026-11-21T14:05:00.000Z"],
    ["2026-11-21T14:05:30Z", "2026-11-21T14:05:30.000Z"],
    ["2026-11-21T15:05+01:00", "2026-11-21T14:05:00.000Z"],
    ["2026-11-21", "2026-11-21T00:00:00.000Z"],
  ])("%j is %s", (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it.each(["15m", "soon", "25:00", "2026-13-01", "yesterday"])("%j is not a time", (text) => {
    expect(iso(text)).toBeUndefined();
    expect(validateWhen(text, now)).toMatch(/^expected now, a relative time/);
  });

  it("refuses the future where only the past makes sense, and shows what a typed time means", () => {
    expect(validateWhen("2026-11-22 10:00", now, { past: true })).toMatch(/in the future/);
    expect(validateWhen("2026-11-22 10:00", now)).toBe(true);
    expect(showWhen("-10m", now)).toBe("-10m (21 Nov 2026 19:20 UTC)");
  });

  it("formats for people and rounds promises up to five minutes", () => {
    expect(humanUtc("2026-11-21T09:05:00Z")).toBe("21 Nov 2026 09:05 UTC");
    expect(formatSpan(45_000)).toBe("45s");
    expect(formatSpan(65 * 60_000)).toBe("1h 05m");
    expect(formatSpan(26 * 3_600_000)).toBe("1d 2h");
    expect(roundUp5(new Date("2026-11-21T19:31:00Z")).toISOString()).toBe("2026-11-21T19:35:00.000Z");
    expect(roundUp5(new Date("2026-11-21T19:35:00Z")).toISOString()).toBe("2026-11-21T19:35:00.000Z");
  });

  it("wraps a draft's lines at spaces for the frame on screen", () => {
    expect(wrap("one two three four", 9)).toEqual(["one two", "three", "four"]);
    expect(wrap("abcdefghijkl", 5)).toEqual(["abcde", "fghij", "kl"]);
    expect(wrap("short", 40)).toEqual(["short"]);
  });
});
