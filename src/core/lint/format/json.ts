import type { LintResult } from "../types.js";
import { countFindings } from "./stylish.js";

/**
 * Findings as data, for jq and other tools. Lines and columns are 1-based; columns count UTF-16
 * code units; endLine/endColumn point just past the range. Suppressed findings are listed apart,
 * with the reason given in their comment.
 */
export function formatJson(result: LintResult, tool: { version: string }): string {
  const counts = countFindings(result.findings);
  const doc = {
    version: 1,
    tool: { name: "crisis lint", version: tool.version },
    summary: {
      files: result.files.length,
      errors: counts.error,
      warnings: counts.warning,
      infos: counts.info,
      suppressed: result.suppressed.length,
    },
    findings: result.findings,
    suppressed: result.suppressed,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
