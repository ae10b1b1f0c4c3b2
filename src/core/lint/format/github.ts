import { SEVERITY_RANK, type LintResult } from "../types.js";

/** Escapes a workflow command's message as @actions/core does. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a workflow command's property value: as data, plus ":" and ",". */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

const COMMAND = { error: "error", warning: "warning", info: "notice" } as const;

/**
 * GitHub Actions workflow commands: one annotation per finding, most severe first (GitHub shows
 * only the first ten of each kind per step; the log and SARIF keep the rest).
 */
export function formatGithub(result: Pick<LintResult, "findings">): string {
  const findings = [...result.findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
  return findings
    .map((f) => {
      const props = [`file=${escapeProperty(f.file)}`, `line=${f.line}`];
      if (f.endLine !== undefined) props.push(`endLine=${f.endLine}`);
      // GitHub accepts columns only when the annotation starts and ends on one line.
      if (f.endLine === undefined || f.endLine === f.line) {
        props.push(`col=${f.column}`);
        if (f.endColumn !== undefined) props.push(`endColumn=${f.endColumn}`);
      }
      props.push(`title=${escapeProperty(`crisis lint ${f.rule}`)}`);
      return `::${COMMAND[f.severity]} ${props.join(",")}::${escapeData(f.message)}\n`;
    })
    .join("");
}
