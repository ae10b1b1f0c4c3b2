import { neutralise } from "../../../adapters/terminal/sanitize.js";
import type { Finding } from "../types.js";

const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|\p{Extended_Pictographic}/u;
const ZERO = /\p{M}|\u200d|[\ufe00-\ufe0f]/u;

/** Columns a string takes in a terminal: CJK and emoji take two, combining marks none. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += ZERO.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1;
  return width;
}

/** How a source line is shown: tabs as one space and control characters as visible symbols, so the caret stays aligned. */
function shown(text: string): string {
  // neutralise() writes C1 controls as \xNN and drops \r; one "?" each keeps every character one column wide.
  return neutralise(text.replace(/\t/g, " ").replace(/[\r\u0080-\u009f]/g, "?"));
}

const WINDOW = 160;

/** Looks up source lines, splitting each file once however many findings it has. */
export function lineReader(sources: ReadonlyMap<string, string>): (file: string, line: number) => string | undefined {
  const split = new Map<string, string[]>();
  return (file, line) => {
    let lines = split.get(file);
    if (!lines) {
      const text = sources.get(file);
      if (text === undefined) return undefined;
      lines = text.split("\n");
      split.set(file, lines);
    }
    return (lines[line - 1] ?? "").replace(/\r$/, "");
  };
}

/** The finding's source line and a caret line under it (^ then ~ to the end of the range), or undefined. */
export function snippet(finding: Finding, sourceLine: string | undefined): { line: string; caret: string } | undefined {
  if (sourceLine === undefined) return undefined;
  const raw = sourceLine;
  if (raw === "" && finding.column <= 1) return undefined;
  const col = Math.max(0, Math.min(finding.column - 1, raw.length));
  let length: number;
  if (finding.endLine === finding.line && finding.endColumn !== undefined && finding.endColumn > finding.column)
    length = finding.endColumn - finding.column;
  else length = Math.max(1, (/^\S+/.exec(raw.slice(col))?.[0] ?? " ").length);
  // Very long lines (minified YAML, a 1 MiB one-liner) are cut to a window around the column.
  const start = raw.length > WINDOW ? Math.max(0, Math.min(col - 40, raw.length - WINDOW)) : 0;
  const end = Math.min(raw.length, start + WINDOW);
  const lead = start > 0 ? "…" : "";
  const tail = end < raw.length ? "…" : "";
  const visible = raw.slice(start, end);
  const pad = displayWidth(lead + shown(raw.slice(start, col)));
  const under = Math.max(1, Math.min(displayWidth(shown(raw.slice(col, col + length))), WINDOW));
  return { line: `${lead}${shown(visible)}${tail}`, caret: `${" ".repeat(pad)}^${"~".repeat(under - 1)}` };
}
