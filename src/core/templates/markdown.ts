import { neutralise, oneLine } from "../../adapters/terminal/sanitize.js";

/**
 * Text from answers and playbooks lands inside generated markdown. These escape it so it reads as
 * the literal text it is and cannot open a heading, a link, a table cell, raw HTML, a code block
 * or math (`$…$`, `$$…$$` on GitHub), nor become a link by itself (GitHub-flavoured markdown links
 * bare `https://…`, `www.…` and `name@example.com`; test/log/markdown-gfm.test.ts checks it with
 * a GFM implementation).
 */

const INLINE_SPECIALS = /[\\`*_{}[\]()<>#+!|~$]/g;
/** What GFM would turn into a link: a scheme's colon before //, mailto:/xmpp:, www., the @ of an address. */
const AUTOLINK_TRIGGERS = /:(?=\/\/)|(?<=\b(?:mailto|xmpp)):|(?<=\bwww)\.|(?<=[\w.+-])@/gi;

/** One line of literal text inside a paragraph, list item or table cell. */
export function mdInline(text: string): string {
  return oneLine(text)
    .replace(/&/g, "&amp;")
    .replace(INLINE_SPECIALS, (ch) => (ch === "<" ? "&lt;" : ch === ">" ? "&gt;" : `\\${ch}`))
    .replace(AUTOLINK_TRIGGERS, (ch) => `\\${ch}`)
    .replace(/^(\s*)([-=]+)(\s|$)/, "$1\\$2$3")
    .replace(/^(\s*\d+)([.)])(\s|$)/, "$1\\$2$3")
    .trim();
}

/** Several lines of literal text: each line escaped, blank lines kept as paragraph breaks. */
export function mdBlock(text: string): string {
  return neutralise(text)
    .split("\n")
    .map((line) => (line.trim() === "" ? "" : mdInline(line)))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Literal text shown as-is in a fenced block; the fence is longer than any backtick run inside. */
export function mdFence(text: string, info = "text"): string {
  const body = neutralise(text);
  // A loop, not Math.max(...runs): a text of 130,000 backtick runs would overflow the stack.
  let longest = 2;
  let run = 0;
  for (let i = 0; i < body.length; i++) {
    run = body.charCodeAt(i) === 96 ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const fence = "`".repeat(longest + 1);
  return `${fence}${info}\n${body}\n${fence}`;
}
