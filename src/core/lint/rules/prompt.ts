import type { Origin, Step } from "../../playbook/model.js";
import type { Prompt } from "../../playbook/schema.js";
import { parseWhen } from "../../time.js";
import { suggest } from "../../suggest.js";
import { choiceValue } from "../answers.js";
import type { PlaybookRule, PlaybookScope, Report } from "../rule.js";
import { suggestChannel } from "./suggest-id.js";

/**
 * Prompts the schema accepts but the runner would trip on (src/core/runner/prompts.ts): a select
 * with nothing to choose, a default the responder cannot keep, a pattern that does not compile
 * (the runner then accepts anything), bounds that no answer can meet, checks the prompt's type
 * ignores, and a milestone on a prompt whose answer is not a moment.
 */

const at = (origin: Origin, ...more: PropertyKey[]): Origin => ({ file: origin.file, path: [...origin.path, ...more] });

const CHOICE_TYPES = new Set(["select", "multi-select"]);
/**
 * The types whose answer is checked against validate.min_length, max_length and pattern. The runner
 * checks text and url today; long-text is counted too, as the bundled playbooks expect (the runner
 * not checking long-text answers is its gap, not the playbook's).
 */
const TEXT_CHECKED = new Set(["text", "url", "long-text"]);
const URL_PATTERN = /^https?:\/\/[^\s<>"`]+$/i;

type PromptVisit = (prompt: Prompt, origin: Origin, step: Step) => void;

/** Every prompt of the playbook (with its spine), where it was written. */
function eachPrompt(s: PlaybookScope, fn: PromptVisit): void {
  for (const step of s.playbook.steps)
    (step.prompts ?? []).forEach((prompt, i) => fn(prompt, s.itemOrigin(step, "prompts", i), step));
}

const choices: PlaybookRule = {
  id: "prompt/choices",
  severity: "error",
  scope: "playbook",
  spines: true,
  description:
    "A select or multi-select prompt with no choices, choices on a prompt type that ignores them, or a respond_on choice that is not a channel id.",
  fix: "Give select prompts their choices (and other types none); respond_on's choices must be channel ids such as x or status-page.",
  check(s, report) {
    eachPrompt(s, (p, origin) => {
      const isChoice = CHOICE_TYPES.has(p.type);
      if (isChoice && (p.choices === undefined || p.choices.length === 0)) {
        report(
          choices,
          s.at(at(origin, "type")),
          `${p.type} prompt "${p.id}" has no choices, so the responder would be shown an empty list; expected choices: [...] with at least two options`,
        );
      }
      if (!isChoice && p.choices !== undefined) {
        report(
          choices,
          s.at(at(origin, "choices"), "key"),
          `a ${p.type} prompt ignores choices, so "${p.id}" would be asked as free ${p.type === "confirm" ? "yes/no" : "input"}; expected type: select (or multi-select), or no choices`,
        );
      }
      // The runner ticks a message's channels by the answer to respond_on (src/core/runner/messages.ts).
      if (p.id === "respond_on" && isChoice) {
        (p.choices ?? []).forEach((choice, j) => {
          const value = choiceValue(choice);
          if (Object.hasOwn(s.session.channels, value)) return;
          const hint = suggestChannel(value, Object.keys(s.session.channels));
          report(
            choices,
            s.at(at(origin, "choices", j)),
            `respond_on's choice "${value}" is not a channel id${hint ? ` (did you mean "${hint}"?)` : ""}; the runner matches these answers to each message's channels, so expected a channel id such as x, bluesky or status-page`,
          );
        });
      }
    });
  },
};

/** Why a prompt's default cannot be kept as it is, or undefined. */
function defaultProblem(s: PlaybookScope, p: Prompt): { message: string; index?: number } | undefined {
  const d = p.default;
  if (d === undefined) return undefined;
  const values = (p.choices ?? []).map(choiceValue);
  const listed = (v: string) => {
    const hint = suggest(v, values);
    return `"${v}" is not a choice of "${p.id}"${hint ? ` (did you mean "${hint}"?)` : ""}; expected one of: ${values.join(", ")}`;
  };
  switch (p.type) {
    case "select":
      if (typeof d !== "string")
        return {
          message: `the default of select prompt "${p.id}" must be one of its choices, written as text; expected one of: ${values.join(", ")}`,
        };
      return values.length > 0 && !values.includes(d) ? { message: `default ${listed(d)}` } : undefined;
    case "multi-select": {
      if (!Array.isArray(d))
        return {
          message: `the default of multi-select prompt "${p.id}" is a list of choices; expected a list such as [${values.slice(0, 2).join(", ")}]`,
        };
      const bad = d.findIndex((v) => !values.includes(v));
      return bad === -1 || values.length === 0 ? undefined : { message: `default ${listed(d[bad] ?? "")}`, index: bad };
    }
    case "confirm":
      if (typeof d === "boolean") return undefined;
      return {
        message: `the default of confirm prompt "${p.id}" is ${JSON.stringify(d)}, which the runner ignores; expected true or false${typeof d === "string" && /^(yes|no|y|n|on|off)$/i.test(d) ? ` (write ${/^(yes|y|on)$/i.test(d) ? "true" : "false"})` : ""}`,
      };
    case "number": {
      if (typeof d !== "number")
        return {
          message: `the default of number prompt "${p.id}" is ${JSON.stringify(d)}, which the runner ignores; expected a number`,
        };
      const { min, max } = p.validate ?? {};
      if (min !== undefined && d < min)
        return { message: `default ${d} is below validate.min ${min}; expected a default the prompt accepts` };
      if (max !== undefined && d > max)
        return { message: `default ${d} is above validate.max ${max}; expected a default the prompt accepts` };
      return undefined;
    }
    case "datetime":
      if (typeof d !== "string" || parseWhen(d, s.session.now) === undefined)
        return {
          message: `the default of datetime prompt "${p.id}" is ${JSON.stringify(d)}, which is not a time; expected "now", a time such as 14:05 or -30m, or an ISO time`,
        };
      return undefined;
    default: {
      if (Array.isArray(d) || typeof d === "boolean")
        return {
          message: `the default of ${p.type} prompt "${p.id}" is ${JSON.stringify(d)}, which the runner ignores; expected text`,
        };
      const text = String(d);
      if (p.type === "url" && !URL_PATTERN.test(text))
        return { message: `default "${text}" is not a web address; expected one starting with https://` };
      const problem = TEXT_CHECKED.has(p.type) ? textProblem(p, text) : undefined;
      return problem
        ? {
            message: `default "${clip(text)}" ${problem}, so the responder could not keep it; expected a default the prompt accepts`,
          }
        : undefined;
    }
  }
}

/** Why text fails the prompt's own checks, or undefined. */
function textProblem(p: Prompt, text: string): string | undefined {
  const v = p.validate ?? {};
  if (v.min_length !== undefined && text.length < v.min_length)
    return `is shorter than validate.min_length ${v.min_length}`;
  if (v.max_length !== undefined && text.length > v.max_length)
    return `is ${text.length} characters, longer than validate.max_length ${v.max_length}`;
  const re = compile(v.pattern);
  if (re && !re.test(text)) return `does not match validate.pattern ${v.pattern ?? ""}`;
  return undefined;
}

function compile(pattern: string | undefined): RegExp | undefined {
  if (pattern === undefined) return undefined;
  try {
    return new RegExp(pattern);
  } catch {
    return undefined;
  }
}

const defaults: PlaybookRule = {
  id: "prompt/default",
  severity: "error",
  scope: "playbook",
  spines: true,
  description:
    "A prompt's default the responder could not keep: not one of a select's choices, yes for a confirm, text for a number, not a time, or failing the prompt's own checks.",
  fix: "Write a default the prompt accepts (one of its choices, true/false, a number within bounds, now or a time), or remove it.",
  check(s, report) {
    eachPrompt(s, (p, origin) => {
      const problem = defaultProblem(s, p);
      if (!problem) return;
      const path = problem.index === undefined ? at(origin, "default") : at(origin, "default", problem.index);
      report(defaults, s.at(path), problem.message);
    });
  },
};

const pattern: PlaybookRule = {
  id: "prompt/pattern",
  severity: "error",
  scope: "playbook",
  spines: true,
  description:
    "A validate.pattern that does not compile (the runner then accepts any answer), a pattern or message the prompt's type ignores, or an example the pattern rejects.",
  fix: "Write a JavaScript regular expression such as ^[A-Z]{2}-\\d{4}$ on a text prompt, with a message saying what is expected.",
  check(s, report) {
    eachPrompt(s, (p, origin) => {
      const v = p.validate;
      if (!v) return;
      if (v.pattern !== undefined) {
        if (!TEXT_CHECKED.has(p.type)) {
          report(
            pattern,
            s.at(at(origin, "validate", "pattern"), "key"),
            `a ${p.type} prompt ignores validate.pattern, so "${p.id}" would accept any answer; expected the pattern on a text or url prompt${p.type === "long-text" ? " (type: text checks it)" : ""}`,
          );
          return;
        }
        try {
          const re = new RegExp(v.pattern);
          if (p.example !== undefined && !re.test(p.example))
            report(
              pattern,
              s.at(at(origin, "example")),
              `example "${clip(p.example)}" does not match validate.pattern ${v.pattern}; expected an example the prompt accepts, so lengths are checked with a real answer`,
            );
        } catch (error) {
          const why =
            error instanceof Error ? error.message.replace(/^Invalid regular expression: /, "") : String(error);
          report(
            pattern,
            s.at(at(origin, "validate", "pattern")),
            `validate.pattern does not compile (${why}), so the runner ignores it and accepts any answer; expected a JavaScript regular expression such as ^[A-Z]{2}-\\d{4}$ (in YAML, single quotes keep backslashes as written)`,
          );
        }
      } else if (v.message !== undefined && v.min_length === undefined && v.max_length === undefined) {
        report(
          pattern,
          s.at(at(origin, "validate", "message"), "key"),
          `validate.message is shown only when validate.pattern rejects an answer, and "${p.id}" has no pattern; expected a pattern beside it, or no message`,
        );
      }
    });
  },
};

function boundsProblems(p: Prompt, origin: Origin, s: PlaybookScope, report: Report, rule: PlaybookRule): void {
  const v = p.validate ?? {};
  const where = (...path: PropertyKey[]) => s.at(at(origin, "validate", ...path), "key");
  if (v.min !== undefined && v.max !== undefined && v.min > v.max)
    report(
      rule,
      s.at(at(origin, "validate", "max")),
      `validate.max ${v.max} is below validate.min ${v.min}, so no answer is allowed; expected min ≤ max`,
    );
  if (v.min_length !== undefined && v.max_length !== undefined && v.min_length > v.max_length)
    report(
      rule,
      s.at(at(origin, "validate", "max_length")),
      `validate.max_length ${v.max_length} is below validate.min_length ${v.min_length}, so no answer is allowed; expected min_length ≤ max_length`,
    );
  for (const key of ["min", "max"] as const) {
    if (v[key] !== undefined && p.type !== "number")
      report(
        rule,
        where(key),
        `a ${p.type} prompt ignores validate.${key}; expected it on a number prompt (use min_length or max_length for text)`,
      );
  }
  for (const key of ["min_length", "max_length"] as const) {
    if (v[key] !== undefined && !TEXT_CHECKED.has(p.type))
      report(
        rule,
        where(key),
        `a ${p.type} prompt ignores validate.${key}${p.type === "long-text" ? " (the runner checks lengths only for text and url)" : ""}; expected it on a text or url prompt${p.type === "number" ? " (use min or max for numbers)" : ""}`,
      );
  }
  if (
    p.example !== undefined &&
    v.max_length !== undefined &&
    p.example.length > v.max_length &&
    TEXT_CHECKED.has(p.type)
  )
    report(
      rule,
      s.at(at(origin, "example")),
      `example is ${p.example.length} characters, longer than validate.max_length ${v.max_length}; expected an example the prompt accepts`,
    );
}

const bounds: PlaybookRule = {
  id: "prompt/bounds",
  severity: "error",
  scope: "playbook",
  spines: true,
  description:
    "validate bounds no answer can meet (min above max, min_length above max_length), bounds the prompt's type ignores, or an example longer than max_length.",
  fix: "Keep min ≤ max and min_length ≤ max_length; use min/max on number prompts and min_length/max_length on text prompts.",
  check(s, report) {
    eachPrompt(s, (p, origin) => boundsProblems(p, origin, s, report, bounds));
  },
};

/** Milestones are recorded at a moment: the time a datetime answer gives, or when a confirm is answered yes. */
const MARKING = new Set(["datetime", "confirm"]);

const marks: PlaybookRule = {
  id: "prompt/marks",
  severity: "error",
  scope: "playbook",
  spines: true,
  description:
    "marks: on a prompt that is neither datetime nor confirm: the milestone would be recorded at whatever moment any answer is typed.",
  fix: "Put marks: on a datetime prompt (the answered time) or a confirm prompt (the moment it is answered yes).",
  check(s, report) {
    eachPrompt(s, (p, origin) => {
      if (p.marks === undefined || MARKING.has(p.type)) return;
      report(
        marks,
        s.at(at(origin, "marks"), "key"),
        `marks: ${p.marks} on a ${p.type} prompt records the milestone whenever "${p.id}" is answered, not when it happened; expected marks on a datetime prompt (when it happened) or a confirm prompt (yes = now)`,
      );
    });
  },
};

function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export const PROMPT_RULES = [choices, defaults, pattern, bounds, marks];
