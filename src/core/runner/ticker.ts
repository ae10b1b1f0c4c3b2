import type { RunnerContext } from "./context.js";
import { targetsFor } from "./context.js";
import { durationMs, shortUtc } from "../time.js";

/**
 * While the runner waits at a question, time still passes: a status line counts down to the
 * first public response (until it goes out), then to the promised next update; and a promise
 * that falls due is recorded as missed at its time, by a timer, not at the next answer.
 */

const pad = (n: number) => String(n).padStart(2, "0");

/** "1d 02h 05m", "1h 05m 10s", "42m 10s", "9s": a span that visibly ticks (to the minute beyond a day). */
function ticking(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  if (s >= 86_400)
    return `${Math.floor(s / 86_400)}d ${pad(Math.floor((s % 86_400) / 3600))}h ${pad(Math.floor((s % 3600) / 60))}m`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h}h ${pad(m)}m ${pad(s % 60)}s`;
  return m > 0 ? `${m}m ${pad(s % 60)}s` : `${s % 60}s`;
}

/** Records the promised update as missed once its time has passed (once per promise). Returns the due time when it did. */
export function recordMissed(ctx: RunnerContext): string | undefined {
  const state = ctx.journal.state;
  const due = state.nextUpdateDue;
  if (!due || state.status === "resolved" || state.cadenceMissed.includes(due)) return undefined;
  if (ctx.now().getTime() <= new Date(due).getTime()) return undefined;
  ctx.journal.append("cadence_missed", { due }, { at: new Date(due), actor: "crisis" });
  return due;
}

/** The status line's text, coloured: the first-response countdown, then the next promised update. */
function statusText(ctx: RunnerContext, now: Date): string | undefined {
  const { c } = ctx;
  const state = ctx.journal.state;
  if (!state.declaredAt || state.status === "resolved") return undefined;
  const line = (label: string, due: Date, soon: number) => {
    const left = due.getTime() - now.getTime();
    const when = shortUtc(due.toISOString(), now);
    if (left <= 0) return c.red.bold(` ${label} ${when}: OVERDUE by ${ticking(-left)} `);
    const text = ` ${label} ${when}: ${ticking(left)} left `;
    return left <= soon ? c.yellow.bold(text) : c.inverse(text);
  };
  if (!state.firstPublicAt) {
    const target = targetsFor(ctx, state.severity).first_response;
    if (!target) return undefined;
    const due = new Date(new Date(state.declaredAt).getTime() + durationMs(target));
    return line(`First public response (${state.severity ?? ""} target ${target}) due`, due, 5 * 60_000);
  }
  if (state.nextUpdateDue) return line("Next public update promised for", new Date(state.nextUpdateDue), 10 * 60_000);
  return undefined;
}

/** Starts the timer (when the context has one); returns what stops it and clears the line. */
export function startTicker(ctx: RunnerContext): () => void {
  const { every } = ctx;
  if (!every) return () => undefined;
  const tick = () => {
    ctx.journal.refresh();
    recordMissed(ctx);
    ctx.status?.(statusText(ctx, ctx.now()));
  };
  tick();
  const stop = every(1000, tick);
  return () => {
    stop();
    ctx.status?.(undefined);
  };
}
