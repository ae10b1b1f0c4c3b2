import { ownCopy } from "../text/own-copy.js";
import { PlaybookSchemaNeeded } from "../playbook/schema-on-demand.js";
import { crossFileFindings, lintTemplateUsers } from "./cross-file.js";
import { lintReportTemplate } from "./lint-report.js";
import { lintTemplate } from "./lint-template.js";
import { lintYaml, SpineRuns, type Crash } from "./lint-yaml.js";
import { textLocator } from "./place.js";
import type { LintContext, Report, ReportExtra, Session } from "./rule.js";
import { rule, TEXT_RULES } from "./rules/index.js";
import type { RawReport } from "./scope.js";
import { buildSession, collectEntries, entryOf, scanOf, type Entry, type Scan } from "./session.js";
import { yamlDirectives, type DirectiveParse } from "./suppress.js";
import type { LintFileKind, LintInput } from "./types.js";

/**
 * A lint run in steps, so that files can be checked one at a time, here or in another thread
 * (services/lint/parallel.ts): start the run (the shared context, built once), check each file on
 * its own (lintEntry: what it reports, with nothing shared written behind the run's back), then
 * put the outcomes together in the files' order (engine.ts: finishRun), which is what makes a
 * report byte for byte the same however the files were spread.
 */

/** What checking one file gave: everything the end of the run needs of it, and nothing else. */
export interface FileOutcome {
  path: string;
  kind: LintFileKind;
  /** Reports made while the file was checked, in the order they were made (each names its file). */
  reports: RawReport[];
  /** Reports about a template seen through this file, resolved once every file is checked. */
  deferred: RawReport[];
  /** The file's suppression comments, where it has been read far enough to have them. */
  directives?: DirectiveParse[];
  /** The file's text, when the report may quote it (it has findings or suppressions). */
  text?: string;
  /** Template variables this file answers ("template\0variable"): see Session.answeredInTemplate. */
  answered: string[];
  /** Its id (duplicate ids across files) and whether it may be a spine. */
  scan: Scan;
}

export interface LintRun {
  ctx: LintContext;
  /** Every file of the run, workspace first, in the order the report follows. */
  entries: Entry[];
  session: Session;
  spines: SpineRuns;
  /** The outcome of the file being checked: where a crashed check is reported. */
  current?: FileOutcome;
}

/**
 * The shared context of a run. Files that `resident` turns away are checked elsewhere: they are
 * not read here (the session is built from the others), though they count as linted.
 */
export function startRun(
  files: readonly LintInput[],
  ctx: LintContext,
  resident: (entry: Entry) => boolean = () => true,
): LintRun {
  const entries = collectEntries(files, ctx);
  lintTemplateUsers(entries);
  const away = entries.filter((e) => e.linted && !resident(e)).map((e) => e.path);
  const session = buildSession(
    away.length > 0 ? entries.filter(resident) : entries,
    away.length > 0 ? { ...ctx, alsoLinted: [...(ctx.alsoLinted ?? []), ...away] } : ctx,
  );
  // A spine's check that crashes is reported in the file being checked when it ran.
  const crash: Crash = (r, error) => {
    schemaNeeded(error);
    const current = run.current;
    if (!current) return;
    const message = error instanceof Error ? error.message : String(error);
    current.reports.push(
      detached({
        rule: rule("internal/crash"),
        where: { file: current.path, line: 1, column: 1 },
        message: `check ${r.id} crashed: ${message}; this is a bug in crisis, please report it`,
      }),
    );
  };
  const run: LintRun = { ctx, entries, session, spines: new SpineRuns(session, crash) };
  return run;
}

/** Not a crash: a value needs zod, which is not loaded; the run is started again with it (schema-on-demand.ts). */
function schemaNeeded(error: unknown): void {
  if (error instanceof PlaybookSchemaNeeded) throw error;
}

/** A file checked in this run that was not among the files it started with (a worker's share). */
export function addFile(run: LintRun, input: LintInput): Entry {
  return entryOf(input, true, run.ctx);
}

/** Duplicate ids and replaced bundled files, from every file's scan: reported before any file's own findings. */
export function crossReports(entries: readonly Entry[]): RawReport[] {
  const reports: RawReport[] = [];
  crossFileFindings(entries, (r, where, message, extra) => reports.push(detached({ rule: r, where, message, extra })));
  return reports;
}

/**
 * Checks one file: the YAML layer, the schema layer, the crisis rules. `reported` says whether
 * the run already holds findings in this file (its text is then kept for the report to quote).
 */
export function lintEntry(run: LintRun, entry: Entry, reported: boolean): FileOutcome {
  const { session, spines } = run;
  entry.pin?.();
  const outcome: FileOutcome = {
    path: entry.path,
    kind: entry.kind === "yaml" ? "playbook" : entry.kind,
    reports: [],
    deferred: [],
    answered: [],
    scan: { definition: undefined, spine: false },
  };
  run.current = outcome;
  const answeredBefore = session.answeredInTemplate.size;
  const sink: Report = (r, where, message, extra) => outcome.reports.push(detached({ rule: r, where, message, extra }));
  // Findings about a template seen through a playbook wait until every playbook has been checked.
  const report: Report = (r, where, message, extra) =>
    extra?.template
      ? outcome.deferred.push(detached({ rule: r, where, message, extra }))
      : sink(r, where, message, extra);
  const crash: Crash = (r, error) => {
    schemaNeeded(error);
    sink(
      rule("internal/crash"),
      { file: entry.path, line: 1, column: 1 },
      `check ${r.id} crashed: ${error instanceof Error ? error.message : String(error)}; this is a bug in crisis, please report it`,
    );
  };
  const text = "text" in entry.decoded ? entry.decoded.text : "";
  try {
    if (!("text" in entry.decoded)) {
      const { code, message, line, column } = entry.decoded.issue;
      sink(rule(`yaml/${code}`), { file: entry.path, line, column }, message);
    } else if (entry.kind === "report") {
      lintReportTemplate(entry.path, text, report);
    } else if (entry.kind === "template") {
      outcome.directives = lintTemplate(entry, text, session, report, crash);
      const fixed = outcome.reports.some((r) => r.where.file === entry.path && r.rule.fixed);
      if (!fixed) runTextRules(entry.path, "template", text, report, crash);
    } else {
      const parsed = lintYaml(entry, session, spines, report, crash);
      if (parsed && parsed.issues.length === 0) {
        if (entry.kind === "yaml" && (parsed.value as { spine?: unknown } | null)?.spine !== undefined)
          outcome.kind = "spine";
        const at = textLocator(entry.path, parsed.text);
        runTextRules(entry.path, outcome.kind, parsed.text, report, crash, at);
        outcome.directives = yamlDirectives(parsed.text, at);
      }
    }
  } catch (error) {
    crash({ id: `(${entry.path})`, severity: "error", description: "", fix: "" }, error);
  }
  // A parsed playbook is large; only spines are needed again (by the playbooks that extend them).
  if (outcome.kind !== "spine") delete entry.parsed;
  outcome.scan = scanOf(entry);
  if (session.answeredInTemplate.size > answeredBefore)
    outcome.answered = [...session.answeredInTemplate].slice(answeredBefore);
  // The report quotes lines of files with findings (some only resolved after every file, from
  // the templates they use) and suppressions need their file's lines: other texts are let go.
  const quoted =
    reported ||
    outcome.reports.some((r) => r.where.file === entry.path) ||
    (outcome.directives?.length ?? 0) > 0 ||
    outcome.deferred.some((r) => r.where.file === entry.path) ||
    entry.pin === undefined;
  if (quoted) outcome.text = quotable(entry, outcome, text);
  entry.unpin?.();
  run.current = undefined;
  return outcome;
}

/**
 * What the report may quote of a file it holds findings in. A playbook read from disk keeps only
 * the lines a finding can be at (its own reports, those resolved later through the templates it
 * uses, its id for a duplicate), the others left empty, so a run over thousands of files holds
 * lines, not texts. The whole text is kept where suppressions need every line, for templates
 * (findings resolved later land anywhere in them) and for files the run was given as text.
 */
function quotable(entry: Entry, outcome: FileOutcome, text: string): string {
  if (entry.pin === undefined || entry.kind === "template" || entry.kind === "report") return text;
  if ((outcome.directives?.length ?? 0) > 0) return text;
  const keep = new Set<number>();
  for (const r of [...outcome.reports, ...outcome.deferred]) if (r.where.file === entry.path) keep.add(r.where.line);
  const def = outcome.scan.definition;
  if (def) keep.add(def.where.line);
  return text
    .split("\n")
    .map((line, i) => (keep.has(i + 1) ? line : ""))
    .join("\n");
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

/**
 * A report as kept until the end of the run: its texts copied, because a message quoting a value
 * of the file would otherwise keep the file's whole text alive (core/text/own-copy.ts).
 */
export function detached(raw: RawReport): RawReport {
  const extra = raw.extra;
  if (!extra) return { ...raw, message: ownCopy(raw.message) };
  const copy: ReportExtra = {};
  if (extra.related) copy.related = extra.related.map((r) => ({ ...r, message: ownCopy(r.message) }));
  if (extra.template) {
    const t = extra.template;
    copy.template = {
      ...t,
      id: ownCopy(t.id),
      key: ownCopy(t.key),
      message: ownCopy(t.message),
      relatedMessage: ownCopy(t.relatedMessage),
    };
  }
  return { ...raw, message: ownCopy(raw.message), extra: copy };
}
