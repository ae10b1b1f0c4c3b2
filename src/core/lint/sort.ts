import { SEVERITY_RANK, type Finding } from "./types.js";

/** The one order of findings in every report: file, line, column, the worse severity first, rule, message. */
export function sortFindings<T extends Finding>(findings: T[]): T[] {
  return findings.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
      (a.message < b.message ? -1 : 1),
  );
}
