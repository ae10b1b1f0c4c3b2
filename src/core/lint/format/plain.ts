import type { Paint } from "../../../adapters/terminal/paint.js";
import type { Format, LintResult } from "../types.js";
import { formatGithub } from "./github.js";
import { formatJson } from "./json.js";
import { formatStylish } from "./stylish.js";

/**
 * Every format but SARIF, which needs every rule's metadata (and so every rule module): a run that
 * writes stylish, JSON or GitHub output loads none of them (a --cache run with nothing changed).
 */
export function formatPlain(
  format: Exclude<Format, "sarif">,
  result: LintResult,
  options: { chalk: Paint; version: string; cwd: string },
): string {
  switch (format) {
    case "json":
      return formatJson(result, options);
    case "github":
      return formatGithub(result);
    default:
      return formatStylish(result, options.chalk);
  }
}

export { formatSummary } from "./stylish.js";
