import type { AnswerValue } from "../expr/evaluate.js";
import type { Step } from "../playbook/model.js";
import type { Prompt } from "../playbook/schema.js";
import { templateVariables } from "../templates/render.js";
import { humanUtc } from "../time.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import { Navigate, type RunnerContext } from "./context.js";
import { askWhatHappened, WHAT_HAPPENED } from "./declare.js";
import { draftNow, progressOf, recordDraft } from "./message-review.js";
import { answerPrompt, choicesOf } from "./prompts.js";
import { recordPostureDecision } from "./step.js";

/**
 * "Change an earlier answer" (Esc at any question): pick one answer, answer it again, and it is
 * recorded as a new answer to the same question in its own step, with no step walked again. Then
 * the drafts of this step that used it and are not out yet are offered for redrafting. A changed
 * posture is recorded as a decision once; an unchanged one adds nothing.
 */

/** An answer as the responder gave it: choice labels, yes/no, times in UTC, "(none)" for an empty list. */
function shown(prompt: Prompt | undefined, value: AnswerValue | undefined): string {
  const labels = prompt ? choicesOf(prompt) : [];
  const label = (v: string) => labels.find((c) => c.value === v)?.name ?? v;
  let text: string;
  if (Array.isArray(value)) text = value.length > 0 ? value.map(label).join(", ") : "(none)";
  else if (value === null || value === undefined) text = "(no answer)";
  else if (typeof value === "boolean") text = value ? "yes" : "no";
  else if (prompt?.type === "datetime") text = humanUtc(String(value));
  else text = label(String(value));
  const line = oneLine(text);
  return line.length > 50 ? `${line.slice(0, 49)}…` : line;
}

/** A question short enough for a list: its parenthesised hints left out. */
const shortQuestion = (question: string) => oneLine(question.replace(/\s*\([^)]*\)/g, ""));

/** Every answered playbook question, the most recent first, with the step it belongs to. */
function answered(ctx: RunnerContext): { prompt: Prompt; step: Step }[] {
  const state = ctx.journal.state;
  const order = new Map<string, number>();
  for (const e of state.events) if (e.type === "answer") order.set(e.data.prompt, e.seq);
  const out: { prompt: Prompt; step: Step; seq: number }[] = [];
  for (const step of ctx.playbook.steps)
    for (const prompt of step.prompts ?? []) {
      const seq = order.get(prompt.id);
      if (seq !== undefined && !out.some((o) => o.prompt.id === prompt.id)) out.push({ prompt, step, seq });
    }
  return out.sort((a, b) => b.seq - a.seq);
}

/** Redrafts, when the responder agrees, each message of this step that used the answer and is not out yet. */
async function offerRedrafts(ctx: RunnerContext, id: string): Promise<boolean> {
  const visit = ctx.journal.state.visit;
  const step = ctx.playbook.steps.find((s) => s.id === visit?.step);
  if (!visit || !step) return false;
  let redrafted = false;
  for (const spec of step.messages ?? []) {
    const template = ctx.templates.templates.get(spec.template);
    const p = progressOf(ctx, spec.template);
    if (!template || !p) continue;
    const uses = templateVariables(template.body, template.id).some((v) => v.name === id);
    const pending = spec.channels.filter(
      (ch) => p.drafts[ch] && !p.published[ch] && p.skippedChannels[ch] === undefined,
    );
    if (!uses || pending.length === 0) continue;
    const again = await ctx.prompter.confirm({
      key: `action.change.redraft.${spec.template}`,
      message: `${template.meta.title} uses this answer and is not out yet. Draft it again with the new answer?`,
      default: true,
      escape: "cancel",
    });
    if (!again) continue;
    recordDraft(ctx, step, template, pending, draftNow(ctx, template), false);
    redrafted = true;
  }
  return redrafted;
}

export async function changeAnswer(ctx: RunnerContext): Promise<void> {
  const state = ctx.journal.state;
  const list = answered(ctx);
  const id = await ctx.prompter.select({
    key: "action.change.prompt",
    message: "Which answer? (the most recent first)",
    choices: [
      {
        value: WHAT_HAPPENED.id,
        name: `What happened: ${shown(undefined, state.answers.what_happened ?? state.title)}`,
      },
      ...list
        .filter((a) => a.prompt.id !== WHAT_HAPPENED.id)
        .map((a) => ({
          value: a.prompt.id,
          name: `${shortQuestion(a.prompt.question)}: ${shown(a.prompt, state.answers[a.prompt.id])}`,
        })),
    ],
    escape: "cancel",
  });
  const before = state.answers[id];
  if (id === WHAT_HAPPENED.id) {
    const text = await askWhatHappened(ctx.prompter, ctx.out, ctx.c, {
      escape: "cancel",
      previous: typeof before === "string" ? before : state.title,
      example: false,
    });
    ctx.journal.append("answer", {
      step: state.answerSteps[id] ?? ctx.playbook.steps[0]?.id ?? "declare",
      prompt: id,
      value: text,
    });
  } else {
    const found = list.find((a) => a.prompt.id === id);
    if (!found) return;
    await answerPrompt(ctx, found.step, found.prompt, "cancel");
    if (id === "posture" && state.answers.posture !== before) {
      const why = found.step.prompts?.find((p) => p.id === "posture_why");
      if (why) await answerPrompt(ctx, found.step, why, "cancel");
      recordPostureDecision(ctx, found.step);
    }
  }
  if (JSON.stringify(state.answers[id]) === JSON.stringify(before)) {
    ctx.out(ctx.c.dim("  Unchanged."));
    return;
  }
  ctx.out(ctx.c.dim("  Changed; the incident log shows both answers."));
  // A redrafted message starts again from its review, not from the question that was interrupted.
  if (await offerRedrafts(ctx, id)) throw new Navigate("redo");
}
