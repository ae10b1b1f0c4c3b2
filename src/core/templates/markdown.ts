import { neutralise, oneLine } from "../../adapters/terminal/sanitize.js";

/**
 * Text from answers and playbooks lands inside generated markdown. These escape it so it reads as
 * the literal text it is and cannot open a heading, a link, a table cell, raw HTML or a code block.
 */

const INLINE_SPECIALS = /[\\`*_{}[\]()<>#+!|~]/g;

/** One line of literal text inside a paragraph, list item or table cell. */
export function mdInline(text: string): string {
  return oneLine(text)
    .replace(/&/g, "&amp;")
    .replace(INLINE_SPECIALS, (ch) => (ch === "<" ? "&lt;" : ch === ">" ? "&gt;" : `\\${ch}`))
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
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${info}\n${body}\n${fence}`;
}
