import type { Choice, Prompter } from "../../src/adapters/terminal/prompter.js";
import { EscapePressed, HotkeyPressed } from "../../src/adapters/terminal/prompter.js";
import { InterruptError } from "../../src/errors.js";

/** A scripted answer: the value, ESC (press Esc), CTRL_C (press Ctrl+C), or a function giving one. */
export const ESC = Symbol("esc");
export const CTRL_C = Symbol("ctrl-c");
/** A scripted key press at a select that offers it as a hotkey (e.g. the copy key): hotkey("c"). */
export const hotkey = (key: string) => ({ hotkey: key });
export type Scripted = unknown;

export interface Asked {
  kind: string;
  key: string;
  message: string;
  answer: unknown;
}

type Q = {
  key?: string;
  message: string;
  default?: unknown;
  required?: boolean;
  validate?: (v: string) => true | string;
  choices?: readonly (Choice & { checked?: boolean })[];
  escape?: string;
  hotkeys?: readonly { key: string; action: string }[];
};

/**
 * A Prompter for in-process tests. Answers come from `script` by the question's key: a value, or a
 * list of values used one after another (the last one repeats). Keys the script does not name are
 * answered by `auto`, a policy a careful responder might follow, or fail the test when auto is off.
 * Every question is kept in `asked`, so tests can assert what was asked and in which order.
 */
export function scriptedPrompter(
  script: Record<string, Scripted> = {},
  options: { auto?: boolean; limit?: number } = {},
) {
  const asked: Asked[] = [];
  const used = new Map<string, number>();
  const limit = options.limit ?? 5000;
  const next = (kind: string, q: Q): unknown => {
    if (asked.length > limit) throw new Error(`more than ${limit} questions: the runner is looping (last: ${q.key})`);
    const key = q.key ?? "";
    let answer: unknown;
    if (Object.prototype.hasOwnProperty.call(script, key)) {
      const entry = script[key];
      if (Array.isArray(entry) && !(kind === "checkbox" && !Array.isArray(entry[0]))) {
        const n = used.get(key) ?? 0;
        used.set(key, n + 1);
        answer = entry[Math.min(n, entry.length - 1)];
      } else answer = entry;
    } else if (options.auto !== false) {
      answer = auto(kind, key, q);
    } else {
      throw new Error(`unexpected question ${key}: ${q.message}`);
    }
    if (typeof answer === "function") answer = (answer as (q: Q) => unknown)(q);
    asked.push({ kind, key, message: q.message, answer: typeof answer === "symbol" ? answer.toString() : answer });
    // A question with escape "none" ignores the key, as the terminal prompter does: the next answer is typed.
    if (answer === ESC && q.escape === "none") return next(kind, q);
    if (answer === ESC) throw new EscapePressed();
    if (answer === CTRL_C) throw new InterruptError("interrupted");
    if (typeof answer === "object" && answer !== null && "hotkey" in answer) {
      const pressed = String(answer.hotkey);
      if (!q.hotkeys?.some((h) => h.key === pressed)) throw new Error(`${key} offers no hotkey ${pressed}`);
      throw new HotkeyPressed(pressed);
    }
    if (typeof answer === "string" && q.validate) {
      const ok = q.validate(answer);
      if (ok !== true) throw new Error(`scripted answer ${JSON.stringify(answer)} for ${key} is invalid: ${ok}`);
    }
    return answer;
  };
  const prompter: Prompter = {
    text: async (q) => String(next("text", q)),
    longText: async (q) => String(next("longText", q)),
    select: async (q) => next("select", q) as never,
    search: async (q) => next("search", q) as never,
    checkbox: async (q) => next("checkbox", q) as never,
    confirm: async (q) => Boolean(next("confirm", q)),
    number: async (q) => next("number", q) as number | undefined,
  };
  return { prompter, asked };
}

/** What a conscientious responder would answer: defaults, first choices, everything ticked and approved. */
function auto(kind: string, key: string, q: Q): unknown {
  if (key === "end") return "resolve";
  if (key.startsWith("message.")) {
    if (key.endsWith(".review")) return "accept";
    if (key.endsWith(".over_limit")) return true;
    if (key.includes(".approve.")) return "approve";
    if (key.includes(".publish.")) return "now";
    if (key.includes(".url.")) return "";
    if (key.endsWith(".again")) return true;
  }
  if (key.startsWith("step.") && key.endsWith(".repeat")) return "next";
  if (key === "resolve.anyway") return true;
  switch (kind) {
    case "text": {
      if (q.default !== undefined) return q.default;
      if (!q.required) return "";
      const candidates = [`Answer to ${key}`, "https://example.com/post/1", "now"];
      return candidates.find((c) => !q.validate || q.validate(c) === true) ?? candidates[0];
    }
    case "longText":
      return q.default ?? (q.required ? `Long answer to ${key}.` : "");
    case "select":
    case "search":
      return q.default ?? q.choices?.[0]?.value;
    case "checkbox":
      return (q.choices ?? []).map((c) => c.value);
    case "confirm":
      return q.default ?? false;
    case "number":
      return q.default ?? 10;
    default:
      return undefined;
  }
}

/**
 * Wraps a prompter: `before` sees each question's key first and may return an error to fail the
 * question with (a crash, a stop, Ctrl+C); otherwise the inner prompter answers.
 */
export function beforeEachQuestion(inner: Prompter, before: (key: string) => Error | undefined): Prompter {
  const ask = <Q extends { key?: string }, R>(q: Q, answer: (q: Q) => Promise<R>): Promise<R> => {
    const error = before(q.key ?? "");
    return error ? Promise.reject(error) : answer(q);
  };
  return {
    text: (q) => ask(q, (x) => inner.text(x)),
    longText: (q) => ask(q, (x) => inner.longText(x)),
    select: (q) => ask(q, (x) => inner.select(x)),
    search: (q) => ask(q, (x) => inner.search(x)),
    checkbox: (q) => ask(q, (x) => inner.checkbox(x)),
    confirm: (q) => ask(q, (x) => inner.confirm(x)),
    number: (q) => ask(q, (x) => inner.number(x)),
  };
}
