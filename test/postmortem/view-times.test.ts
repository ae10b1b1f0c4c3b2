import { expect, test } from "vitest";
import { isoMinutes } from "../../src/core/postmortem/view-list.js";
import { utcMinutes } from "../../src/core/time.js";

test("a report's time cut to minutes reads as the time parsed and formatted again", () => {
  const times = [0, -1, 1, 59_999, 60_000, Date.parse("2025-03-14T23:59:59.999Z"), Date.parse("9999-12-31T23:59:59Z")];
  let seed = 5;
  for (let n = 0; n < 2000; n++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    times.push(Math.floor((seed / 2 ** 31) * 2 ** 44) - 2 ** 42);
  }
  for (const ms of times) {
    const iso = new Date(ms).toISOString();
    expect(isoMinutes(iso), iso).toBe(utcMinutes(ms));
  }
  // Not in toISOString's form (an offset, a six-digit year): parsed, as before.
  expect(isoMinutes("2025-03-14T10:03:00+02:00")).toBe("2025-03-14 08:03 UTC");
  expect(isoMinutes("+012025-03-14T10:03:00.000Z")).toBe(utcMinutes(Date.parse("+012025-03-14T10:03:00.000Z")));
});
