import { namesIn } from "../../expr/parse.js";
import type { StepInput, StepPatch } from "../../playbook/schema.js";
import { valueIssues, verdict } from "../conditions.js";
import type { PlaybookRule, PlaybookScope } from "../rule.js";
import { conditionsOf, tokenLength, whereInCondition, type ParsedWhen } from "../when.js";

/** Operators from other languages, in the condition language's words. */
function operatorHint(src: string, offset: number): string {
  const rest = src.slice(offset);
  if (/^&/.test(rest))
    return '; conditions are joined with the word "and", not "&" or "&&" (e.g. severity >= SEV2 and personal_data == true)';
  if (/^\|/.test(rest)) return '; alternatives are joined with the word "or", not "|" or "||"';
  if (/^!(?!=)/.test(rest)) return '; a condition is negated with the word "not", not "!"';
  return "";
}

const conditionSyntax: PlaybookRule = {
  id: "flow/condition-syntax",
  severity: "error",
  scope: "playbook",
  spines: true,
  description: "A `when:` condition that does not parse (an unclosed quote, = instead of ==, a missing operand…).",
  fix: "Write it in the condition language, e.g. severity >= SEV2 and personal_data == true (see docs/playbook-format.md).",
  check(s, report) {
    for (const w of conditionsOf(s)) {
      if (!w.error) continue;
      report(
        conditionSyntax,
        whereInCondition(s, w, w.error.offset, tokenLength(w.src, w.error.offset)),
        `condition does not parse: ${w.error.message}${operatorHint(w.src, w.error.offset)}`,
      );
    }
  },
};

const unknownValue: PlaybookRule = {
  id: "flow/unknown-value",
  severity: "error",
  scope: "playbook",
  spines: true,
  description:
    'A condition compares an answer with a value it can never have: not one of a select\'s choices, "yes" for a confirm, text for a number, a quoted SEV level.',
  fix: "Compare with one of the values named in the message.",
  check(s, report) {
    for (const w of conditionsOf(s)) {
      if (!w.expr) continue;
      for (const issue of valueIssues(w.expr, s.answers.byId))
        report(unknownValue, whereInCondition(s, w, issue.offset), issue.message);
    }
  },
};

/** Answers named by a condition that are not yet known when it is checked. */
function askedTooLate(s: PlaybookScope, w: ParsedWhen): { name: string; at: number; stepIndex: number }[] {
  const out: { name: string; at: number; stepIndex: number }[] = [];
  for (const { name, at } of w.names) {
    const answer = s.answers.byId.get(name);
    if (answer && answer.stepIndex >= w.stepIndex) out.push({ name, at, stepIndex: answer.stepIndex });
  }
  return out;
}

const conditionAskedLater: PlaybookRule = {
  id: "flow/asked-later",
  severity: "error",
  scope: "playbook",
  spines: true,
  description:
    "A condition uses an answer that is asked only in its own step or a later one, so it is never known when the condition is checked (a step that depends on itself).",
  fix: "Ask the prompt in an earlier step, or move the condition to a later step.",
  check(s, report) {
    for (const w of conditionsOf(s)) {
      for (const late of askedTooLate(s, w)) {
        const where =
          late.stepIndex === w.stepIndex
            ? "in this same step, after its condition is checked"
            : `only in the later step "${s.playbook.steps[late.stepIndex]?.id ?? "?"}"`;
        report(
          conditionAskedLater,
          whereInCondition(s, w, late.at, late.name.length),
          `condition uses "${late.name}", which is asked ${where}; expected an answer from an earlier step`,
        );
      }
    }
  },
};

/** Conditions whose names all exist and are asked earlier, with no impossible comparison: safe to try exhaustively. */
const decided = new WeakMap<PlaybookScope, { w: ParsedWhen; result: "never" | "always" }[]>();

function decidable(s: PlaybookScope): { w: ParsedWhen; result: "never" | "always" }[] {
  const cached = decided.get(s);
  if (cached) return cached;
  const out: { w: ParsedWhen; result: "never" | "always" }[] = [];
  decided.set(s, out);
  for (const w of conditionsOf(s)) {
    if (!w.expr) continue;
    if (w.names.some((n) => !s.answers.byId.has(n.name)) || askedTooLate(s, w).length > 0) continue;
    if (valueIssues(w.expr, s.answers.byId).length > 0) continue;
    const result = verdict(
      w.expr,
      namesIn(w.expr).map((n) => n.name),
      s.answers.byId,
      s.playbook.severity.floor,
    );
    if (result) out.push({ w, result });
  }
  return out;
}

const unreachableStep: PlaybookRule = {
  id: "flow/unreachable-step",
  severity: "warning",
  scope: "playbook",
  spines: true,
  description:
    "A step whose `when:` is false for every combination of the answers it names (given the choices, yes/no, and the severities the playbook's floor allows), so it can never run.",
  fix: "Fix the condition (often and where or was meant, or a choice that was renamed), or remove the step.",
  check(s, report) {
    for (const { w, result } of decidable(s)) {
      if (result !== "never") continue;
      report(
        unreachableStep,
        s.at(w.origin),
        `step "${w.step.id}" can never run: its condition (${w.src}) is false for every answer the prompts it names allow; expected a condition that some answers satisfy`,
      );
    }
  },
};

const alwaysTrue: PlaybookRule = {
  id: "flow/always-true",
  severity: "info",
  scope: "playbook",
  spines: true,
  description: "A `when:` that is true for every possible answer, so it never skips the step.",
  fix: "Remove the condition, or fix it if it was meant to skip the step sometimes.",
  check(s, report) {
    for (const { w, result } of decidable(s)) {
      if (result !== "always") continue;
      report(
        alwaysTrue,
        s.at(w.origin),
        `the condition of step "${w.step.id}" (${w.src}) is true for every possible answer; expected a condition that can skip the step, or none`,
      );
    }
  },
};

function ownSteps(s: PlaybookScope): { entry: StepInput; index: number }[] {
  if (s.isSpine) return [];
  const steps = s.data.steps as (StepInput | StepPatch)[];
  return steps.flatMap((entry, index) => ("extend" in entry ? [] : [{ entry, index }]));
}

/** Cycles among a playbook's own steps placed after or before one another (each step names one anchor). */
export function placementCycles(s: PlaybookScope): { ids: string[]; index: number; key: "after" | "before" }[] {
  const own = new Map(ownSteps(s).map(({ entry, index }) => [entry.id, { entry, index }]));
  const state = new Map<string, "visiting" | "done">();
  const cycles: { ids: string[]; index: number; key: "after" | "before" }[] = [];
  for (const start of own.keys()) {
    const path: string[] = [];
    let id: string | undefined = start;
    while (id !== undefined && own.has(id) && !state.has(id)) {
      state.set(id, "visiting");
      path.push(id);
      const entry: StepInput | undefined = own.get(id)?.entry;
      id = entry?.after ?? entry?.before;
    }
    if (id !== undefined && state.get(id) === "visiting") {
      const ids = path.slice(path.indexOf(id));
      const first = own.get(ids[0] ?? "");
      if (first)
        cycles.push({
          ids: [...ids, id],
          index: first.index,
          key: first.entry.after !== undefined ? "after" : "before",
        });
    }
    for (const p of path) state.set(p, "done");
  }
  return cycles;
}

const placementCycle: PlaybookRule = {
  id: "flow/placement-cycle",
  severity: "error",
  scope: "playbook",
  spines: false,
  description: "Steps placed after or before one another in a loop (a after b, b after a), so no order satisfies them.",
  fix: "Place one of the steps relative to a spine step or an earlier step.",
  check(s, report) {
    for (const c of placementCycles(s)) {
      report(
        placementCycle,
        s.at({ file: s.file, path: ["steps", c.index, c.key] }),
        `placement cycle: ${c.ids.join(" -> ")}; expected each step placed after or before a spine step or an earlier step`,
      );
    }
  },
};

const placementConflict: PlaybookRule = {
  id: "flow/placement-conflict",
  severity: "error",
  scope: "playbook",
  spines: false,
  description: "A step with both `after:` and `before:`; only `after:` is used.",
  fix: "Keep one of after or before.",
  check(s, report) {
    for (const { entry, index } of ownSteps(s)) {
      if (entry.after === undefined || entry.before === undefined) continue;
      report(
        placementConflict,
        s.at({ file: s.file, path: ["steps", index, "before"] }, "key"),
        `step "${entry.id}" has both after: ${entry.after} and before: ${entry.before}; expected one of them (after wins, before is ignored)`,
      );
    }
  },
};

export const FLOW_RULES = [
  conditionSyntax,
  unknownValue,
  conditionAskedLater,
  unreachableStep,
  alwaysTrue,
  placementCycle,
  placementConflict,
];
