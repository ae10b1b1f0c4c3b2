import type { ExitCode } from "../../errors.js";
import { EXIT } from "../../errors.js";
import { SEVERITY_RANK, type LintResult, type Severity } from "./types.js";

/** 3 for a crashed check, 2 for an unusable config, 1 for findings at or above the threshold or too many warnings, else 0. */
export function exitCode(
  result: Pick<LintResult, "findings">,
  o: { threshold: Severity; maxWarnings: number | undefined; configPath: string | undefined; configValid: boolean },
): ExitCode {
  if (result.findings.some((f) => f.rule === "internal/crash")) return EXIT.internal;
  const configBroken = result.findings.some(
    (f) =>
      f.file === o.configPath &&
      f.severity === "error" &&
      (f.rule.startsWith("yaml/") || f.rule.startsWith("schema/") || f.rule === "ref/unknown-rule"),
  );
  if (!o.configValid || configBroken) return EXIT.usage;
  if (result.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[o.threshold])) return EXIT.findings;
  const warnings = result.findings.filter((f) => f.severity === "warning").length;
  if (o.maxWarnings !== undefined && warnings > o.maxWarnings) return EXIT.findings;
  return EXIT.ok;
}
