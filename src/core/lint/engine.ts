import { textLocator } from "./place.js";
import type { Report } from "./rule.js";
import { isSuppressible, rule, RULE_BY_ID, TEXT_RULES } from "./rules/index.js";
import { lintTemplate } from "./lint-template.js";
import { lintReportTemplate } from "./lint-report.js";
import { SpineRuns, lintYaml, type Crash } from "./lint-yaml.js";
import type { RawReport } from "./scope.js";
import { buildSession, collectEntries, type Entry } from "./session.js";
import { crossFileFindings, lintTemplateUsers, resolveTemplateFindings } from "./cross-file.js";
import { ruleSettings } from "./settings.js";
import { suggestRule } from "./rules/suggest-id.js";
import { coveredLines, matchesRule, yamlDirectives, type Directive, type DirectiveParse } from "./suppress.js";
import type {
  LintFileKind,
  Finding,
  LintInput,
  LintResult,
  LintedFile,
  RuleSetting,
  SuppressedFinding,
} from "./types.js";
import type { LintContext } from "./rule.js";
import { sortFindings } from "./sort.js";

/**
 * Lints files: for each, the YAML layer, then the schema layer, then the crisis rules; then rule
 * settings from the config and inline suppressions. Pure: files and context in, findings out.
 * It never throws: a check that crashes becomes an internal/crash finding.
 */
export function lintFiles(files: readonly LintInput[], ctx: LintContext): LintResult {
  const entries = collectEntries(files, ctx);
  lintTemplateUsers(entries);
  const session = buildSession(entries, ctx);
  const settings = ruleSettings(ctx.config);
  const linted: LintedFile[] = [];
  const sources = new Map<string, string>();
  const raws = new Map<string, RawReport[]>();
  const sink: Report = (r, where, message, extra) => {
    let list = raws.get(where.file);
    if (!list) raws.set(where.file, (list = []));
    list.push({ rule: r, where, message, extra });
  };
  const deferred: RawReport[] = [];
  // Findings about a template seen through a playbook wait until every playbook has been checked.
  const report: Report = (r, where, message, extra) =>
    extra?.template ? deferred.push({ rule: r, where, message, extra }) : sink(r, where, message, extra);
  let crashFile = "";
  const crash: Crash = (r, error) => {
    const message = error instanceof Error ? error.message : String(error);
    sink(
      rule("internal/crash"),
      { file: crashFile, line: 1, column: 1 },
      `check ${r.id} crashed: ${message}; this is a bug in crisis, please report it`,
    );
  };
  const spines = new SpineRuns(session, crash);
  crossFileFindings(entries, sink);

  const total = entries.filter((e) => e.linted).length;
  let started = 0;
  const directives = new Map<string, DirectiveParse[]>();
  for (const entry of entries) {
    if (!entry.linted) continue;
    ctx.onFile?.(started++, total);
    crashFile = entry.path;
    entry.pin?.();
    const deferredBefore = deferred.length;
    let kind: LintFileKind = entry.kind === "yaml" ? "playbook" : entry.kind;
    const text = "text" in entry.decoded ? entry.decoded.text : "";
    const before = raws.get(entry.path)?.length ?? 0;
    try {
      if (!("text" in entry.decoded)) {
        const { code, message, line, column } = entry.decoded.issue;
        sink(rule(`yaml/${code}`), { file: entry.path, line, column }, message);
      } else if (entry.kind === "report") {
        lintReportTemplate(entry.path, text, report);
      } else if (entry.kind === "template") {
        directives.set(entry.path, lintTemplate(entry, text, session, report, crash));
        const fixed = (raws.get(entry.path) ?? []).slice(before).some((r) => r.rule.fixed);
        if (!fixed) runTextRules(entry.path, "template", text, report, crash);
      } else {
        const parsed = lintYaml(entry, session, spines, report, crash);
        if (parsed && parsed.issues.length === 0) {
          if (entry.kind === "yaml" && (parsed.value as { spine?: unknown } | null)?.spine !== undefined)
            kind = "spine";
          const at = textLocator(entry.path, parsed.text);
          runTextRules(entry.path, kind, parsed.text, report, crash, at);
          directives.set(entry.path, yamlDirectives(parsed.text, at));
        }
      }
    } catch (error) {
      crash({ id: `(${entry.path})`, severity: "error", description: "", fix: "" }, error);
    }
    // A parsed playbook is large; only spines are needed again (by the playbooks that extend them).
    if (kind !== "spine") delete entry.parsed;
    linted.push({ file: entry.path, kind });
    // The report quotes lines of files with findings (some only resolved after every file, from
    // the templates they use) and suppressions need their file's lines: other texts are let go.
    const quoted =
      (raws.get(entry.path)?.length ?? 0) > 0 ||
      (directives.get(entry.path)?.length ?? 0) > 0 ||
      deferred.slice(deferredBefore).some((r) => r.where.file === entry.path) ||
      entry.pin === undefined;
    if (quoted) sources.set(entry.path, text);
    entry.unpin?.();
  }
  const lintedPaths = new Set(linted.map((f) => f.file));
  resolveTemplateFindings(deferred, session, lintedPaths, sink);

  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const entry of entries) {
    if (!entry.linted) continue;
    const text = sources.get(entry.path) ?? "";
    const done = applySuppressions(entry, text, raws.get(entry.path) ?? [], directives.get(entry.path) ?? [], settings);
    findings.push(...done.findings);
    suppressed.push(...done.suppressed);
  }
  return { findings: sortFindings(dedupe(findings)), suppressed: sortFindings(suppressed), files: linted, sources };
}

function runTextRules(
  file: string,
  kind: LintFileKind,
  text: string,
  report: Report,
  crash: Crash,
  at = textLocator(file, text),
): void {
  for (const r of TEXT_RULES) {
    try {
      r.check({ file, kind, text, at }, report);
    } catch (error) {
      crash(r, error);
    }
  }
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
  entry: Entry,
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
    if (isSuppressible(raw.rule.id) && raw.where.file === entry.path) {
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
