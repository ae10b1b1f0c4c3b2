import type { LintContext } from "./rule.js";
import { isSuppressible, rule, RULE_BY_ID } from "./rules/index.js";
import type { RawReport } from "./scope.js";
import { resolveTemplateFindings } from "./cross-file.js";
import { crossReports, detached, lintEntry, startRun, type FileOutcome, type LintRun } from "./file-run.js";
import { ruleSettings } from "./settings.js";
import { suggestRule } from "./rules/suggest-id.js";
import { coveredLines, matchesRule, type Directive, type DirectiveParse } from "./suppress.js";
import type { Finding, LintInput, LintResult, LintedFile, RuleSetting, SuppressedFinding } from "./types.js";
import { sortFindings } from "./sort.js";

/**
 * Lints files: for each, the YAML layer, then the schema layer, then the crisis rules; then rule
 * settings from the config and inline suppressions. Pure: files and context in, findings out.
 * It never throws: a check that crashes becomes an internal/crash finding.
 */
export function lintFiles(files: readonly LintInput[], ctx: LintContext): LintResult {
  const run = startRun(files, ctx);
  const cross = crossReports(run.entries);
  // Files the run already holds findings in: their text is kept for the report to quote.
  const reported = new Set(cross.map((r) => r.where.file));
  const linted = run.entries.filter((e) => e.linted);
  const outcomes = linted.map((entry, i) => {
    ctx.onFile?.(i, linted.length);
    const outcome = lintEntry(run, entry, reported.has(entry.path));
    for (const r of outcome.reports) reported.add(r.where.file);
    return outcome;
  });
  return finishRun(run, outcomes, cross);
}

/**
 * The end of a run: every linted file's outcome, in the run's order of files, put together with
 * the findings across files, then rule settings and suppressions applied. The same outcomes give
 * the same report byte for byte, whichever thread checked each file. `cross` is what crossReports
 * gave when it ran before the files were checked; otherwise it is found now, from the outcomes' scans.
 */
export function finishRun(run: LintRun, outcomes: readonly FileOutcome[], cross?: readonly RawReport[]): LintResult {
  const { entries, session } = run;
  const byPath = new Map(entries.map((e) => [e.path, e]));
  for (const o of outcomes) {
    const entry = byPath.get(o.path);
    if (entry && !entry.scan) entry.scan = o.scan;
  }
  const raws = new Map<string, RawReport[]>();
  const add = (raw: RawReport) => {
    let list = raws.get(raw.where.file);
    if (!list) raws.set(raw.where.file, (list = []));
    list.push(raw);
  };
  for (const r of cross ?? crossReports(entries)) add(r);
  const linted: LintedFile[] = [];
  const sources = new Map<string, string>();
  const directives = new Map<string, DirectiveParse[]>();
  const deferred: RawReport[] = [];
  for (const o of outcomes) {
    for (const r of o.reports) add(r);
    deferred.push(...o.deferred);
    for (const key of o.answered) session.answeredInTemplate.add(key);
    if (o.directives) directives.set(o.path, o.directives);
    linted.push({ file: o.path, kind: o.kind });
    if (o.text !== undefined) sources.set(o.path, o.text);
    else if ((raws.get(o.path)?.length ?? 0) > 0) {
      // Checked elsewhere before another file reported in it: read again for the report to quote.
      const decoded = byPath.get(o.path)?.decoded;
      sources.set(o.path, decoded && "text" in decoded ? decoded.text : "");
    }
  }
  const lintedPaths = new Set(linted.map((f) => f.file));
  resolveTemplateFindings(deferred, session, lintedPaths, (r, where, message, extra) =>
    add(detached({ rule: r, where, message, extra })),
  );

  const settings = ruleSettings(session.config);
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const o of outcomes) {
    const text = sources.get(o.path) ?? "";
    const done = applySuppressions(o.path, text, raws.get(o.path) ?? [], directives.get(o.path) ?? [], settings);
    findings.push(...done.findings);
    suppressed.push(...done.suppressed);
  }
  return { findings: sortFindings(dedupe(findings)), suppressed: sortFindings(suppressed), files: linted, sources };
}

function toFinding(raw: RawReport, severity: Finding["severity"]): Finding {
  const f: Finding = {
    rule: raw.rule.id,
    severity,
    message: raw.message,
    file: raw.where.file,
    line: raw.where.line,
    column: raw.where.column,
  };
  if (raw.where.endLine !== undefined && raw.where.endColumn !== undefined) {
    f.endLine = raw.where.endLine;
    f.endColumn = raw.where.endColumn;
  }
  if (raw.extra?.related && raw.extra.related.length > 0) f.related = raw.extra.related;
  return f;
}

/** Rule settings, then the file's suppression comments; reports bad and unused suppressions. */
function applySuppressions(
  file: string,
  text: string,
  raws: readonly RawReport[],
  parses: readonly DirectiveParse[],
  settings: (rule: RawReport["rule"]) => RuleSetting,
): { findings: Finding[]; suppressed: SuppressedFinding[] } {
  const meta: RawReport[] = [];
  const directives: Directive[] = [];
  for (const p of parses) {
    if ("invalid" in p) {
      meta.push({ rule: rule("suppress/invalid"), where: p.where, message: p.invalid });
      continue;
    }
    const d = p.directive;
    const ok = d.rules.filter((id) => {
      const problem = suppressionProblem(id);
      if (problem) meta.push({ rule: rule("suppress/invalid"), where: d.where, message: problem });
      return problem === undefined;
    });
    if (d.kind !== "enable" && d.reason === undefined) {
      meta.push({
        rule: rule("suppress/missing-reason"),
        where: d.where,
        message: `crisis-lint-${d.kind} ${d.rules.join(", ")} gives no reason, so it is not applied; expected "-- <why this is fine>" after the rule ids`,
      });
      continue;
    }
    if (ok.length > 0) directives.push({ ...d, rules: ok });
  }
  const active = directives.filter((d) => d.kind !== "enable");
  // Most files have no suppression comment: split the text into lines only when one needs them.
  const lines = active.length > 0 ? text.split("\n") : [];
  const commentOrBlank = (n: number) => /^\s*(?:#.*|\{\{![\s\S]*\}\}\s*)?$/.test(lines[n - 1] ?? "");
  const covers = active.map((d) => coveredLines(d, directives, lines.length, commentOrBlank));
  const used = active.map(() => new Set<string>());

  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const raw of raws) {
    const setting = settings(raw.rule);
    if (setting === "off") continue;
    const finding = toFinding(raw, setting);
    let by: Directive | undefined;
    if (isSuppressible(raw.rule.id) && raw.where.file === file) {
      active.forEach((d, i) => {
        if (by) return;
        const pattern = d.rules.find((p) => matchesRule(p, raw.rule.id) && covers[i]?.(raw.where.line, p));
        if (pattern === undefined) return;
        by = d;
        used[i]?.add(pattern);
      });
    }
    if (by) suppressed.push({ ...finding, justification: by.reason ?? "" });
    else findings.push(finding);
  }
  active.forEach((d, i) => {
    for (const pattern of d.rules) {
      if (used[i]?.has(pattern)) continue;
      const target = RULE_BY_ID.get(pattern);
      if (target && settings(target) === "off") continue; // nothing to suppress while the rule is off
      meta.push({
        rule: rule("suppress/unused"),
        where: d.where,
        message: `crisis-lint-${d.kind} ${pattern} suppressed nothing; expected a finding of that rule ${d.kind === "disable-next-line" ? "on the next line" : d.kind === "disable-line" ? "on this line" : "in its range"} (remove the comment if the problem is fixed)`,
      });
    }
  });
  for (const m of meta) {
    const setting = settings(m.rule);
    if (setting !== "off") findings.push(toFinding(m, setting));
  }
  return { findings, suppressed };
}

function suppressionProblem(id: string): string | undefined {
  const wildcard = /^([a-z]+)\/\*$/.exec(id);
  if (wildcard) {
    const members = [...RULE_BY_ID.keys()].filter((r) => r.startsWith(`${wildcard[1]}/`));
    if (members.length === 0) return `no rule category "${wildcard[1]}"; expected category/* for an existing category`;
    if (!members.some(isSuppressible)) return `the ${wildcard[1]}/* rules cannot be suppressed`;
    return undefined;
  }
  if (!RULE_BY_ID.has(id)) {
    const hint = suggestRule(id, [...RULE_BY_ID.keys()]);
    return `unknown rule "${id}"${hint ? ` (did you mean "${hint}"?)` : ""}; expected a rule id from crisis lint --list-rules`;
  }
  if (!isSuppressible(id))
    return `rule "${id}" cannot be suppressed${id.startsWith("suppress/") ? "" : ": a file that fails it cannot be checked further"}`;
  return undefined;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.file}|${f.line}|${f.column}|${f.rule}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
