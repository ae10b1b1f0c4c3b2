import type { Paint } from "../../adapters/terminal/paint.js";
import type { IncidentState } from "../journal/fold.js";
import type { Playbook, Step } from "../playbook/model.js";
import { phaseTitle } from "../playbook/render.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import { durationMs, formatSpan, shortUtc } from "../time.js";
import { targetsFor, type RunnerContext } from "./context.js";
import { renderGuidance } from "./guidance.js";

/** The line shown under every step header, so the actions are never hidden. */
const ACTIONS_HINT =
  "Esc at any question: note · decision · check-in · severity · roles · change an answer · skip step · back · pause · resolve";

/** When a step's time target falls due: counted from the declaration (update-interval: from the last promise). */
function stepDue(
  ctx: Pick<RunnerContext, "playbook" | "config">,
  state: IncidentState,
  step: Step,
): { due: Date; span: number; label: string } | undefined {
  if (!step.target) return undefined;
  // While declaring, the declaration's own target counts from the opening.
  const from = state.declaredAt ?? (step.phase === "declare" ? state.openedAt : undefined);
  if (!from) return undefined;
  const declared = new Date(from).getTime();
  const targets = targetsFor(ctx, state.severity);
  if (step.target === "first-response") {
    // The countdown stops at the first public response (firstResponseFact says when it went out).
    if (!targets.first_response || state.firstPublicAt) return undefined;
    const span = durationMs(targets.first_response);
    return { due: new Date(declared + span), span, label: `first response within ${targets.first_response}` };
  }
  if (step.target === "update-interval") {
    if (!targets.update_interval) return undefined;
    const span = durationMs(targets.update_interval);
    if (state.nextUpdateDue) return { due: new Date(state.nextUpdateDue), span, label: "the promised update" };
    return { due: new Date(declared + span), span, label: `update within ${targets.update_interval}` };
  }
  const span = durationMs(step.target);
  return { due: new Date(declared + span), span, label: `target ${step.target}` };
}

/** Green with more than a quarter of the time left, yellow until it is due, red after. */
function countdown(c: Paint, due: Date, span: number, now: Date): string {
  const left = due.getTime() - now.getTime();
  if (left <= 0) return c.red.bold(`overdue by ${formatSpan(-left)}`);
  const text = `${formatSpan(left)} left (${shortUtc(due.toISOString(), now)})`;
  return left > span / 4 ? c.green(text) : c.yellow(text);
}

/** "first response out at 19:42 UTC (12m after the declaration; target 60m)", once it has gone out. */
function firstResponseFact(
  ctx: Pick<RunnerContext, "playbook" | "config">,
  c: Paint,
  state: IncidentState,
  now: Date,
): string | undefined {
  if (!state.firstPublicAt || !state.declaredAt) return undefined;
  const took = new Date(state.firstPublicAt).getTime() - new Date(state.declaredAt).getTime();
  const target = targetsFor(ctx, state.severity).first_response;
  const met = target === undefined || took <= durationMs(target);
  const text = `first response out at ${shortUtc(state.firstPublicAt, now)} (${formatSpan(Math.max(0, took))} after the declaration${target ? `; target ${target}` : ""})`;
  return met ? c.green(text) : c.yellow(text);
}

/**
 * Where the responder publishes the overdue update: back to the update step when it was reached
 * before, here when this is it, else where it comes (the steps are walked in order).
 */
export function updateStepHint(playbook: Playbook, state: IncidentState): string {
  const index = playbook.steps.findIndex((s) => s.id === "update");
  const step = playbook.steps[index];
  if (!step) return "Esc → note records one published by hand";
  const title = oneLine(step.title);
  if (state.visit?.step === step.id) return `in this step, ${title}`;
  const here = playbook.steps.findIndex((s) => s.id === state.visit?.step);
  if (state.steps[step.id] !== undefined && index < here) return `Esc → back → ${title}`;
  return `the update step, ${title}, is step ${index + 1} of ${playbook.steps.length}`;
}

export function cadenceLine(
  ctx: Pick<RunnerContext, "c" | "playbook">,
  state: IncidentState,
  now: Date,
): string | undefined {
  const { c } = ctx;
  const due = state.nextUpdateDue;
  if (!due || state.status === "resolved") return undefined;
  const left = new Date(due).getTime() - now.getTime();
  if (left <= 0)
    return c.red.bold(
      `Public update overdue: promised for ${shortUtc(due, now)}, ${formatSpan(-left)} ago. Publish one now (${updateStepHint(ctx.playbook, state)}).`,
    );
  const text = `Next public update promised for ${shortUtc(due, now)} (in ${formatSpan(left)}).`;
  return left <= 10 * 60_000 ? c.yellow.bold(text) : c.dim(text);
}

const itemText = (item: NonNullable<Step["checklist"]>[number]) => (typeof item === "string" ? item : item.text);
const itemRole = (item: NonNullable<Step["checklist"]>[number]) => (typeof item === "string" ? undefined : item.role);

export function stepScreen(ctx: RunnerContext, step: Step, index: number, resumed: boolean): string {
  const { c, playbook } = ctx;
  const state = ctx.journal.state;
  const now = ctx.now();
  const lines: string[] = [""];
  const title = ` ${phaseTitle(step.phase).toUpperCase()} · step ${index + 1} of ${playbook.steps.length} `;
  lines.push(c.bold.inverse(title) + c.dim("─".repeat(Math.max(4, 72 - title.length))));
  lines.push(c.bold(oneLine(step.title)) + (resumed ? c.dim("  (resumed where you stopped)") : ""));
  const facts: string[] = [];
  if (state.drill) facts.push(c.magenta.bold("DRILL"));
  facts.push(state.severity ? c.bold(state.severity) : "severity not set");
  if (state.declaredAt) facts.push(`declared ${formatSpan(now.getTime() - new Date(state.declaredAt).getTime())} ago`);
  const due = stepDue(ctx, state, step);
  if (due) facts.push(`${due.label}: ${countdown(c, due.due, due.span, now)}`);
  else if (step.target === "first-response") {
    const done = firstResponseFact(ctx, c, state, now);
    if (done) facts.push(done);
  }
  if (step.role) {
    const role = playbook.roles.find((r) => r.id === step.role);
    const person = state.roles[step.role];
    facts.push(`owner: ${oneLine(role?.title ?? step.role)}${person ? ` (${oneLine(person)})` : ""}`);
  }
  lines.push(facts.join(c.dim(" · ")));
  const cadence = cadenceLine(ctx, state, now);
  if (cadence) lines.push(cadence);
  if (step.guidance) lines.push("", ...renderGuidance(step.guidance, c));
  if (step.checklist && step.checklist.length > 0) {
    lines.push("", c.bold("  Checklist") + c.dim(" (tick what is done at the end of the step)"));
    step.checklist.forEach((item, i) => {
      const done = state.checklist[`${step.id}#${i}`]?.done === true;
      const role = itemRole(item);
      const roleTitle = role ? (playbook.roles.find((r) => r.id === role)?.title ?? role) : undefined;
      lines.push(
        `    ${done ? c.green("[x]") : "[ ]"} ${oneLine(itemText(item))}${roleTitle ? c.dim(` (${oneLine(roleTitle)})`) : ""}`,
      );
    });
  }
  lines.push("", ...(ctx.interactive === false ? [] : [c.dim(ACTIONS_HINT), ""]));
  return lines.join("\n");
}
