import type { Origin, Playbook, Step } from "../playbook/model.js";
import type { Dimension, Prompt } from "../playbook/schema.js";

/**
 * Every answer a playbook collects, with the step that asks it. Prompts are asked in their step;
 * severity dimensions and overrides are scored at the first triage step (or before any step when a
 * playbook has none). Templates may use answers of their own step or earlier ones; conditions only
 * answers of earlier steps, because a step's condition is checked before its prompts are asked.
 */
export interface Answer {
  id: string;
  kind: "prompt" | "dimension" | "override";
  /** The index of the step that asks it; -1 when known before the first step. */
  stepIndex: number;
  prompt?: Prompt;
  dimension?: Dimension & { origin: Origin };
  /** Where the answer's id is written. */
  origin: Origin;
}

export interface AnswerIndex {
  byId: ReadonlyMap<string, Answer>;
  /** Answers whose id repeats an earlier one. */
  duplicates: { answer: Answer; first: Answer }[];
  triageIndex: number;
}

export function indexAnswers(
  pb: Playbook,
  itemOrigin: (step: Step, key: "prompts", index: number) => Origin,
): AnswerIndex {
  const byId = new Map<string, Answer>();
  const duplicates: AnswerIndex["duplicates"] = [];
  const add = (answer: Answer) => {
    const first = byId.get(answer.id);
    if (first) duplicates.push({ answer, first });
    else byId.set(answer.id, answer);
  };
  const triageIndex = pb.steps.findIndex((s) => s.phase === "triage");
  for (const d of pb.severity.dimensions)
    add({ id: d.id, kind: "dimension", stepIndex: triageIndex, dimension: d, origin: d.origin });
  for (const o of pb.severity.overrides) add({ id: o.id, kind: "override", stepIndex: triageIndex, origin: o.origin });
  pb.steps.forEach((step, stepIndex) => {
    (step.prompts ?? []).forEach((prompt, i) => {
      add({ id: prompt.id, kind: "prompt", stepIndex, prompt, origin: itemOrigin(step, "prompts", i) });
    });
  });
  return { byId, duplicates, triageIndex };
}

/** The value a choice records. */
export function choiceValue(choice: NonNullable<Prompt["choices"]>[number]): string {
  return typeof choice === "string" ? choice : choice.value;
}

/** What kind of value an answer holds, for checking comparisons and listing possible values. */
export type AnswerType =
  { type: "choice"; values: string[]; multi: boolean } | { type: "boolean" } | { type: "number" } | { type: "text" };

export function answerType(a: Answer): AnswerType {
  if (a.kind === "override") return { type: "boolean" };
  if (a.kind === "dimension") {
    const d = a.dimension;
    if (d?.kind === "choice") return { type: "choice", values: d.choices.map((c) => c.label), multi: false };
    return { type: "number" };
  }
  const p = a.prompt;
  switch (p?.type) {
    case "select":
    case "multi-select":
      return { type: "choice", values: (p.choices ?? []).map(choiceValue), multi: p.type === "multi-select" };
    case "confirm":
      return { type: "boolean" };
    case "number":
      return { type: "number" };
    default:
      return { type: "text" };
  }
}
