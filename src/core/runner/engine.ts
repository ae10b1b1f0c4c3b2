import { evaluate } from "../expr/evaluate.js";
import { parseCondition } from "../expr/parse.js";
import type { Step } from "../playbook/model.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import { EscapePressed } from "../../adapters/terminal/prompter.js";
import { shortUtc } from "../time.js";
import { withActions } from "./actions.js";
import { Navigate, type RunnerContext } from "./context.js";
import { resolveIncident } from "./resolution.js";
import { declare } from "./declare.js";
import { updateStepHint } from "./screen.js";
import { runStep } from "./step.js";
import { held, replayOf } from "./held.js";
import { recordMissed, startTicker } from "./ticker.js";

export type Outcome = "resolved" | "paused";

function conditionHolds(ctx: RunnerContext, step: Step): { holds: boolean; error?: string } {
  if (!step.when) return { holds: true };
  const state = ctx.journal.state;
  try {
    return {
      holds: evaluate(parseCondition(step.when), {
        answers: state.answers,
        severity: state.severity ?? ctx.playbook.severity.floor,
        drill: state.drill,
        roles: Object.keys(state.roles),
      }),
    };
  } catch (error) {
    // A broken condition shows the step rather than hiding it; crisis lint reports the condition.
    return { holds: true, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Where the journal says to continue: the step index, and whether that step is already under way. */
function nextPosition(ctx: RunnerContext): { index: number; inProgress: boolean } {
  const state = ctx.journal.state;
  const steps = ctx.playbook.steps;
  const pos = state.position;
  const indexOf = (id: string) => steps.findIndex((s) => s.id === id);
  if (!pos) return { index: 0, inProgress: false };
  const i = indexOf(pos.step);
  if (i === -1) {
    // The playbook changed under a running incident: continue at the first step not yet done.
    const first = steps.findIndex((s) => !state.steps[s.id] || state.steps[s.id]?.status === "in-progress");
    return { index: first === -1 ? steps.length : first, inProgress: false };
  }
  if (pos.status === "in-progress") return { index: i, inProgress: true };
  if (pos.status === "target") return { index: i, inProgress: false };
  return { index: i + 1, inProgress: false };
}

/**
 * Cadence, before each question: a promise that has passed is recorded as missed (the timer
 * usually got there first, at the due time), and said once on the screen.
 */
function cadenceCheck(ctx: RunnerContext): () => void {
  const told = new Set<string>();
  return () => {
    recordMissed(ctx);
    const state = ctx.journal.state;
    const due = state.nextUpdateDue;
    if (!due || told.has(due) || !state.cadenceMissed.includes(due) || state.status === "resolved") return;
    told.add(due);
    ctx.out(
      ctx.c.red.bold(
        `\n  The public update promised for ${shortUtc(due, ctx.now())} is overdue (recorded as missed). Publish one as soon as you can: ${updateStepHint(ctx.playbook, state)}.`,
      ),
    );
  };
}

async function endOfSteps(ctx: RunnerContext): Promise<Outcome | undefined> {
  const { prompter, c } = ctx;
  ctx.out(c.bold("\nAll steps are done."));
  const { value: choice } = await held(
    ctx,
    "end",
    () =>
      prompter.select({
        key: "end",
        message: "What now?",
        choices: [
          { value: "resolve", name: "Resolve: the crisis is over (check the exit criteria)" },
          { value: "pause", name: `Keep it open and stop here (continue later with ${ctx.resumeCommand})` },
        ],
        default: "pause",
      }),
    (v) => v === "resolve",
  );
  if (choice === "resolve") {
    try {
      if (await resolveIncident(ctx)) return "resolved";
    } catch (error) {
      if (!(error instanceof EscapePressed)) throw error;
    }
    return undefined;
  }
  ctx.journal.append("session_paused", { how: "paused" });
  ctx.out(c.bold(`Open and paused. Continue with: ${ctx.resumeCommand}`));
  return "paused";
}

/**
 * Drives an incident from wherever its journal stands to resolved or paused: the declaration,
 * then the steps in order (a step whose condition is false is recorded as skipped), then the
 * choice to resolve. Every answer is an event appended before the next question. Ctrl+C
 * surfaces as InterruptError from the prompter; everything before it is already on disk.
 */
export async function runIncident(base: RunnerContext): Promise<Outcome> {
  const ctx: RunnerContext = { ...base, replay: replayOf(base.journal.state) };
  const cadence = cadenceCheck(ctx);
  ctx.prompter = withActions(ctx, base.prompter, () => {
    ctx.journal.refresh();
    cadence();
  });
  const stopTicker = startTicker(ctx);
  try {
    return await steps(ctx);
  } finally {
    stopTicker();
  }
}

async function steps(ctx: RunnerContext): Promise<Outcome> {
  const state = ctx.journal.state;
  let justDeclared = false;
  for (;;) {
    if (state.status === "resolved") return "resolved";
    try {
      if (!state.declaredAt) {
        await declare(ctx);
        justDeclared = true;
        continue;
      }
      const { index, inProgress } = nextPosition(ctx);
      const step = ctx.playbook.steps[index];
      if (!step) {
        const outcome = await endOfSteps(ctx);
        if (outcome) return outcome;
        continue;
      }
      if (!inProgress) {
        const planned = ctx.plannedSkips?.[step.id];
        const condition = conditionHolds(ctx, step);
        if (condition.error)
          ctx.out(
            ctx.c.yellow(
              `  The condition of step ${step.id} could not be read (${oneLine(condition.error)}); showing the step.`,
            ),
          );
        if (!condition.holds) {
          ctx.journal.append("step_skipped", {
            step: step.id,
            reason: `condition not met: ${step.when ?? ""}`,
            by: "condition",
          });
          continue;
        }
        if (planned !== undefined) {
          ctx.journal.append("step_skipped", { step: step.id, reason: planned, by: "responder" });
          continue;
        }
        ctx.journal.append("step_started", { step: step.id, phase: step.phase, index });
      }
      // Right after the declaration, its step goes on without showing its screen again.
      await runStep(ctx, step, index, inProgress, !(justDeclared && index === 0));
      justDeclared = false;
    } catch (error) {
      if (!(error instanceof Navigate)) throw error;
      if (error.kind === "pause") return "paused";
      if (error.kind === "resolved") return "resolved";
      // skip, back and redo are already recorded: the loop continues wherever the journal now says.
    }
  }
}
