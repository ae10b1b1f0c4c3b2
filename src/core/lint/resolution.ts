import type { SpineMergeProblem } from "../playbook/spine-merge.js";
import type { PlaybookFile, StepInput, StepPatch } from "../playbook/schema.js";
import { suggest } from "../suggest.js";
import { rule } from "./rules/index.js";
import { whereOf } from "./place.js";
import type { Report, SpineEntry, Where } from "./rule.js";

const didYouMean = (word: string, candidates: readonly string[]) => {
  const hint = suggest(word, candidates);
  return hint ? ` (did you mean "${hint}"?)` : "";
};

/** The spine merge's problems with both ends named and the nearest step id; returns how many it reported. */
export function reportSpineMergeProblems(
  problems: readonly SpineMergeProblem[],
  data: PlaybookFile,
  file: string,
  spine: SpineEntry | undefined,
  inCycle: readonly string[],
  report: Report,
): number {
  const steps: (StepInput | StepPatch)[] = data.steps;
  const ownIndex = new Map<string, number>();
  steps.forEach((s, i) => {
    if (!("extend" in s) && !ownIndex.has(s.id)) ownIndex.set(s.id, i);
  });
  const spineSteps = spine?.data.steps ?? [];
  const spineIds = spineSteps.map((s) => s.id);
  const spineName = spine ? `spine ${spine.id} (${spine.file})` : "the spine";
  const stepLine = (index: number) => (spine ? whereOf(spine.parsed, ["steps", index, "id"]).line : 0);
  let count = 0;
  for (const p of problems) {
    const where: Where = { file, line: p.line, column: p.column };
    const end = p as SpineMergeProblem & { endLine?: number; endColumn?: number };
    if (end.endLine !== undefined && end.endColumn !== undefined)
      Object.assign(where, { endLine: end.endLine, endColumn: end.endColumn });
    const index = p.path[1] as number;
    if (p.code === "duplicate-step") {
      const id = (steps[index] as StepInput | undefined)?.id ?? "";
      const inSpine = spineIds.indexOf(id);
      const first = ownIndex.get(id);
      report(
        rule("ref/duplicate-id"),
        where,
        inSpine !== -1
          ? `step id "${id}" is already a step of ${spineName}, line ${stepLine(inSpine)}; to add to that step write "extend: ${id}" instead of "id: ${id}" (or give this new step its own id)`
          : `step id "${id}" is already used by an earlier step of this file${first !== undefined ? ` (steps[${first}])` : ""}; expected a unique step id`,
      );
      count++;
      continue;
    }
    const earlier = steps.slice(0, index).flatMap((s) => ("extend" in s ? [] : [s.id]));
    const known = [...spineIds, ...earlier];
    if (p.code === "placement") {
      const anchor = steps[index] as StepInput | undefined;
      const key = String(p.path[2]);
      const target = (key === "after" ? anchor?.after : anchor?.before) ?? "";
      if (inCycle.includes(target)) continue; // flow/placement-cycle reports it
      count++;
      const at = ownIndex.get(target);
      if (at !== undefined && at > index) {
        report(
          rule("ref/unknown-step"),
          where,
          `${key}: ${target} names a step defined later in this file (steps[${at}]); expected a spine step or an earlier step, so move step "${target}" above this one or place this step next to a spine step`,
        );
        continue;
      }
      report(
        rule("ref/unknown-step"),
        where,
        `${key}: ${target} names no step of ${spineName} nor an earlier step of this file${didYouMean(target, known)}; expected one of: ${known.join(", ")}`,
      );
      continue;
    }
    count++;
    if (p.code === "unknown-step") {
      const target = (steps[index] as StepPatch | undefined)?.extend ?? "";
      const ownLater = ownIndex.has(target);
      report(
        rule("ref/unknown-step"),
        where,
        ownLater
          ? `extend: ${target} names a step of this file, not of ${spineName}; expected extend: only for spine steps (write the fields on step "${target}" itself)`
          : `extend: ${target} names no step of ${spineName}${didYouMean(target, spineIds)}; expected one of: ${spineIds.join(", ")}`,
      );
      continue;
    }
    report(rule("ref/unknown-spine"), where, p.message);
  }
  return count;
}
