import { oneLine } from "../../adapters/terminal/sanitize.js";
import { EscapePressed, type Choice, type Prompter } from "../../adapters/terminal/prompter.js";
import { askCheckin } from "../incident/checkin.js";
import { COMMS_KINDS, COMMS_LABELS } from "../incident/comms-log.js";
import { recordComms } from "./comms.js";
import { parseWhen, showWhen, validateWhen } from "../time.js";
import { Navigate, type RunnerContext } from "./context.js";
import { changeAnswer } from "./corrections.js";
import { resolveIncident } from "./resolution.js";
import { fillRequiredRoles } from "./roles.js";
import { changeSeverity } from "./severity.js";
import { cadenceLine } from "./screen.js";

/** Long enough to drop a key pressed for the question before; far shorter than reading a new screen. */
const SETTLE_MS = 300;

type Action =
  | "note"
  | "decision"
  | "checkin"
  | "log"
  | "severity"
  | "roles"
  | "answer"
  | "skip"
  | "back"
  | "pause"
  | "resolve"
  | "cancel";

/** Steps the responder may go back to: every earlier step that was shown or skipped. */
function earlierSteps(ctx: RunnerContext): { id: string; title: string }[] {
  const state = ctx.journal.state;
  const here = state.visit
    ? ctx.playbook.steps.findIndex((s) => s.id === state.visit?.step)
    : ctx.playbook.steps.length;
  return ctx.playbook.steps
    .slice(0, Math.max(0, here))
    .filter((s) => state.steps[s.id] !== undefined)
    .map((s) => ({ id: s.id, title: s.title }));
}

async function addNote(ctx: RunnerContext): Promise<void> {
  const text = await ctx.prompter.longText({
    key: "action.note.text",
    message: "Note (start with TODO: for a follow-up)",
    required: true,
    escape: "cancel",
  });
  const when = await ctx.prompter.text({
    key: "action.note.at",
    message: "When did it happen? (UTC)",
    default: "now",
    validate: (v) => validateWhen(v, ctx.now(), { past: true }),
    display: (v) => showWhen(v, ctx.now()),
    escape: "cancel",
  });
  const at = parseWhen(when, ctx.now()) ?? ctx.now();
  ctx.journal.append(
    "note",
    { text: text.trim(), ...(ctx.journal.state.visit ? { step: ctx.journal.state.visit.step } : {}) },
    { at },
  );
  ctx.out(ctx.c.dim("  Noted."));
}

async function addDecision(ctx: RunnerContext): Promise<void> {
  const what = await ctx.prompter.text({
    key: "action.decision.what",
    message: "What was decided?",
    required: true,
    escape: "cancel",
  });
  const why = await ctx.prompter.longText({
    key: "action.decision.why",
    message: "Why?",
    required: true,
    escape: "cancel",
  });
  const alternatives = await ctx.prompter.text({
    key: "action.decision.alternatives",
    message: "What else was considered? (optional)",
    escape: "cancel",
  });
  ctx.journal.append("decision", {
    what: what.trim(),
    why: why.trim(),
    ...(alternatives.trim() ? { alternatives: alternatives.trim() } : {}),
    ...(ctx.journal.state.visit ? { step: ctx.journal.state.visit.step } : {}),
  });
  ctx.out(ctx.c.dim("  Decision recorded."));
}

async function checkIn(ctx: RunnerContext): Promise<void> {
  ctx.journal.append("metric_snapshot", await askCheckin(ctx.prompter, "cancel"));
  ctx.out(ctx.c.dim("  Check-in recorded."));
}

/** Esc → Log: a media enquiry, a spokesperson appearance, a stakeholder notice or evidence. */
async function logComms(ctx: RunnerContext): Promise<void> {
  const kind = await ctx.prompter.select({
    key: "action.log.kind",
    message: "Log what?",
    choices: COMMS_KINDS.map((k) => ({ value: k, name: COMMS_LABELS[k] })),
    escape: "cancel",
  });
  await recordComms(ctx, kind, "cancel");
}

async function assignRole(ctx: RunnerContext): Promise<void> {
  const state = ctx.journal.state;
  const role = await ctx.prompter.select({
    key: "action.roles.role",
    message: "Which role?",
    choices: ctx.playbook.roles.map((r) => ({
      value: r.id,
      name: `${oneLine(r.title)}${state.roles[r.id] ? ` (now ${oneLine(state.roles[r.id] ?? "")})` : " (nobody yet)"}`,
    })),
    escape: "cancel",
  });
  const person = await ctx.prompter.text({
    key: "action.roles.person",
    message: "Who takes it?",
    required: true,
    escape: "cancel",
  });
  ctx.journal.append("role_assigned", { role, person: person.trim() });
}

/** The action menu, opened with Esc at any question. Returns when the responder goes back to the question. */
async function actionMenu(ctx: RunnerContext): Promise<void> {
  const state = ctx.journal.state;
  const inStep = state.visit !== undefined;
  const back = earlierSteps(ctx);
  const choices: Choice<Action>[] = [
    { value: "note", name: "Note: add to the timeline (TODO: for a follow-up)" },
    { value: "decision", name: "Decision: what, why, alternatives" },
    { value: "checkin", name: "Check-in: mentions, negative share, media, tickets" },
    { value: "log", name: "Log: a media enquiry, the spokesperson on the record, a stakeholder told, evidence" },
    { value: "severity", name: `Severity: change it (now ${state.severity ?? "not set"})` },
    { value: "roles", name: "Roles: assign or hand over" },
    ...(Object.keys(state.answers).length > 0
      ? [{ value: "answer" as const, name: "Answer: change an earlier answer (and redraft what used it)" }]
      : []),
    ...(inStep ? [{ value: "skip" as const, name: "Skip this step (say why)" }] : []),
    ...(back.length > 0 ? [{ value: "back" as const, name: "Go back to an earlier step" }] : []),
    { value: "pause", name: `Pause: stop now, resume later with ${ctx.resumeCommand}` },
    { value: "resolve", name: "Resolve: the crisis is over (check the exit criteria)" },
    { value: "cancel", name: "Back to the question" },
  ];
  const cadence = cadenceLine(ctx, state, ctx.now());
  if (cadence) ctx.out(cadence);
  let action: Action;
  try {
    action = await ctx.prompter.select({
      key: "action",
      message: "Action (Esc returns to the question)",
      choices,
      escape: "cancel",
    });
  } catch (error) {
    if (error instanceof EscapePressed) return;
    throw error;
  }
  try {
    switch (action) {
      case "note":
        return await addNote(ctx);
      case "decision":
        return await addDecision(ctx);
      case "checkin":
        return await checkIn(ctx);
      case "log":
        return await logComms(ctx);
      case "severity":
        await changeSeverity(ctx);
        return await fillRequiredRoles(ctx, "cancel");
      case "roles":
        return await assignRole(ctx);
      case "answer":
        return await changeAnswer(ctx);
      case "skip": {
        const step = state.visit?.step;
        if (!step) return;
        const reason = await ctx.prompter.text({
          key: "action.skip.reason",
          message: "Why skip this step?",
          required: true,
          escape: "cancel",
        });
        ctx.journal.append("step_skipped", { step, reason, by: "responder" });
        throw new Navigate("skip");
      }
      case "back": {
        const to = await ctx.prompter.select({
          key: "action.back.step",
          message: "Go back to which step?",
          choices: back.map((s) => ({ value: s.id, name: oneLine(s.title) })).reverse(),
          escape: "cancel",
        });
        ctx.journal.append("went_back", { from: state.visit?.step ?? state.position?.step ?? to, to });
        throw new Navigate("back");
      }
      case "pause":
        ctx.journal.append("session_paused", { ...(state.visit ? { step: state.visit.step } : {}), how: "paused" });
        ctx.out(ctx.c.bold(`\nPaused. Everything so far is recorded. Continue with: ${ctx.resumeCommand}`));
        throw new Navigate("pause");
      case "resolve":
        if (await resolveIncident(ctx)) throw new Navigate("resolved");
        return;
      default:
        return;
    }
  } catch (error) {
    // Esc inside an action backs out of it, to the question that was interrupted.
    if (error instanceof EscapePressed) {
      ctx.out(ctx.c.dim("  Cancelled."));
      return;
    }
    throw error;
  }
}

/**
 * Wraps the prompter so that Esc at any question opens the action menu and then asks the question
 * again, and so that each question first picks up events from other terminals and checks the
 * update cadence. Prompts marked escape: "cancel" pass Esc through to their caller.
 */
export function withActions(ctx: RunnerContext, raw: Prompter, beforeEach: () => void): Prompter {
  /** Under a new step's screen, keys typed before the first question appeared are dropped. */
  const settle = <Q extends { settle?: number }>(q: Q): Q => {
    if (!ctx.freshScreen) return q;
    ctx.freshScreen = false;
    return { ...q, settle: SETTLE_MS };
  };
  const guard = async <R>(escape: string | undefined, ask: () => Promise<R>): Promise<R> => {
    for (;;) {
      beforeEach();
      try {
        return await ask();
      } catch (error) {
        if (!(error instanceof EscapePressed) || escape === "cancel" || escape === "none") throw error;
        await actionMenu(ctx);
      }
    }
  };
  return {
    text: (q) => guard(q.escape, () => raw.text(settle(q))),
    longText: (q) => guard(q.escape, () => raw.longText(settle(q))),
    select: (q) => guard(q.escape, () => raw.select(settle(q))),
    search: (q) => guard(q.escape, () => raw.search(settle(q))),
    checkbox: (q) => guard(q.escape, () => raw.checkbox(settle(q))),
    confirm: (q) => guard(q.escape, () => raw.confirm(settle(q))),
    number: (q) => guard(q.escape, () => raw.number(settle(q))),
  };
}
