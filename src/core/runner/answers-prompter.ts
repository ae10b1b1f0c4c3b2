import { InputError, InterruptError } from "../../errors.js";
import type { Choice, Prompter } from "../../adapters/terminal/prompter.js";
import type { AnswersFile, LoadedAnswers } from "./answers-file.js";
import { locateNearest } from "./answers-file.js";
import { SKIP_CHOICE } from "./context.js";

/** lenient: a list whose items not among the choices are ignored (roles already filled). */
type Found = { value: unknown; path: (string | number)[]; lenient?: boolean };

const MAX_ASKS_PER_KEY = 200;

/**
 * Where a question's answer lives in the answers file. Returns the value (undefined when the file
 * has none) and the YAML path, for pointing at the place to add it.
 */
function lookup(
  answers: AnswersFile,
  key: string,
  asked: number,
  visits: (step: string) => number = () => asked + 1,
): Found {
  const parts = key.split(".");
  const [head, second] = parts;
  switch (head) {
    case "playbook":
    case "title":
    case "detected_at":
    case "impact_started_at":
      return { value: answers[head], path: [head] };
    case "roles":
      if (second === "more") return { value: Object.keys(answers.roles ?? {}), path: ["roles"], lenient: true };
      return { value: answers.roles?.[second ?? ""], path: ["roles", second ?? ""] };
    case "severity":
      if (second === "level" || second === "reason")
        return { value: answers.severity?.[second], path: ["severity", second] };
      if (second === "rescore")
        return { value: answers.severity?.answers ? "score" : "keep", path: ["severity", "answers"] };
      return { value: answers.severity?.answers?.[second ?? ""], path: ["severity", "answers", second ?? ""] };
    case "prompts":
      // The one-sentence description may also be given as the title, and the times at the top (as before
      // the declaration asked them at triage).
      if (answers.prompts?.[second ?? ""] === undefined) {
        const top = {
          what_happened: "title",
          detected_at: "detected_at",
          impact_started_at: "impact_started_at",
        } as const;
        const name = top[second as keyof typeof top];
        if (name && answers[name] !== undefined) return { value: answers[name], path: [name] };
      }
      return { value: answers.prompts?.[second ?? ""], path: ["prompts", second ?? ""] };
    case "checklist":
      return { value: answers.checklist?.[second ?? ""], path: ["checklist", second ?? ""] };
    case "step": {
      // Counted from the journal's visits of the step, so a resumed run does not start counting again.
      const repeat = answers.steps?.[second ?? ""]?.repeat ?? 1;
      return { value: visits(second ?? "") < repeat ? "again" : "next", path: ["steps", second ?? "", "repeat"] };
    }
    case "message":
      return messageLookup(answers, parts, asked);
    case "end":
      return { value: answers.resolve ? "resolve" : "pause", path: ["resolve"] };
    case "resolve": {
      const r = answers.resolve || undefined;
      if (second === "criteria") {
        const c = r?.exit_criteria;
        const value = c !== undefined && typeof c === "object" ? Object.keys(c).filter((id) => c[id]) : c;
        return { value, path: ["resolve", "exit_criteria"] };
      }
      if (second === "anyway") return { value: r?.anyway, path: ["resolve", "anyway"] };
      return { value: r?.summary, path: ["resolve", "summary"] };
    }
    default:
      return { value: undefined, path: [] };
  }
}

/** message.<template id>.<what>[.<role or channel>]; template ids contain slashes but no dots. */
function messageLookup(answers: AnswersFile, parts: string[], asked: number): Found {
  const [, template = "", what = "", target = ""] = parts;
  const specific = answers.messages?.[template] ?? {};
  const m = { ...answers.messages?.["*"], ...specific };
  const base = ["messages", answers.messages?.[template] ? template : "*"];
  switch (what) {
    case "again":
      return { value: m.again, path: [...base, "again"] };
    case "channels": {
      // Channels answered false are left out; the others are chosen (one with { skip } is then
      // recorded as not published, with its reason). Without a publish entry, the channels crisis
      // ticks (those named at the declaration) are used.
      if (m.publish === undefined) return { value: undefined, path: [...base, "publish"] };
      if (m.publish === true) return { value: true, path: [...base, "publish"] };
      const publish = m.publish;
      return {
        value: Object.keys(publish).filter((ch) => publish[ch] !== false),
        path: [...base, "publish"],
        lenient: true,
      };
    }
    case "channels_reason": {
      const p =
        m.publish === true || m.publish === undefined
          ? undefined
          : Object.values(m.publish).find((v) => typeof v === "object" && v.skip);
      return { value: typeof p === "object" ? p.skip : undefined, path: [...base, "publish"] };
    }
    case "review":
      if (m.skip) return { value: "skip", path: [...base, "skip"] };
      return { value: m.text && asked === 0 ? "edit" : "accept", path: [...base, "text"] };
    case "edit":
      return { value: m.text, path: [...base, "text"] };
    case "promise_at":
      return { value: m.promise_at, path: [...base, "promise_at"] };
    case "over_limit":
      return { value: m.over_limit === "accept" ? true : undefined, path: [...base, "over_limit"] };
    case "skip_reason": {
      if (target === "") return { value: m.skip, path: [...base, "skip"] };
      const p = m.publish === true ? undefined : m.publish?.[target];
      const reason =
        typeof p === "object" ? p.skip : p === false ? "not published on this channel (answers file)" : undefined;
      return { value: reason, path: [...base, "publish", target] };
    }
    case "approve": {
      // true: approved by the person in the role; a name: approved by that person.
      const a = m.approve === true ? true : m.approve?.[target];
      const value = a === undefined ? undefined : typeof a === "string" ? "approve-other" : "approve";
      return { value, path: [...base, "approve", target] };
    }
    case "approver": {
      const a = m.approve === true ? undefined : m.approve?.[target];
      return { value: typeof a === "string" ? a : undefined, path: [...base, "approve", target] };
    }
    case "publish": {
      const p = m.publish === true ? true : m.publish?.[target];
      const value =
        p === undefined
          ? undefined
          : p === false
            ? "skip"
            : typeof p === "object"
              ? p.skip
                ? "skip"
                : p.at
                  ? "earlier"
                  : "now"
              : "now";
      return { value, path: [...base, "publish", target] };
    }
    case "published_at": {
      const p = m.publish === true ? undefined : m.publish?.[target];
      return { value: typeof p === "object" ? p.at : undefined, path: [...base, "publish", target, "at"] };
    }
    case "url": {
      const p = m.publish === true ? undefined : m.publish?.[target];
      return {
        value: typeof p === "string" ? p : typeof p === "object" ? p.url : undefined,
        path: [...base, "publish", target],
      };
    }
    default:
      return { value: undefined, path: base };
  }
}

/**
 * A Prompter that answers from the answers file. A required question the file does not answer
 * stops the run with file:line:column naming the key to add; an answer of the wrong kind names
 * what was expected. Unanswered optional questions take their defaults.
 */
export interface AnswersOptions {
  interrupted?: () => boolean;
  /** How many times the journal says a step has been visited (set once the incident is open). */
  visits?: (step: string) => number;
  /** Shown each question and the answer the file gave, so a scripted run leaves a readable transcript. */
  echo?: (question: string, answer: string) => void;
}

export function createAnswersPrompter(loaded: LoadedAnswers, options: AnswersOptions = {}): Prompter {
  const asked = new Map<string, number>();
  const fail = (path: (string | number)[], message: string): never => {
    throw new InputError(
      loaded.file,
      [{ file: loaded.file, ...locateNearest(loaded.parsed, path), message }],
      "see docs/start.md for the answers file format",
    );
  };
  const get = (q: {
    key?: string;
    message: string;
    required?: boolean;
    default?: unknown;
  }): Found & { key: string } => {
    if (options.interrupted?.()) throw new InterruptError("interrupted");
    const key = q.key ?? "";
    const n = asked.get(key) ?? 0;
    if (n >= MAX_ASKS_PER_KEY)
      fail(
        [],
        `the answers keep returning to the question ${key} ("${q.message}"); expected answers that move the incident on`,
      );
    asked.set(key, n + 1);
    const found = lookup(loaded.answers, key, n, options.visits);
    // A required question with a default (the approver defaults to the person in the role) is answered by it.
    if (found.value === undefined && q.required && q.default === undefined) {
      fail(
        found.path,
        `no answer for ${found.path.join(".") || key} ("${q.message}"), which is required; add it to the answers file`,
      );
    }
    return { ...found, key };
  };
  const asText = (f: Found & { key: string }, message: string): string | undefined => {
    if (f.value === undefined || f.value === null) return undefined;
    if (typeof f.value === "string" || typeof f.value === "number" || typeof f.value === "boolean")
      return String(f.value);
    return fail(f.path, `expected text for ${f.key} ("${message}")`);
  };
  const pick = <T extends string>(
    f: Found & { key: string },
    q: { message: string; choices: readonly Choice<T>[]; default?: T },
  ): T => {
    const text = asText(f, q.message);
    if (text === undefined)
      return q.default ?? q.choices.find((c) => c.value === SKIP_CHOICE)?.value ?? (q.choices[0] as Choice<T>).value;
    const match =
      q.choices.find((c) => c.value === text) ?? q.choices.find((c) => c.name.toLowerCase() === text.toLowerCase());
    if (!match)
      return fail(
        f.path,
        `"${text}" is not a choice for ${f.key} ("${q.message}"); expected one of: ${q.choices
          .filter((c) => c.value !== SKIP_CHOICE)
          .map((c) => c.value)
          .join(", ")}`,
      );
    return match.value;
  };
  const checkText = (
    f: Found & { key: string },
    message: string,
    value: string,
    validate?: (v: string) => true | string,
  ) => {
    const ok = validate ? validate(value) : true;
    if (ok !== true) fail(f.path, `${f.key} ("${message}"): ${ok}`);
    return value;
  };
  const said = <T>(q: { message: string; choices?: readonly Choice[] }, value: T): T => {
    const name = (v: unknown) => q.choices?.find((c) => c.value === v)?.name ?? String(v);
    const shown = Array.isArray(value)
      ? value.map(name).join(", ") || "(none)"
      : q.choices && typeof value === "string"
        ? name(value)
        : Array.isArray(value)
          ? value.join(", ")
          : value === undefined
            ? "(no answer)"
            : typeof value === "boolean"
              ? value
                ? "yes"
                : "no"
              : String(value);
    options.echo?.(q.message, shown);
    return value;
  };
  const answers: Prompter = {
    text: async (q) => {
      const f = get(q);
      return checkText(f, q.message, asText(f, q.message) ?? q.default ?? "", q.validate);
    },
    longText: async (q) => {
      const f = get(q);
      return checkText(f, q.message, asText(f, q.message) ?? q.default ?? "", (v) =>
        q.required && v.trim() === "" ? "an answer is required" : true,
      );
    },
    select: async (q) => pick(get(q), q),
    search: async (q) => pick(get(q), q),
    checkbox: async (q) => {
      const f = get(q);
      const values = q.choices.map((c) => c.value);
      if (f.value === undefined || f.value === null) return q.choices.filter((c) => c.checked).map((c) => c.value);
      if (f.value === true) return values;
      if (f.value === false) return [];
      if (!Array.isArray(f.value)) return fail(f.path, `expected a list, true or false for ${f.key} ("${q.message}")`);
      const items = f.lenient
        ? f.value.filter((item: unknown) => (values as string[]).includes(String(item)))
        : f.value;
      const picked = items.map((item: unknown) => {
        if (typeof item === "number" && Number.isInteger(item) && item >= 1 && item <= values.length)
          return values[item - 1]!;
        const match = q.choices.find(
          (c) => c.value === String(item) || c.name.toLowerCase() === String(item).toLowerCase(),
        );
        if (!match)
          return fail(
            f.path,
            `"${String(item)}" is not one of the choices for ${f.key} ("${q.message}"); expected item numbers from 1 or one of: ${q.choices.map((c) => c.value).join(", ")}`,
          );
        return match.value;
      });
      if (q.required && picked.length === 0) fail(f.path, `${f.key} ("${q.message}") needs at least one choice`);
      return [...new Set(picked)];
    },
    confirm: async (q) => {
      const f = get(q);
      if (f.value === undefined || f.value === null) return q.default ?? false;
      if (typeof f.value === "boolean") return f.value;
      if (typeof f.value === "string" && /^(y|yes|true)$/i.test(f.value)) return true;
      if (typeof f.value === "string" && /^(n|no|false)$/i.test(f.value)) return false;
      return fail(f.path, `expected true or false for ${f.key} ("${q.message}")`);
    },
    number: async (q) => {
      const f = get(q);
      if (f.value === undefined || f.value === null || f.value === "") return q.default;
      const n = typeof f.value === "number" ? f.value : Number(f.value);
      if (!Number.isFinite(n)) return fail(f.path, `expected a number for ${f.key} ("${q.message}")`);
      if ((q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max))
        fail(f.path, `${f.key} ("${q.message}"): expected a number from ${q.min ?? "-∞"} to ${q.max ?? "∞"}`);
      return n;
    },
  };
  return {
    text: async (q) => said(q, await answers.text(q)),
    longText: async (q) => said(q, await answers.longText(q)),
    select: async (q) => said(q, await answers.select(q)),
    search: async (q) => said(q, await answers.search(q)),
    checkbox: async (q) => said(q, await answers.checkbox(q)),
    confirm: async (q) => said(q, await answers.confirm(q)),
    number: async (q) => said(q, await answers.number(q)),
  };
}
