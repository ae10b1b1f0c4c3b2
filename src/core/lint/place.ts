import type { Origin, Step } from "../playbook/model.js";
import { locateRange, positionOf, type ParsedYaml } from "../yaml/parse.js";
import type { Where } from "./rule.js";

/** Where a path is written in a parsed file, as a finding's place. */
export function whereOf(parsed: ParsedYaml, path: readonly PropertyKey[], at: "key" | "value" = "value"): Where {
  const r = locateRange(parsed, path, at);
  const where: Where = { file: parsed.file, line: r.line, column: r.column };
  // A whole map or list would underline many lines: only a range within one line is kept.
  if (r.endLine !== undefined && r.endLine === r.line && r.endColumn !== undefined) {
    where.endLine = r.endLine;
    where.endColumn = r.endColumn;
  }
  return where;
}

/** Where a range inside a scalar's text is, when the scalar is written as its value (plain or simply quoted). */
export function whereInScalar(
  parsed: ParsedYaml,
  path: readonly PropertyKey[],
  value: string,
  offset: number,
  length: number,
): Where {
  const r = locateRange(parsed, path, "value");
  if (r.offset === undefined || r.endOffset === undefined) return whereOf(parsed, path);
  const source = parsed.text.slice(r.offset, r.endOffset);
  let base: number | undefined;
  if (source === value) base = r.offset;
  else if ((source.startsWith('"') || source.startsWith("'")) && source.slice(1, -1) === value) base = r.offset + 1;
  if (base === undefined) return whereOf(parsed, path);
  const start = positionOf(parsed.lines, base + offset);
  const end = positionOf(parsed.lines, base + offset + Math.max(1, length));
  return { file: parsed.file, ...start, endLine: end.line, endColumn: end.column };
}

/**
 * Places character ranges of a text, counting lines from `firstLine`. The line starts are found
 * once, so placing many findings in a large file stays linear.
 */
export function textLocator(file: string, text: string, firstLine = 1): (offset: number, length: number) => Where {
  let starts: number[] | undefined;
  return (offset, length) => {
    // Most files have nothing to place: the line starts are found on the first finding.
    if (!starts) {
      starts = [0];
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    const line = firstLine + lo;
    const column = offset - (starts[lo] ?? 0) + 1;
    const within = text.slice(offset, offset + Math.max(1, length));
    const nl = within.indexOf("\n");
    const width = nl === -1 ? within.length : nl;
    return width > 0 ? { file, line, column, endLine: line, endColumn: column + width } : { file, line, column };
  };
}

/**
 * Where an item of a resolved step's list was written. A spine step's list is its own items
 * followed by those of each patch, in order; the lengths of the written lists find the item.
 */
export function itemOriginOf(
  step: Step,
  key: "prompts" | "messages" | "checklist",
  index: number,
  dataOf: (file: string) => unknown,
): Origin {
  const sources: Origin[] = [step.origin, ...step.patchedBy];
  let i = index;
  for (const source of sources) {
    const list = valueAt(dataOf(source.file), [...source.path, key]);
    const n = Array.isArray(list) ? list.length : 0;
    if (i < n) return { file: source.file, path: [...source.path, key, i] };
    i -= n;
  }
  return step.origin;
}

/** Where a field of a resolved step was last set: the last patch that set it, or the step itself. */
export function fieldOriginOf(step: Step, key: string, dataOf: (file: string) => unknown): Origin {
  for (let i = step.patchedBy.length - 1; i >= 0; i--) {
    const patch = step.patchedBy[i];
    if (patch && valueAt(dataOf(patch.file), [...patch.path, key]) !== undefined)
      return { file: patch.file, path: [...patch.path, key] };
  }
  return { file: step.origin.file, path: [...step.origin.path, key] };
}

export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}
