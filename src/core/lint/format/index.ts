import type { ChalkInstance } from "chalk";
import type { Format, LintResult } from "../types.js";
import { formatGithub } from "./github.js";
import { formatJson } from "./json.js";
import { formatSarif } from "./sarif.js";
import { formatStylish } from "./stylish.js";

export function formatResult(
  format: Format,
  result: LintResult,
  options: { chalk: ChalkInstance; version: string; cwd: string },
): string {
  switch (format) {
    case "json":
      return formatJson(result, options);
    case "sarif":
      return formatSarif(result, options);
    case "github":
      return formatGithub(result);
    default:
      return formatStylish(result, options.chalk);
  }
}

export { formatSummary } from "./stylish.js";
