import type { AnswerValue } from "../expr/evaluate.js";
import { SEVERITIES, type Severity } from "../playbook/schema.js";
import { rank, scoreSeverity, type ScoringAnswers } from "../severity/score.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import type { Choice, EscapeMode } from "../../adapters/terminal/prompter.js";
import { SKIP_CHOICE, type RunnerContext } from "./context.js";
import { held, heldInVisit } from "./held.js";

const SEVERITY_STEP = "severity";

/** The scoring answers recorded after `since` (a resume in the middle of scoring asks only the rest). */
function answeredSince(ctx: RunnerContext, since: number | undefined): Set<string> {
  const out = new Set<string>();
  if (since === undefined) return out;
  const events = ctx.journal.state.events;
  for (let i = events.length - 1; i >= 0 && events[i]!.seq > since; i--) {
    const e = events[i]!;
    if (e.type === "answer" && e.data.step === SEVERITY_STEP) out.add(e.data.prompt);
  }
  return out;
}

/**
 * Asks the scoring questions (each recorded as an answer) and returns the scored result.
 * Questions answered since `since` (this pass, before a crash) are not asked again.
 */
async function askScoring(ctx: RunnerContext, escape: EscapeMode, since: number | undefined) {
  const { prompter, playbook, c } = ctx;
  const state = ctx.journal.state;
  const answers: Record<string, AnswerValue> = {};
  const done = answeredSince(ctx, since);
  const known = (id: string) => done.has(id) && state.answers[id] !== undefined;
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

/** The levels a responder may choose: never below the playbook's floor. */
function levelChoices(
  ctx: RunnerContext,
  computed: Severity | undefined,
  current: Severity | null,
  suggested?: Severity,
): Choice<Severity>[] {
  const floor = ctx.playbook.severity.floor;
  return SEVERITIES.filter((level) => rank(level) >= rank(floor)).map((level) => {
    const label = ctx.playbook.severity.levels[level];
    const tags = [
      level === suggested ? "suggested" : "",
      level === computed ? "computed" : "",
      level === current ? "current" : "",
    ]
      .filter(Boolean)
      .join(", ");
    return { value: level, name: `${level}${tags ? ` (${tags})` : ""}${label ? `: ${oneLine(label)}` : ""}` };
  });
}

/**
 * The declaration's severity: one question, the playbook's suggested level first (Enter accepts
 * it), each level with its one-line meaning. The scoring questions come at triage.
 */
export async function declareSeverity(ctx: RunnerContext): Promise<void> {
  const suggested = ctx.playbook.severity.initial;
  const chosen = await ctx.prompter.select({
    key: "severity.level",
    message: "Severity now? (a first estimate: triage scores it properly; when unsure, choose the more severe)",
    choices: levelChoices(ctx, undefined, null, suggested),
    default: suggested,
  });
  ctx.journal.append("severity_changed", {
    from: null,
    to: chosen,
    reason: chosen === suggested ? "the playbook's suggested level, at the declaration" : "chosen at the declaration",
  });
}

/**
 * At triage: score the severity now (the playbook's questions), or keep the level chosen at the
 * declaration. Asked once per visit of the step; the choice is kept in the journal.
 */
export async function offerScoring(ctx: RunnerContext): Promise<void> {
  const state = ctx.journal.state;
  const key = "severity.rescore";
  if (!state.visit || state.severity === null) return;
  const before = heldInVisit(state, key);
  // Scored in this visit and settled: the level was kept (marked) or changed after the scoring.
  const scored = state.scored && state.scored.seq > state.visit.startSeq ? state.scored.seq : undefined;
  const settled =
    heldInVisit(state, "severity.scored") !== undefined ||
    (scored !== undefined && state.severityHistory.some((h) => h.seq > scored));
  if (before === "keep" || (before === "score" && settled)) return;
  if (before === "score") {
    await scoreAndSetSeverity(ctx, "actions", state.visit.startSeq);
    return;
  }
  if (ctx.playbook.severity.dimensions.length === 0 && ctx.playbook.severity.overrides.length === 0) return;
  const { dimensions, overrides } = ctx.playbook.severity;
  const about = [
    ...dimensions.map((d) => d.label.toLowerCase()),
    ...(overrides.length > 0 ? [`${overrides.length} yes/no`] : []),
  ].join(", ");
  const how = await ctx.prompter.select({
    key,
    message: `Severity is ${state.severity}. Score it now?`,
    choices: [
      { value: "score", name: `Score it now (${dimensions.length + overrides.length} quick questions: ${about})` },
      { value: "keep", name: `Keep ${state.severity} for now (Esc → severity scores it later)` },
    ],
    default: "score",
  });
  ctx.journal.append("input", { key, value: how });
  if (how === "score") await scoreAndSetSeverity(ctx, "actions", state.visit.startSeq);
}

/**
 * Scores severity with the playbook's questions, shows the level and why, and lets the responder
 * choose another level (with a reason). Records severity_scored and severity_changed.
 */
async function scoreAndSetSeverity(
  ctx: RunnerContext,
  escape: EscapeMode = "actions",
  since?: number,
): Promise<Severity> {
  const { c, prompter } = ctx;
  const state = ctx.journal.state;
  let score: { level: Severity; reasons: string[] };
  if (since !== undefined && state.scored && state.scored.seq > since) {
    // Scored before an interruption: only the choice of level is left.
    score = { level: state.scored.computed, reasons: state.scored.reasons };
  } else {
    ctx.out(`\n${c.bold("Severity")}: a few questions; the worst answer sets the level.`);
    const scored = await askScoring(ctx, escape, since);
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
  // The default never lowers the level in force: lowering it is a choice, with a reason.
  const proposed = state.severity && rank(state.severity) > rank(score.level) ? state.severity : score.level;
  // Kept in the journal: with or without a change, the level is this pass's last answer.
  const { value: chosen } = await held(ctx, "severity.level", () =>
    prompter.select({
      key: "severity.level",
      message: "Severity",
      choices: levelChoices(ctx, score.level, state.severity),
      default: proposed,
      escape,
    }),
  );
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
  // The level stays: mark this step's scoring pass as done (a resume of the step does not offer it again).
  else if (since !== undefined) ctx.journal.append("input", { key: "severity.scored", value: chosen });
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
