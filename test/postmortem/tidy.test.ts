import fc from "fast-check";
import { expect, it } from "vitest";
import { Tidy } from "../../src/core/postmortem/render.js";
import { wholeTidy } from "./whole-tidy.js";

/**
 * The streamed Tidy (render.ts) writes most pieces through whole (passThrough) and tidies the rest
 * line by line: fed any document cut anywhere, it must write what tidying the whole document once
 * wrote. The lines are drawn from what a post-mortem holds (table rows with empty cells, fences,
 * blank lines) and from what could trip the shortcut (trailing and Unicode whitespace, \r, U+2028).
 */

const line = fc.oneof(
  fc.constantFrom(
    "| 2025-03-14 08:00:02 | Note | Ana Ruiz | Check-in 3: fine. |  |",
    "|  |  | x |  |",
    "| a |  |",
    "| --- | --- |",
    "## Timeline",
    "",
    "   ",
    "\t",
    "text ",
    "text\t",
    "```text",
    "```",
    "````",
    "~~~",
    "`code`",
    "x\r",
    "a\u2028|  |",
    "b\u2029| |  |",
    "\u00a0",
    "ends in nbsp\u00a0",
    "ünïcödé …",
    " leading",
  ),
  fc.string({ maxLength: 12 }),
  fc
    .array(fc.constantFrom("|", " ", "a", "`", "~", "\t", "\r", "\u2028", "\u3000"), { maxLength: 10 })
    .map((cs) => cs.join("")),
);

it("writes what tidying the whole document wrote, however the document is cut", () => {
  fc.assert(
    fc.property(fc.array(line, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 12 }), (lines, cuts) => {
      const doc = lines.join("\n");
      const at = [...new Set(cuts.map((c) => c % (doc.length + 1)))].sort((a, b) => a - b);
      const out: string[] = [];
      const tidy = new Tidy((piece) => out.push(piece));
      let from = 0;
      for (const cut of [...at, doc.length]) {
        tidy.push(doc.slice(from, cut));
        from = cut;
      }
      tidy.end();
      expect(out.join("")).toBe(wholeTidy(doc));
    }),
    { numRuns: 3000 },
  );
});
