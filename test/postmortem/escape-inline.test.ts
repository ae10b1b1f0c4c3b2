import fc from "fast-check";
import { expect, it } from "vitest";
import { escapeInline } from "../../src/core/postmortem/view.js";
import { mdInline } from "../../src/core/templates/markdown.js";

/**
 * The view's escaper skips mdInline for text it would leave unchanged (plain text, and plain text
 * starting with a digit) and remembers mdInline's answer for the rest: it must give what the view
 * gave before, mdInline for everything but plain text (the reference below, kept as it was).
 */

// eslint-disable-next-line no-control-regex
const PLAIN = /^(?![\s\d=-])[^\\`*_{}[\]()<>#+!|~&$@\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*(?<!\s)$/;
const before = (text: string): string =>
  PLAIN.test(text) && !/www\.|mailto:|xmpp:/i.test(text) ? text : mdInline(text);

const pieces = [
  ..."0123456789 .,;:/()+-=#*_`|<>&@!~$[]{}\\\t\n\r\u0007\u0085\u00a0\u2028\u202e\u3000%é",
  "://",
  "www.",
  "mailto:",
  "XMPP:",
  "12. ",
  "3)",
  " mentions/h",
  "https://example.com/a",
];
const text = fc.oneof(
  fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((parts) => parts.join("")),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
);

it("escapes every text exactly as mdInline did, twice in a row (remembered)", () => {
  fc.assert(
    fc.property(text, (t) => {
      expect(escapeInline(t)).toBe(before(t));
      expect(escapeInline(t)).toBe(before(t));
    }),
    { numRuns: 5000 },
  );
  for (const t of [
    "2,682 mentions/h, 71% negative at 2025-03-24 07:23 UTC",
    "5 s",
    "12. item",
    "1.",
    "3 www.x",
    "7 a://b",
  ])
    expect(escapeInline(t), t).toBe(before(t));
});
