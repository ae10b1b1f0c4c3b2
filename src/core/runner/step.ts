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

/**
 * A step that records entries (the media step: enquiries) offers to log them one at a time until
 * the responder moves on. Each choice is kept (an input event) before anything else is asked, so a
 * resume neither asks a choice again nor loses one: "done" ends the offer, "log" goes on to the
 * entry, which is then its own event.
 */
async function offerRecords(ctx: RunnerContext, step: Step, kind: CommsKind): Promise<void> {
  const key = `log.${step.id}.${kind}`;
  for (;;) {
    const kept = keptChoice(ctx, key, kind);
    const next =
      kept ??
      (await ctx.prompter.select({
        key,
        message: `${COMMS_LABELS[kind].split(":")[0]}: log ${loggedInVisit(ctx, kind) ? "another" : "one"} now?`,
        choices: [
          { value: "done", name: "Nothing (more) to log now: move on (Esc → Log any time)" },
          { value: "log", name: "Log one now" },
        ],
        default: "done",
      }));
    if (kept === undefined) ctx.journal.append("input", { key, value: next });
    if (next === "done") return;
    try {
      await recordComms(ctx, kind, "cancel");
    } catch (error) {
      if (!(error instanceof EscapePressed)) throw error;
      ctx.journal.append("input", { key, value: "cancelled" });
      ctx.out(ctx.c.dim("  Cancelled."));
    }
  }
}

/** In this visit of the step: the choice kept for the offer since the last entry of its kind ("done" or "log"), if any. */
function keptChoice(ctx: RunnerContext, key: string, kind: CommsKind): "done" | "log" | undefined {
  const state = ctx.journal.state;
  const start = state.visit?.startSeq ?? Infinity;
  for (let i = state.events.length - 1; i >= 0 && (state.events[i]?.seq ?? -1) >= start; i--) {
    const e = state.events[i];
    if (e?.type === kind) return undefined;
    if (e?.type === "input" && e.data.key === key)
      return e.data.value === "done" || e.data.value === "log" ? e.data.value : undefined;
  }
  return undefined;
}

function loggedInVisit(ctx: RunnerContext, kind: CommsKind): boolean {
  const start = ctx.journal.state.visit?.startSeq ?? Infinity;
  return ctx.journal.state.events.some((e) => e.seq >= start && e.type === kind);
}
