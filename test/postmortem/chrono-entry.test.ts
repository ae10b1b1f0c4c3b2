import * as main from "chrono-node";
import * as en from "chrono-node/en";
import { expect, test } from "vitest";
import { freezeTimes } from "../../src/core/time-freeze.js";

/** The post-mortem loads chrono-node's English entry only; it must read times as the main entry's parse. */
test("chrono-node's English entry parses as the main entry does", () => {
  expect(en.casual).toBe(main.casual);
  const at = Date.parse("2026-11-21T19:30:00Z");
  for (const text of [
    "Spotted about 25 minutes ago on X",
    "since 14:05, then again at 9pm yesterday",
    "back in 2 hours, confirmed this morning",
    "the Thursday newsletter ran for 26 days",
  ])
    expect(freezeTimes(text, at, en.parse)).toBe(freezeTimes(text, at, main.parse));
});
