import type { Playbook } from "../playbook/model.js";
import { mergeSpine, type Located } from "../playbook/spine-merge.js";
import type { PlaybookFile, SpineFile } from "../playbook/schema.js";
import type { ParsedYaml } from "../yaml/parse.js";
import { indexAnswers, type AnswerIndex } from "./answers.js";
import { fieldOriginOf, itemOriginOf, whereOf } from "./place.js";
import type { PlaybookRule, PlaybookScope, Report, ReportExtra, Session, SpineEntry, Where } from "./rule.js";
import { PLAYBOOK_RULES } from "./rules/index.js";
import type { RuleMeta } from "./types.js";

export interface RawReport {
  rule: RuleMeta;
  where: Where;
  message: string;
  extra?: ReportExtra | undefined;
}

/** A file as mergeSpine wants it, placing paths with their end positions. */
export function located<T>(parsed: ParsedYaml, data: T): Located<T> {
  return { data, file: parsed.file, source: "local", locate: (path, at) => whereOf(parsed, path, at) };
}

export function playbookScope(args: {
  session: Session;
  file: string;
  isSpine: boolean;
  playbook: Playbook;
  data: PlaybookFile | SpineFile;
  files: readonly { parsed: ParsedYaml; data: unknown }[];
}): PlaybookScope {
  const parsedFiles = new Map(args.files.map((f) => [f.parsed.file, f.parsed]));
  const dataFiles = new Map(args.files.map((f) => [f.parsed.file, f.data]));
  const dataOf = (file: string) => dataFiles.get(file);
  const itemOrigin: PlaybookScope["itemOrigin"] = (step, key, index) => itemOriginOf(step, key, index, dataOf);
  let answers: AnswerIndex | undefined;
  return {
    session: args.session,
    file: args.file,
    isSpine: args.isSpine,
    playbook: args.playbook,
    data: args.data,
    get answers() {
      answers ??= indexAnswers(args.playbook, itemOrigin);
      return answers;
    },
    at(origin, where = "value") {
      const parsed = parsedFiles.get(origin.file);
      return parsed ? whereOf(parsed, origin.path, where) : { file: origin.file, line: 1, column: 1 };
    },
    itemOrigin,
    fieldOrigin: (step, key) => fieldOriginOf(step, key, dataOf),
    textOf: (file) => parsedFiles.get(file)?.text,
    parsedOf: (file) => parsedFiles.get(file),
  };
}

/** Runs the playbook rules on a scope; a rule that throws becomes an internal/crash finding, not a crash of the run. */
export function runPlaybookRules(
  scope: PlaybookScope,
  report: Report,
  crash: (rule: RuleMeta, error: unknown) => void,
): void {
  const extra = scope.session.extraRules.filter((r): r is PlaybookRule => r.scope === "playbook");
  for (const rule of [...PLAYBOOK_RULES, ...extra]) {
    if (scope.isSpine && !rule.spines) continue;
    try {
      rule.check(scope, report);
    } catch (error) {
      crash(rule, error);
    }
  }
}

/** A spine checked on its own, as a playbook made only of the spine's steps, roles and models. */
export function spineScope(session: Session, spine: SpineEntry): PlaybookScope {
  const d = spine.data;
  const pseudo: PlaybookFile = {
    id: d.spine,
    title: d.title,
    summary: d.title,
    version: d.version,
    crisis_type: "other",
    owner: "",
    last_reviewed: "",
    posture: { default: "diminish", cluster: "accidental", why: "" },
    extends: d.spine,
    steps: [],
  };
  const { playbook } = mergeSpine(located(spine.parsed, pseudo), located(spine.parsed, d));
  return playbookScope({
    session,
    file: spine.file,
    isSpine: true,
    playbook,
    data: d,
    files: [{ parsed: spine.parsed, data: d }],
  });
}

/** Identifies a finding by rule and place: a spine finding whose wording differs per playbook (a list of roles) is still the same finding. */
export const findingKey = (r: RawReport): string => `${r.rule.id}|${r.where.file}|${r.where.line}|${r.where.column}`;
