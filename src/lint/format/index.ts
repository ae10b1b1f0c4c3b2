import type { ChalkInstance } from "chalk";
import type { LintResult } from "../types.js";
import { formatGithub } from "./github.js";
import { formatJson } from "./json.js";
import { formatSarif } from "./sarif.js";
import { formatStylish } from "./stylish.js";

export const FORMATS = ["stylish", "json", "sarif", "github"] as const;
export type Format = (typeof FORMATS)[number];

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

export { countFindings, formatSummary } from "./stylish.js";
