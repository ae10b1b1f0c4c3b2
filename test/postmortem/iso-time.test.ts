import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoMinutesOf, isoTime } from "../../src/core/postmortem/iso-time.js";
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
