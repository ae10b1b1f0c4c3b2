import { fileKind } from "../playbook/file-kind.js";
import { mergeSpine } from "../playbook/spine-merge.js";
import type { PlaybookFile } from "../playbook/schema.js";
import { configSchemaLoaded, validatePlaybook, validateSpine } from "../playbook/schema-on-demand.js";
import { validate, type SchemaProblem } from "../yaml/validate.js";
import { releaseDocument, type ParsedYaml, type YamlProblem } from "../yaml/parse.js";
import { suggest } from "../suggest.js";
import { explainYaml } from "./explain-yaml.js";
import { whereOf } from "./place.js";
import type { Report, Session, Where } from "./rule.js";
import { reportSpineMergeProblems } from "./resolution.js";
import { placementCycles } from "./rules/flow.js";
import { CONFIG_RULES, rule } from "./rules/index.js";
import { findingKey, located, playbookScope, runPlaybookRules, spineScope, type RawReport } from "./scope.js";
import { parsedOf, type Entry } from "./session.js";
import type { RuleMeta } from "./types.js";

export type Crash = (rule: RuleMeta, error: unknown) => void;

const didYouMean = (word: string, candidates: readonly string[]) => {
  const hint = suggest(word, candidates);
  return hint ? ` (did you mean "${hint}"?)` : "";
};

function whereOfIssue(issue: YamlProblem | SchemaProblem): Where {
  const where: Where = { file: issue.file, line: issue.line, column: issue.column };
  if (issue.endLine !== undefined && issue.endColumn !== undefined) {
    where.endLine = issue.endLine;
    where.endColumn = issue.endColumn;
  }
  return where;
}

export function reportLayer(
  issues: readonly (YamlProblem | SchemaProblem)[],
  layer: "yaml" | "schema",
  report: Report,
): void {
  for (const issue of issues) report(rule(`${layer}/${issue.code}`), whereOfIssue(issue), issue.message);
}

/** A spine's own findings, computed once per run and shared by every playbook that extends it. */
export class SpineRuns {
  private readonly runs = new Map<string, { reports: RawReport[]; keys: Set<string> }>();
  constructor(
    private readonly session: Session,
    private readonly crash: Crash,
  ) {}

  get(spineId: string): { reports: RawReport[]; keys: Set<string> } | undefined {
    const cached = this.runs.get(spineId);
    if (cached) return cached;
    const spine = this.session.spines.get(spineId);
    if (!spine) return undefined;
    const reports: RawReport[] = [];
    runPlaybookRules(
      spineScope(this.session, spine),
      (r, where, message, extra) => reports.push({ rule: r, where, message, extra }),
      this.crash,
    );
    const run = { reports, keys: new Set(reports.map(findingKey)) };
    this.runs.set(spineId, run);
    return run;
  }
}

/** Lints a YAML file (playbook, spine or config): YAML layer, schema layer, then the semantic rules. */
export function lintYaml(
  entry: Entry,
  session: Session,
  spines: SpineRuns,
  report: Report,
  crash: Crash,
): ParsedYaml | undefined {
  const parsed = parsedOf(entry, session.positioned);
  if (!parsed) return undefined;
  const yamlIssues = explainYaml(parsed);
  reportLayer(yamlIssues, "yaml", report);
  if (yamlIssues.length > 0) return parsed;
  if (entry.kind === "config") {
    const result = validate(configSchemaLoaded(), parsed.value ?? {}, parsed);
    if (!result.ok) return (reportLayer(result.issues, "schema", report), parsed);
    const scope = {
      session,
      file: entry.path,
      config: result.data,
      parsed,
      at: (path: readonly PropertyKey[], at?: "key" | "value") => whereOf(parsed, path, at),
    };
    for (const r of CONFIG_RULES) {
      try {
        r.check(scope, report);
      } catch (error) {
        crash(r, error);
      }
    }
    return parsed;
  }
  if (fileKind(parsed.value) === "spine") {
    const result = entry.validatedSpine ?? validateSpine(parsed.value, parsed);
    if (!result.ok) return (reportLayer(result.issues, "schema", report), parsed);
    const own = session.spines.get(result.data.spine);
    // A later spine with the same id wins; this one is then checked on its own all the same.
    const run = own?.file === entry.path ? spines.get(result.data.spine)?.reports : undefined;
    if (run) for (const r of run) report(r.rule, r.where, r.message, r.extra);
    else
      runPlaybookRules(
        spineScope(session, { id: result.data.spine, file: entry.path, parsed, data: result.data }),
        report,
        crash,
      );
    return parsed;
  }
  const result = validatePlaybook(parsed.value ?? {}, parsed);
  if (!result.ok) return (reportLayer(result.issues, "schema", report), parsed);
  // Only files with findings need positions: most playbooks are checked without their Document.
  releaseDocument(parsed);
  lintPlaybook(entry, parsed, result.data, session, spines, report, crash);
  return parsed;
}

function lintPlaybook(
  entry: Entry,
  parsed: ParsedYaml,
  data: PlaybookFile,
  session: Session,
  spines: SpineRuns,
  report: Report,
  crash: Crash,
): void {
  const spine = data.extends === undefined ? undefined : session.spines.get(data.extends);
  if (data.extends !== undefined && !spine) {
    const broken = session.brokenSpines.get(data.extends);
    // A broken spine linted in this run shows its own findings; repeating them in every playbook is noise.
    if (broken !== undefined && session.linted.has(broken)) return;
    const message = broken
      ? `spine "${data.extends}" (${broken}) has problems of its own; expected a valid spine (run crisis lint ${broken})`
      : `unknown spine "${data.extends}"${didYouMean(data.extends, [...session.spines.keys()])}; expected the id of a spine file in a playbook folder (${session.spines.size > 0 ? `known: ${[...session.spines.keys()].join(", ")}` : "none found"})`;
    report(rule("ref/unknown-spine"), whereOf(parsed, ["extends"]), message);
    return; // without its spine, every other finding would be noise
  }
  const { playbook, problems } = mergeSpine(
    located(parsed, data),
    spine ? located(spine.parsed, spine.data) : undefined,
  );
  const files = spine
    ? [
        { parsed, data },
        { parsed: spine.parsed, data: spine.data },
      ]
    : [{ parsed, data }];
  const scope = playbookScope({ session, file: entry.path, isSpine: false, playbook, data, files });
  const merge = reportSpineMergeProblems(
    problems,
    data,
    scope.file,
    spine,
    placementCycles(scope).flatMap((c) => c.ids),
    report,
  );
  // Resolution is a layer too: a step placed nowhere or a patch to a missing step changes the order
  // and the answers every other rule reasons about, so its follow-on findings would only be noise.
  if (merge > 0) return;

  const own = spine ? spines.get(spine.id) : undefined;
  let extendsAt: Where | undefined;
  runPlaybookRules(
    scope,
    (r, where, message, extra) => {
      if (where.file === entry.path) return report(r, where, message, extra);
      // Found in the spine: the spine's own findings are reported when it is linted; a finding that
      // only this playbook causes is reported here, at extends:, naming where it is.
      if (own?.keys.has(findingKey({ rule: r, where, message }))) return;
      extendsAt ??= whereOf(parsed, ["extends"]);
      const related = [
        ...(extra?.related ?? []),
        { file: where.file, line: where.line, column: where.column, message: `in spine ${data.extends ?? ""}` },
      ];
      report(
        r,
        extendsAt,
        `${message} (in ${where.file}:${where.line}:${where.column}, through extends: ${data.extends ?? ""})`,
        { ...extra, related },
      );
    },
    crash,
  );
}
