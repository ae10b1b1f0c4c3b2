import type { AnswerValue } from "../expr/evaluate.js";
import { SEVERITIES, type Severity } from "../playbook/schema.js";
import { rank, scoreSeverity, type ScoringAnswers } from "../severity/score.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import type { Choice, EscapeMode } from "../../adapters/terminal/prompter.js";
import { SKIP_CHOICE, type RunnerContext } from "./context.js";

const SEVERITY_STEP = "severity";

/**
 * Asks the scoring questions (each recorded as an answer) and returns the scored result. With
 * `resume`, questions already answered during the declaration are not asked again.
 */
async function askScoring(ctx: RunnerContext, escape: EscapeMode, resume: boolean) {
  const { prompter, playbook, c } = ctx;
  const state = ctx.journal.state;
  const answers: Record<string, AnswerValue> = {};
  const known = (id: string) => resume && state.answerSteps[id] === SEVERITY_STEP && state.answers[id] !== undefined;
  for (const dim of playbook.severity.dimensions) {
    if (known(dim.id)) {
      answers[dim.id] = state.answers[dim.id] ?? null;
      continue;
    }
    if (dim.help) ctx.out(c.dim(`  ${oneLine(dim.help)}`));
    const previous = state.answers[dim.id];
    let value: AnswerValue;
    if (dim.kind === "choice") {
      const choices: Choice[] = dim.choices.map((ch) => ({ value: ch.label, name: ch.label }));
      const picked = await prompter.select({
        key: `severity.${dim.id}`,
        message: dim.question,
        choices,
        ...(typeof previous === "string" ? { default: previous } : {}),
        escape,
      });
      value = picked;
    } else {
      const n = await prompter.number({
        key: `severity.${dim.id}`,
        message: `${dim.question} (leave empty if unknown)`,
        min: 0,
        ...(dim.kind === "points" ? { max: 100 } : {}),
        ...(typeof previous === "number" ? { default: previous } : {}),
        escape,
      });
      value = n ?? null;
    }
    answers[dim.id] = value;
    ctx.journal.append("answer", { step: SEVERITY_STEP, prompt: dim.id, value });
  }
  for (const o of playbook.severity.overrides) {
    if (known(o.id)) {
      answers[o.id] = state.answers[o.id] ?? null;
      continue;
    }
    if (o.help) ctx.out(c.dim(`  ${oneLine(o.help)}`));
    const previous = state.answers[o.id];
    const yes = await prompter.confirm({
      key: `severity.${o.id}`,
      message: o.question,
      default: previous === true,
      escape,
    });
    answers[o.id] = yes;
    ctx.journal.append("answer", { step: SEVERITY_STEP, prompt: o.id, value: yes });
  }
  const baselines = ctx.config.baselines ?? {};
  return scoreSeverity(playbook.severity, answers as ScoringAnswers, baselines);
}

function levelChoices(
  ctx: RunnerContext,
  computed: Severity | undefined,
  current: Severity | null,
): Choice<Severity>[] {
  return SEVERITIES.map((level) => {
    const label = ctx.playbook.severity.levels[level];
    const tags = [level === computed ? "computed" : "", level === current ? "current" : ""].filter(Boolean).join(", ");
    return { value: level, name: `${level}${tags ? ` (${tags})` : ""}${label ? `: ${oneLine(label)}` : ""}` };
  });
}

/**
 * Scores severity with the playbook's questions, shows the level and why, and lets the responder
 * choose another level (with a reason). Records severity_scored and severity_changed.
 */
export async function scoreAndSetSeverity(
  ctx: RunnerContext,
  escape: EscapeMode = "actions",
  resume = false,
): Promise<Severity> {
  const { c, prompter } = ctx;
  const state = ctx.journal.state;
  let score: { level: Severity; reasons: string[] };
  if (resume && state.scored) {
    // Scored before an interruption: only the choice of level is left.
    score = { level: state.scored.computed, reasons: state.scored.reasons };
  } else {
    ctx.out(`\n${c.bold("Severity")}: a few questions; the worst answer sets the level.`);
    const scored = await askScoring(ctx, escape, resume);
    ctx.journal.append("severity_scored", {
      scores: scored.scores,
      overrides: scored.overrides,
      computed: scored.level,
      reasons: scored.reasons,
    });
    score = scored;
  }
  const label = ctx.playbook.severity.levels[score.level];
  ctx.out(`\n  Computed: ${c.bold(score.level)}${label ? ` ${c.dim(oneLine(label))}` : ""}`);
  for (const reason of score.reasons) ctx.out(c.dim(`    ${oneLine(reason)}`));
  ctx.out(c.yellow("  If you are unsure between two levels, choose the more severe one."));
  const chosen = await prompter.select({
    key: "severity.level",
    message: "Severity",
    choices: levelChoices(ctx, score.level, state.severity),
    default: score.level,
    escape,
  });
  let reason = `scored ${score.level}`;
  if (chosen !== score.level) {
    const direction = rank(chosen) > rank(score.level) ? "more" : "less";
    const why = await prompter.text({
      key: "severity.reason",
      message: `Why ${chosen} rather than the computed ${score.level}?`,
      required: direction === "less",
      ...(direction === "more" ? { default: "unsure, so the more severe level" } : {}),
      escape,
    });
    reason = `${why} (computed ${score.level})`;
  }
  if (chosen !== state.severity) ctx.journal.append("severity_changed", { from: state.severity, to: chosen, reason });
  return chosen;
}

/** The change-severity action: pick a level directly or re-answer the scoring questions. */
export async function changeSeverity(ctx: RunnerContext): Promise<void> {
  const { prompter } = ctx;
  const state = ctx.journal.state;
  const how = await prompter.select({
    key: "action.severity.how",
    message: `Severity is ${state.severity ?? "not set"}. Change it how?`,
    choices: [
      { value: "pick", name: "Pick the new level" },
      { value: "rescore", name: "Answer the scoring questions again" },
      { value: SKIP_CHOICE, name: "Leave it as it is" },
    ],
    escape: "cancel",
  });
  if (how === SKIP_CHOICE) return;
  if (how === "rescore") {
    await scoreAndSetSeverity(ctx, "cancel");
    return;
  }
  const to = await prompter.select({
    key: "action.severity.level",
    message: "New severity",
    choices: levelChoices(ctx, undefined, state.severity),
    ...(state.severity ? { default: state.severity } : {}),
    escape: "cancel",
  });
  if (to === state.severity) return;
  const reason = await prompter.text({
    key: "action.severity.reason",
    message: `Why ${to}?`,
    required: true,
    escape: "cancel",
  });
  ctx.journal.append("severity_changed", { from: state.severity, to, reason });
}

/** Roles that must have a person at this severity and do not yet. */
function missingRequiredRoles(ctx: RunnerContext): RunnerContext["playbook"]["roles"] {
  const state = ctx.journal.state;
  const severity = state.severity;
  if (!severity) return [];
  return ctx.playbook.roles.filter(
    (r) =>
      (r.id === "lead" || (r.required_from !== undefined && rank(severity) >= rank(r.required_from))) &&
      !state.roles[r.id],
  );
}

/** Asks for every role required at the current severity that has nobody yet. */
export async function fillRequiredRoles(ctx: RunnerContext, escape: EscapeMode = "actions"): Promise<void> {
  const missing = missingRequiredRoles(ctx);
  if (missing.length === 0) return;
  ctx.out(`\n${ctx.c.bold("Roles")} required at ${ctx.journal.state.severity}:`);
  for (const role of missing) {
    ctx.out(ctx.c.dim(`  ${oneLine(role.title)}: ${oneLine(role.duty)}`));
    const person = await ctx.prompter.text({
      key: `roles.${role.id}`,
      message: `${role.title}: who?`,
      required: true,
      escape,
    });
    ctx.journal.append("role_assigned", { role: role.id, person: person.trim() });
  }
}
