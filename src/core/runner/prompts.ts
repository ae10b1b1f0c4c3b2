import type { AnswerValue } from "../expr/evaluate.js";
import type { Step } from "../playbook/model.js";
import type { Prompt } from "../playbook/schema.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import type { Choice, EscapeMode } from "../../adapters/terminal/prompter.js";
import { parseWhen, showWhen, typedUtc, validateWhen } from "../time.js";
import { channelQuestion } from "./channels.js";
import { SKIP_CHOICE, type RunnerContext } from "./context.js";

const URL_PATTERN = /^https?:\/\/[^\s<>"`]+$/i;

export function choicesOf(prompt: Prompt): Choice[] {
  return (prompt.choices ?? []).map((ch) =>
    typeof ch === "string"
      ? { value: ch, name: ch }
      : { value: ch.value, name: ch.label ?? ch.value, ...(ch.help ? { description: ch.help } : {}) },
  );
}

function textValidator(prompt: Prompt, now: () => Date): (value: string) => true | string {
  const v = prompt.validate ?? {};
  let pattern: RegExp | undefined;
  try {
    pattern = v.pattern !== undefined ? new RegExp(v.pattern) : undefined;
  } catch {
    pattern = undefined; // crisis lint reports a broken pattern; here it must not stop the response.
  }
  return (value) => {
    const text = value.trim();
    if (text === "") return prompt.required ? "An answer is required." : true;
    if (prompt.type === "url" && !URL_PATTERN.test(text))
      return "expected a web address starting with https:// or http://";
    if (prompt.type === "datetime") return validateWhen(text, now());
    if (v.min_length !== undefined && text.length < v.min_length) return `expected at least ${v.min_length} characters`;
    if (v.max_length !== undefined && text.length > v.max_length)
      return `expected at most ${v.max_length} characters (this is ${text.length})`;
    if (pattern && !pattern.test(text)) return v.message ?? `expected text matching ${v.pattern}`;
    return true;
  };
}

function defaultText(
  prompt: Prompt,
  previous: AnswerValue | undefined,
  marked: string | undefined,
): string | undefined {
  if (typeof previous === "string") return prompt.type === "datetime" ? typedUtc(new Date(previous)) : previous;
  // A time the start already recorded (when it began, when it was noticed) is offered, not asked afresh.
  if (prompt.type === "datetime" && marked) return typedUtc(new Date(marked));
  if (typeof prompt.default === "string" || typeof prompt.default === "number") return String(prompt.default);
  return undefined;
}

/** An example answer as a one-line hint: its lines joined with " / ", cut at 160 characters. */
function exampleHint(example: string): string {
  const text = oneLine(example.trim().split(/\n+/).join(" / "));
  return text.length > 160 ? `${text.slice(0, 159).trimEnd()}…` : text;
}

/** Asks one playbook prompt, typed and validated as the playbook says, and returns the answer. */
async function askPrompt(ctx: RunnerContext, prompt: Prompt, escape?: EscapeMode): Promise<AnswerValue> {
  const { prompter, c } = ctx;
  const previous = ctx.journal.state.answers[prompt.id];
  const key = `prompts.${prompt.id}`;
  const esc = escape ? { escape } : {};
  // Prompt messages are plain text: the prompter neutralises them, so no colour codes go in.
  // A yes/no question always has an answer (its default), so it is never marked optional.
  const message = `${prompt.question}${prompt.required || prompt.type === "confirm" ? "" : " (optional)"}`;
  if (prompt.help) ctx.out(c.dim(`  ${oneLine(prompt.help)}`));
  if (prompt.example && previous === undefined) ctx.out(c.dim(`  e.g. ${exampleHint(prompt.example)}`));
  switch (prompt.type) {
    case "text":
    case "url":
    case "datetime": {
      const marked = prompt.marks
        ? ctx.journal.state.milestones.findLast((m) => m.name === prompt.marks)?.at
        : undefined;
      const def = defaultText(prompt, previous, marked);
      const value = await prompter.text({
        key,
        ...esc,
        message:
          prompt.type === "datetime"
            ? `${message} (${/\bUTC\b/.test(prompt.question) ? "" : "UTC; "}e.g. 14:05, -30m, 2026-11-24 10:00)`
            : message,
        ...(def !== undefined ? { default: def } : {}),
        required: prompt.required,
        validate: textValidator(prompt, ctx.now),
        ...(prompt.type === "datetime" ? { display: (v: string) => (v.trim() ? showWhen(v, ctx.now()) : v) } : {}),
      });
      if (value.trim() === "") return null;
      if (prompt.type === "datetime") return (parseWhen(value, ctx.now()) ?? ctx.now()).toISOString();
      return value.trim();
    }
    case "long-text": {
      const def = defaultText(prompt, previous, undefined);
      const value = await prompter.longText({
        key,
        ...esc,
        message,
        ...(def !== undefined ? { default: def } : {}),
        required: prompt.required,
      });
      return value.trim() === "" ? null : value.trim();
    }
    case "select": {
      const choices = choicesOf(prompt);
      if (!prompt.required) choices.push({ value: SKIP_CHOICE, name: "(no answer for now)" });
      const def =
        typeof previous === "string" ? previous : typeof prompt.default === "string" ? prompt.default : undefined;
      const value = await prompter.select({
        key,
        ...esc,
        message,
        choices,
        ...(def !== undefined ? { default: def } : {}),
      });
      return value === SKIP_CHOICE ? null : value;
    }
    case "multi-select": {
      // Channel questions (marked by sets:) offer and tick what the declaration made sensible.
      const asked = channelQuestion(prompt, { ...ctx, state: ctx.journal.state });
      const selected = Array.isArray(previous)
        ? previous
        : Array.isArray(prompt.default)
          ? prompt.default
          : (asked.selected ?? []);
      const choices = choicesOf({ ...prompt, choices: asked.choices }).map((ch) => ({
        ...ch,
        checked: selected.includes(ch.value),
      }));
      return prompter.checkbox({
        key,
        ...esc,
        message: `${message} (space to tick, enter when done)`,
        choices,
        required: prompt.required,
      });
    }
    case "confirm": {
      const def =
        typeof previous === "boolean" ? previous : typeof prompt.default === "boolean" ? prompt.default : false;
      return prompter.confirm({ key, ...esc, message, default: def, required: prompt.required });
    }
    case "number": {
      const def =
        typeof previous === "number" ? previous : typeof prompt.default === "number" ? prompt.default : undefined;
      const value = await prompter.number({
        key,
        ...esc,
        message,
        required: prompt.required,
        ...(def !== undefined ? { default: def } : {}),
        ...(prompt.validate?.min !== undefined ? { min: prompt.validate.min } : {}),
        ...(prompt.validate?.max !== undefined ? { max: prompt.validate.max } : {}),
      });
      return value ?? null;
    }
  }
}

/**
 * Asks a prompt and records the answer, and before it the milestone the prompt marks (the first
 * time only): a crash between the two then leaves the question unanswered, so it is asked again.
 */
export async function answerPrompt(ctx: RunnerContext, step: Step, prompt: Prompt, escape?: EscapeMode): Promise<void> {
  const value = await askPrompt(ctx, prompt, escape);
  const mark = prompt.marks;
  const recorded = ctx.journal.state.milestones.filter((m) => m.name === mark);
  if (mark && prompt.type === "datetime" && typeof value === "string") {
    // A time that corrects the one recorded (a better estimate of when it began) is recorded too.
    if (!recorded.some((m) => Math.abs(new Date(m.at).getTime() - new Date(value).getTime()) < 60_000))
      ctx.journal.append("milestone", { name: mark, step: step.id }, { at: new Date(value) });
  } else if (
    mark &&
    recorded.length === 0 &&
    value !== null &&
    value !== false &&
    !(Array.isArray(value) && value.length === 0)
  ) {
    ctx.journal.append("milestone", { name: mark, step: step.id });
  }
  ctx.journal.append("answer", { step: step.id, prompt: prompt.id, value });
}
