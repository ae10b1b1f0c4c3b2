import type { Paint } from "../../../adapters/terminal/paint.js";
import type { Format, LintResult } from "../types.js";
import { formatPlain } from "./plain.js";
import { formatSarif } from "./sarif.js";

export function formatResult(
  format: Format,
  result: LintResult,
  options: { chalk: Paint; version: string; cwd: string },
): string {
  return format === "sarif" ? formatSarif(result, options) : formatPlain(format, result, options);
}
