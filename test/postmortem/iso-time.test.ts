import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoMinutesOf, isoTime, parseIsoTime } from "../../src/core/postmortem/iso-time.js";
import { utcMinutes } from "../../src/core/time.js";

/** The post-mortem's own toISOString: the same string for every time, in any order of calls (its day is cached). */
describe("isoTime", () => {
  it("writes what toISOString writes", () => {
    const edges = [0, -0, 1, 999, 86_399_999, 86_400_000, 951_782_400_000, 253_402_300_799_999, 253_402_300_800_000];
    for (const ms of [...edges, -1, -86_400_001, 1.5, 8.64e15, -8.64e15])
      expect(isoTime(ms), String(ms)).toBe(new Date(ms).toISOString());
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -8.64e15, max: 8.64e15 }), { minLength: 1, maxLength: 20 }), (times) => {
        for (const ms of times) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
        // Times close together, as a journal has them: the cached day is reused and left.
        const base = times[0] as number;
        for (let k = 0; k < 50 && base + k * 3_600_017 <= 8.64e15; k++)
          expect(isoTime(base + k * 3_600_017)).toBe(new Date(base + k * 3_600_017).toISOString());
      }),
    );
  });

  it("throws for a time that is not one, as toISOString does", () => {
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
    expect(() => isoTime(8.64e15 + 1)).toThrow(RangeError);
  });

  it("isoMinutesOf writes what utcMinutes writes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        expect(isoMinutesOf(ms)).toBe(utcMinutes(ms));
      }),
    );
  });
});

describe("parseIsoTime", () => {
  it("reads what Date.parse reads", () => {
    const canonical = fc
      .integer({ min: -62_198_755_200_000, max: 253_402_300_799_999 })
      .map((ms) => new Date(ms).toISOString());
    // Canonical times with one character changed: digits out of range, other separators, letters.
    const changed = fc
      .tuple(canonical, fc.nat({ max: 23 }), fc.constantFrom(..."0123456789:.-TZ x/+9"))
      .map(([text, at, c]) => text.slice(0, at) + c + text.slice(at + 1));
    const odd = fc.constantFrom(
      "2025-03-14T24:00:00.000Z",
      "2025-02-29T10:00:00.000Z",
      "2024-02-29T23:59:59.999Z",
      "2025-03-14T10:60:00.000Z",
      "2025-03-14T10:00:60.000Z",
      "2025-03-14T10:00:00Z",
      "2025-03-14T10:00:00.0000Z",
      "2025-03-14 10:00:00.000Z",
      "",
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(canonical, changed, odd), { minLength: 1, maxLength: 20 }), (texts) => {
        for (const text of texts) expect(parseIsoTime(text), text).toBe(Date.parse(text));
      }),
      { numRuns: 2000 },
    );
  });
});
