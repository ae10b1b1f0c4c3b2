import type { Paint } from "../../adapters/terminal/paint.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import type { Prompter } from "../../adapters/terminal/prompter.js";
import { humanUtc, parseWhen, showWhen, typedUtc, validateWhen, WHEN_HELP } from "../time.js";
import type { RunnerContext } from "./context.js";
import { answerPrompt } from "./prompts.js";
import { stepScreen } from "./screen.js";
import { declareSeverity } from "./severity.js";

/**
 * The quick declaration: what happened in one sentence (it also names the incident), who leads,
 * the declare step's own questions (where it is being talked about, which of our channels are
 * taken over or down), and the severity in one question. Then `declared`, and straight on to the
 * holding statement. Each answer is an event before the next question, and each part is asked
 * only if the journal does not have it yet, so a resume picks up exactly where it stopped.
 */

export const WHAT_HAPPENED = {
  key: "prompts.what_happened",
  id: "what_happened",
  question: "What happened, in one sentence, as we would say it in public?",
  help: "It opens the holding statement and names the incident. Say what people can see; no cause, no blame, nobody's name. Keep it short.",
  example:
    "A video of a customer's tent left out in the rain, and of how our support team answered her, is being shared widely.",
  max: 200,
};

/**
 * Asks the one-sentence description. The example is left out when the declare step's guidance
 * gives one of its own (a hijacked account's sentence reads nothing like a viral complaint's).
 */
export async function askWhatHappened(
  prompter: Prompter,
  out: (text: string) => void,
  c: Paint,
  options: { escape?: "actions" | "cancel"; previous?: string | undefined; example?: boolean } = {},
): Promise<string> {
  const { escape = "actions", previous, example = true } = options;
  out(c.dim(`  ${WHAT_HAPPENED.help}`));
  if (example) out(c.dim(`  e.g. ${WHAT_HAPPENED.example}`));
  const text = await prompter.text({
    key: WHAT_HAPPENED.key,
    message: WHAT_HAPPENED.question,
    required: true,
    ...(previous !== undefined ? { default: previous } : {}),
    validate: (v) =>
      v.trim().length > WHAT_HAPPENED.max
        ? `expected one sentence of at most ${WHAT_HAPPENED.max} characters (this is ${v.trim().length})`
        : true,
    escape,
  });
  return text.trim().replace(/\s+/g, " ");
}

/**
 * When it was noticed and when it began. A playbook that asks them later (a prompt `marks:` them,
 * as the spine's triage step does) gets "now" for the moment, estimated; one that never asks
 * them gets the two questions here, so the post-mortem can measure the time to detect.
 */
async function declareTimes(ctx: RunnerContext): Promise<void> {
  const state = ctx.journal.state;
  const has = (name: string) => state.milestones.some((m) => m.name === name);
  const later = (name: string) => ctx.playbook.steps.some((s) => (s.prompts ?? []).some((p) => p.marks === name));
  const opened = new Date(state.openedAt);
  for (const name of ["detected", "impact_started"] as const)
    if (!has(name) && later(name)) ctx.journal.append("milestone", { name, estimated: true }, { at: opened });
  if (has("detected") && has("impact_started")) return;
  ctx.out(`\n${ctx.c.bold("Times")} ${ctx.c.dim(`(UTC; type ${WHEN_HELP})`)}`);
  if (!has("detected")) {
    const text = await ctx.prompter.text({
      key: "detected_at",
      message: "When did we first notice it?",
      default: "now",
      validate: (v) => validateWhen(v, ctx.now(), { past: true }),
      display: (v) => showWhen(v, ctx.now()),
    });
    ctx.journal.append("milestone", { name: "detected" }, { at: parseWhen(text, ctx.now()) ?? ctx.now() });
  }
  if (!has("impact_started")) {
    const detected = new Date(state.milestones.find((m) => m.name === "detected")?.at ?? ctx.now());
    const text = await ctx.prompter.text({
      key: "impact_started_at",
      message: "Best estimate of when it began (the first post or the failure)? It may be earlier.",
      default: typedUtc(detected),
      validate: (v) => {
        const ok = validateWhen(v, ctx.now(), { past: true });
        if (ok !== true) return ok;
        const at = parseWhen(v, ctx.now());
        return at && at.getTime() > detected.getTime() + 5 * 60_000
          ? `expected a time at or before it was noticed (${humanUtc(detected)})`
          : true;
      },
      display: (v) => showWhen(v, ctx.now()),
    });
    const parsed = parseWhen(text, ctx.now()) ?? detected;
    // "now" typed a moment after "now" for the detection still means the same moment.
    const impact = parsed.getTime() > detected.getTime() ? detected : parsed;
    ctx.journal.append("milestone", { name: "impact_started", estimated: true }, { at: impact });
  }
}

export async function declare(ctx: RunnerContext): Promise<void> {
  const { c, prompter } = ctx;
  const state = ctx.journal.state;
  if (state.declaredAt) return;
  const first = ctx.playbook.steps[0];
  const step = first?.phase === "declare" ? first : undefined;
  const stepId = step?.id ?? "declare";

  if (step) {
    const resumed = state.visit?.step === step.id;
    if (!resumed) ctx.journal.append("step_started", { step: step.id, phase: step.phase, index: 0 });
    ctx.out(stepScreen(ctx, step, 0, resumed));
    ctx.freshScreen = true;
  }
  if (typeof state.answers.what_happened !== "string") {
    // A quoted sentence in the guidance is its own example; a quoted word ("Investigating") is not.
    const example = !/["“][^"”]{30,}["”]|for example|\be\.g\./i.test(step?.guidance ?? "");
    const text = await askWhatHappened(prompter, ctx.out, c, { example });
    ctx.journal.append("answer", { step: stepId, prompt: WHAT_HAPPENED.id, value: text });
  }
  if (!state.roles.lead) {
    const lead = await prompter.text({
      key: "roles.lead",
      message: "Who leads the response (incident lead)?",
      default: ctx.actor,
      required: true,
    });
    ctx.journal.append("role_assigned", { role: "lead", person: lead.trim() });
  }
  await declareTimes(ctx);
  for (const prompt of step?.prompts ?? []) {
    if (prompt.id === WHAT_HAPPENED.id || (state.visit && prompt.id in state.visit.answered)) continue;
    await answerPrompt(ctx, step!, prompt);
  }
  if (!state.severity) await declareSeverity(ctx);

  ctx.journal.append(
    "declared",
    { severity: state.severity ?? ctx.playbook.severity.initial },
    { at: new Date(state.openedAt) },
  );
  const next = ctx.playbook.steps[step ? 1 : 0];
  ctx.out(
    c.bold(`\nDeclared at ${state.severity}: ${oneLine(state.title).replace(/[.!?\s]+$/, "")}.`) +
      c.dim(
        `${next ? ` Next: ${oneLine(next.title).replace(/^./, (ch) => ch.toLowerCase())}.` : ""}${ctx.logPath ? ` The incident log is kept current in ${ctx.logPath}` : ""}`,
      ),
  );
}
