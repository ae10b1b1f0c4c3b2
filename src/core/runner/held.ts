import type { AnswerValue } from "../expr/evaluate.js";
import type { IncidentState } from "../journal/fold.js";
import type { Replay, RunnerContext } from "./context.js";

/**
 * Every answer is on disk before the next question. Most answers are events of their own (an
 * answer, an approval, a publication). Where a choice leads to a follow-up question and the event
 * needs both ("Rejected" then "what must change?"), the choice is kept with an `input` event, and
 * a resume replays the kept choices in order instead of asking them again.
 */

/** The answers a resume replays: those kept since the runner last recorded anything else. */
export function replayOf(state: IncidentState): Replay {
  const queue = [...state.pendingInputs];
  return {
    take(key) {
      const next = queue[0];
      if (!next || next.key !== key) {
        queue.length = 0;
        return undefined;
      }
      queue.shift();
      return { value: next.value, at: new Date(next.at) };
    },
  };
}

/**
 * Asks a question whose answer is not an event by itself, keeping the answer in the journal at
 * once (or returning the one kept before a crash). `keep` says which answers lead to a follow-up
 * question and so need keeping; the others are recorded by their own event at once (or, like a
 * pause, must not be replayed). `at` is when it was answered.
 */
export async function held<T extends AnswerValue>(
  ctx: RunnerContext,
  key: string,
  ask: () => Promise<T>,
  keep: (value: T) => boolean = () => true,
): Promise<{ value: T; at: Date }> {
  const kept = ctx.replay?.take(key);
  if (kept !== undefined) return { value: kept.value as T, at: kept.at };
  const value = await ask();
  if (!keep(value)) return { value, at: ctx.now() };
  const event = ctx.journal.append("input", { key, value });
  return { value, at: new Date(event.at) };
}

/** The answer kept for this question in the current visit of the step, if any (asked once per visit). */
export function heldInVisit(state: IncidentState, key: string): AnswerValue | undefined {
  const start = state.visit?.startSeq;
  if (start === undefined) return undefined;
  for (let i = state.events.length - 1; i >= 0; i--) {
    const e = state.events[i]!;
    if (e.seq < start) break;
    if (e.type === "input" && e.data.key === key) return e.data.value;
  }
  return undefined;
}
