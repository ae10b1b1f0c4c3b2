import type { Paint } from "../../../adapters/terminal/paint.js";
import { oneLine } from "../../../adapters/terminal/sanitize.js";
import type { Finding, LintResult } from "../types.js";
import { lineReader, snippet } from "./snippet.js";

const MAX_RELATED = 5;

/**
 * The default format: one `file:line:column: severity: message [rule]` line per finding (the
 * shape every editor and CI log understands), then the source line with a caret under the problem.
 */
export function formatStylish(result: Pick<LintResult, "findings" | "sources">, c: Paint): string {
  const out: string[] = [];
  const tone = { error: c.red, warning: c.yellow, info: c.blue } as const;
  const lineOf = lineReader(result.sources);
  for (const f of result.findings) {
    out.push(
      `${c.bold(`${oneLine(f.file)}:${f.line}:${f.column}`)}: ${tone[f.severity](f.severity)}: ${oneLine(f.message)} ${c.gray(`[${f.rule}]`)}`,
    );
    const s = snippet(f, lineOf(f.file, f.line));
    if (s) {
      const gutter = String(f.line);
      out.push(`${c.gray(`  ${gutter} |`)} ${s.line}`);
      out.push(`${c.gray(`  ${" ".repeat(gutter.length)} |`)} ${c.green(s.caret)}`);
    }
    // The other ends: the playbooks that use a template, the first of two duplicates…
    const related = f.related ?? [];
    for (const r of related.slice(0, MAX_RELATED))
      out.push(c.gray(`  ↳ ${oneLine(r.file)}:${r.line}:${r.column}: ${oneLine(r.message)}`));
    if (related.length > MAX_RELATED) out.push(c.gray(`  ↳ … and ${related.length - MAX_RELATED} more`));
  }
  return out.length > 0 ? `${out.join("\n")}\n` : "";
}

export interface Counts {
  error: number;
  warning: number;
  info: number;
}

export function countFindings(findings: readonly Finding[]): Counts {
  const counts: Counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The closing line: what was found in how many files. */
export function formatSummary(result: Pick<LintResult, "findings" | "suppressed" | "files">, c: Paint): string {
  const counts = countFindings(result.findings);
  const withFindings = new Set(result.findings.map((f) => f.file)).size;
  const suppressed = result.suppressed.length > 0 ? `, ${result.suppressed.length} suppressed` : "";
  if (result.findings.length === 0)
    return `${c.green("✔")} ${plural(result.files.length, "file")} checked, no problems${suppressed}\n`;
  const parts = `${plural(counts.error, "error")}, ${plural(counts.warning, "warning")}, ${counts.info} info`;
  const mark = counts.error > 0 ? c.red("✖") : c.yellow("!");
  return `${mark} ${parts} in ${plural(withFindings, "file")} (${plural(result.files.length, "file")} checked${suppressed})\n`;
}
