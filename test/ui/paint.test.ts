import { Chalk, type ChalkInstance } from "chalk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { paint, type Paint, type Style } from "../../src/adapters/terminal/paint.js";

/**
 * crisis paints with its own few styles instead of loading chalk at every start (issue 15); the
 * bytes must stay chalk's: the same codes, a nested style re-opened after its end, each line closed
 * and re-opened, nothing for empty text, and colour decided the same way (NO_COLOR, FORCE_COLOR, TTY).
 */

const STYLES = [
  "bold",
  "dim",
  "italic",
  "underline",
  "inverse",
  "strikethrough",
  "red",
  "green",
  "yellow",
  "blue",
  "magenta",
  "cyan",
  "gray",
] as const;

const io = (env: Record<string, string>, isTTY: boolean) => ({
  env,
  stdout: { write: () => true, isTTY },
  stderr: { write: () => true, isTTY },
});

/** The same chain of styles on both. */
const chain = (root: Paint | ChalkInstance, names: readonly (typeof STYLES)[number][]) =>
  names.reduce<Style | ChalkInstance>((s, n) => (s as Style)[n], root as Style) as unknown as (
    ...t: unknown[]
  ) => string;

// Text with the parts that matter: line breaks (LF and CRLF), escape codes of other styles, empty text.
const piece = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom("\n", "\r\n", "\r", "\u001B[22m", "\u001B[39m", "\u001B[1m", "\u001B[31m", ""),
);
const text = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(""));
const names = fc.array(fc.constantFrom(...STYLES), { minLength: 1, maxLength: 3 });

describe("paint", () => {
  it("gives chalk's bytes for every style and chain of styles, nested or not, at every colour level", () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 2, 3), names, names, text, text, (level, outer, inner, a, b) => {
        const ours = paint(io({ FORCE_COLOR: String(level) }, false), "stdout");
        const theirs = new Chalk({ level: level });
        const nestedOurs = chain(ours, outer)(a, chain(ours, inner)(b), a);
        const nestedTheirs = chain(theirs, outer)(a, chain(theirs, inner)(b), a);
        expect(nestedOurs).toBe(nestedTheirs);
        expect(chain(ours, outer)(a)).toBe(chain(theirs, outer)(a));
      }),
      { numRuns: 2000 },
    );
  });

  it("turns colour off for NO_COLOR and a pipe, on for a terminal and FORCE_COLOR, off for FORCE_COLOR=0", () => {
    const red = (env: Record<string, string>, tty: boolean) => paint(io(env, tty), "stdout").red("x");
    expect(red({}, true)).toBe("\u001B[31mx\u001B[39m");
    expect(red({}, false)).toBe("x");
    expect(red({ NO_COLOR: "1" }, true)).toBe("x");
    expect(red({ TERM: "dumb" }, true)).toBe("x");
    expect(red({ NO_COLOR: "1", FORCE_COLOR: "1" }, false)).toBe("\u001B[31mx\u001B[39m");
    expect(red({ FORCE_COLOR: "0" }, true)).toBe("x");
  });

  it("works as a detached function, as process-io hands out dim", () => {
    const { dim } = paint(io({ FORCE_COLOR: "1" }, false), "stdout");
    expect(dim("x")).toBe(new Chalk({ level: 1 }).dim("x"));
  });
});
