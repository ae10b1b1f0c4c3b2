import type { Finding, LintResult, SuppressedFinding } from "../types.js";
import { countFindings } from "./stylish.js";

/** Version 2: snake_case keys like every other --json output of crisis, and the list of files checked. */
const LINT_JSON_VERSION = 2;

/** A finding as data: snake_case keys; end_line/end_column only when the finding has a range. */
function findingJson(f: Finding | SuppressedFinding) {
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    file: f.file,
    line: f.line,
    column: f.column,
    ...(f.endLine !== undefined ? { end_line: f.endLine } : {}),
    ...(f.endColumn !== undefined ? { end_column: f.endColumn } : {}),
    ...(f.related ? { related: f.related } : {}),
    ...("justification" in f ? { justification: f.justification } : {}),
  };
}

/**
 * Findings as data, for jq and other tools. Lines and columns are 1-based; columns count UTF-16
 * code units; end_line/end_column point just past the range. Suppressed findings are listed apart,
 * with the reason given in their comment.
 */
export function formatJson(result: LintResult, tool: { version: string }): string {
  const counts = countFindings(result.findings);
  const doc = {
    version: LINT_JSON_VERSION,
    tool: { name: "crisis lint", version: tool.version },
    summary: {
      files: result.files.length,
      errors: counts.error,
      warnings: counts.warning,
      infos: counts.info,
      suppressed: result.suppressed.length,
    },
    files: result.files.map((f) => ({ path: f.file, kind: f.kind })),
    findings: result.findings.map(findingJson),
    suppressed: result.suppressed.map(findingJson),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
