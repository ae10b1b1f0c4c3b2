import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";
import { math, mathHtml } from "micromark-extension-math";
import { describe, expect, it } from "vitest";
import { neutralise, oneLine } from "../../src/adapters/terminal/sanitize.js";
import { mdBlock, mdFence, mdInline } from "../../src/core/templates/markdown.js";

/** How GitHub-flavoured markdown (GFM, with GitHub's $ math) renders a piece of markdown, as HTML. */
const render = (markdown: string) =>
  micromark(markdown, { extensions: [gfm(), math()], htmlExtensions: [gfmHtml(), mathHtml()] });

describe("user text in generated markdown, as GitHub renders it", () => {
  it.each([
    ["a bare URL", "Call https://evil.example/login now"],
    ["a www address", "See www.evil.example today"],
    ["an e-mail address", "Write to press@evil.example please"],
    ["a mailto: address", "mailto:press@evil.example"],
    ["an explicit link", "[click](https://evil.example)"],
    ["an autolink", "<https://evil.example>"],
  ])("%s does not become a link", (_, text) => {
    const html = render(mdInline(text));
    expect(html).not.toContain("<a ");
    expect(html).toContain(text.replace(/[<>&]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;" })[c] ?? c));
  });

  it.each([
    ["$$…$$", "Cost $$\\int_0^1 x\\,dx$$ in total"],
    ["$…$", "Between $5 and $10 each"],
    ["a block", "$$\nx^2\n$$"],
  ])("%s does not become math", (_, text) => {
    const html = render(mdBlock(text));
    expect(html).not.toContain("math");
    expect(html).toContain("$");
  });

  it("a note of 130,000 backtick runs gets a longer fence at once, without a stack overflow", () => {
    const text = "`a".repeat(130_000) + "```````";
    const fenced = mdFence(text);
    expect(fenced.startsWith("````````text\n")).toBe(true);
    expect(render(fenced)).toContain("<pre><code");
  });
});

describe("user text on the terminal", () => {
  it.each([
    ["U+202E right-to-left override", "\u202e", "<U+202E>"],
    ["U+202A left-to-right embedding", "\u202a", "<U+202A>"],
    ["U+2066 left-to-right isolate", "\u2066", "<U+2066>"],
    ["U+2069 pop directional isolate", "\u2069", "<U+2069>"],
    ["ESC", "\u001b[2J", "␛[2J"],
    ["BEL", "\u0007", "␇"],
    ["C1 CSI", "\u009b31m", "\\x9b31m"],
  ])("%s is shown, not obeyed", (_, raw, shown) => {
    expect(neutralise(`a${raw}b`)).toBe(`a${shown}b`);
    expect(oneLine(`a${raw}\nb`)).toBe(`a${shown} b`);
    // eslint-disable-next-line no-control-regex
    expect(mdInline(`a${raw}b`)).not.toMatch(/[\u001b\u0007\u009b\u202a-\u202e\u2066-\u2069]/);
  });
});
