import type { Step } from "../playbook/model.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import { EscapePressed } from "../../adapters/terminal/prompter.js";
import type { RunnerContext } from "./context.js";
import { runMessage } from "./messages.js";
import { answerPrompt, choicesOf } from "./prompts.js";
import { recordComms } from "./comms.js";
import { COMMS_LABELS, type CommsKind } from "../incident/comms-log.js";
import { stepScreen } from "./screen.js";
import { fillRequiredRoles, offerOptionalRoles } from "./roles.js";
import { offerScoring } from "./severity.js";

const itemText = (item: NonNullable<Step["checklist"]>[number]) => (typeof item === "string" ? item : item.text);

const POSTURE_DECISION = "Response posture: ";

/**
 * The decide step's posture and its reason are recorded as a decision too (the spine promises
 * it), with the other postures as the alternatives considered: once per change of posture, so
 * going back to the step (or changing the answer) never records the same decision twice.
 */
export function recordPostureDecision(ctx: RunnerContext, step: Step): void {
  const state = ctx.journal.state;
  const prompt = step.prompts?.find((p) => p.id === "posture");
  if (!prompt || !step.prompts?.some((p) => p.id === "posture_why")) return;
  const posture = state.answers.posture;
  const why = state.answers.posture_why;
  if (typeof posture !== "string" || typeof why !== "string") return;
  const choices = choicesOf(prompt);
  const label = choices.find((ch) => ch.value === posture)?.name ?? posture;
  const last = state.decisions.findLast((d) => d.what.startsWith(POSTURE_DECISION));
  if (last?.what === `${POSTURE_DECISION}${label}`) return;
  const others = choices.filter((ch) => ch.value !== posture).map((ch) => ch.name);
  ctx.journal.append("decision", {
    what: `${POSTURE_DECISION}${label}`,
    why,
    ...(others.length > 0 ? { alternatives: others.join("; ") } : {}),
    step: step.id,
  });
}

/**
 * One pass through a step: the screen, then the prompts, the messages and the checklist, each
 * asked only if this visit has not recorded it yet. Ends with step_completed (a repeating step
 * first asks whether to go round again).
 */
export async function runStep(
  ctx: RunnerContext,
  step: Step,
  index: number,
  resumed: boolean,
  screen = true,
): Promise<void> {
  const { prompter } = ctx;
  const state = ctx.journal.state;
  if (screen) {
    ctx.out(stepScreen(ctx, step, index, resumed));
    ctx.freshScreen = true;
  }
  if (step.phase === "triage") await offerScoring(ctx);
  // Severity may have gone up since (here, or with crisis severity in another terminal). Never
  // before the first word in public: the declaration and the holding statement ask nobody else.
  if (step.phase !== "declare" && step.target !== "first-response") await fillRequiredRoles(ctx);
  if (step.phase === "triage") await offerOptionalRoles(ctx);
  for (const prompt of step.prompts ?? []) {
    if (state.visit && prompt.id in state.visit.answered) continue;
    await answerPrompt(ctx, step, prompt);
  }
  recordPostureDecision(ctx, step);
  for (const kind of step.records ?? []) await offerRecords(ctx, step, kind);
  for (const spec of step.messages ?? []) await runMessage(ctx, step, spec);
  const items = step.checklist ?? [];
  const recorded = state.visit?.checklist ?? {};
  if (items.some((_, i) => recorded[String(i)] === undefined)) {
    const done = await prompter.checkbox({
      key: `checklist.${step.id}`,
      message: "Checklist: tick what is done (space to tick, enter when finished; the rest stays open)",
      choices: items.map((item, i) => ({
        value: String(i),
        name: oneLine(itemText(item)),
        checked: recorded[String(i)] ?? state.checklist[`${step.id}#${i}`]?.done === true,
      })),
    });
    // Only items this visit has not recorded yet: a resume after a crash mid-list adds the rest.
    items.forEach((item, i) => {
      if (recorded[String(i)] === undefined)
        ctx.journal.append("checklist", {
          step: step.id,
          item: i,
          text: itemText(item),
          done: done.includes(String(i)),
        });
    });
  }
  if (step.repeat) {
    const again = await prompter.select({
      key: `step.${step.id}.repeat`,
      message: `${oneLine(step.title)}: again now, or move on?`,
      choices: [
        { value: "next", name: "Move on to the next step (come back any time: Esc → back)" },
        { value: "again", name: "Again now (for example, another update)" },
      ],
      default: "next",
    });
    ctx.journal.append("step_completed", { step: step.id, ...(again === "again" ? { again: true } : {}) });
    return;
  }
  ctx.journal.append("step_completed", { step: step.id });
}

/** A step that records entries (the media step: enquiries) offers to log them one at a time until the responder moves on. */
async function offerRecords(ctx: RunnerContext, step: Step, kind: CommsKind): Promise<void> {
  for (let n = 0; ; n++) {
    const next = await ctx.prompter.select({
      key: `log.${step.id}.${kind}`,
      message: `${COMMS_LABELS[kind].split(":")[0]}: log ${n === 0 ? "one" : "another"} now?`,
      choices: [
        { value: "done", name: `${n === 0 ? "Nothing" : "Nothing more"} to log now: move on (Esc → Log any time)` },
        { value: "log", name: "Log one now" },
      ],
      default: "done",
    });
    if (next === "done") return;
    try {
      await recordComms(ctx, kind, "cancel");
    } catch (error) {
      if (!(error instanceof EscapePressed)) throw error;
      ctx.out(ctx.c.dim("  Cancelled."));
    }
  }
}
