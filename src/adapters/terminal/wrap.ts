import { stripVTControlCharacters } from "node:util";
import wrapAnsi from "wrap-ansi";

// eslint-disable-next-line no-control-regex
const LEADING_STYLES = /^((?:\u001b\[[0-9;]*m)*)( +)/;
/** A list marker after the indent: continuation lines hang under the text, not under the marker. */
const MARKER = /^ *((?:\[[ x]\]|[-*•?✔]|\d+[.)]) )?/;

/**
 * Wraps text for the terminal at word boundaries, keeping colours and each line's indent, so a long
 * line never gets cut mid-word by the terminal. Lines that fit are left alone.
 */
export function wrapForTerminal(text: string, width: number): string {
  return text
    .split("\n")
    .map((line) => {
      if (stripVTControlCharacters(line).length <= width) return line;
      // The indent may sit behind a colour code: move it in front, then wrap what follows it.
      const match = LEADING_STYLES.exec(line);
      const indent = match?.[2]?.length ?? 0;
      const hang = indent + (MARKER.exec(stripVTControlCharacters(line))?.[1]?.length ?? 0);
      const body = match ? `${match[1] ?? ""}${line.slice(match[0].length)}` : line;
      return wrapAnsi(body, Math.max(20, width - hang), { hard: true, trim: true })
        .split("\n")
        .map((part, i) => " ".repeat(i === 0 ? indent : hang) + part)
        .join("\n");
    })
    .join("\n");
}
