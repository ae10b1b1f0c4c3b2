import type { Origin, Step } from "../../playbook/model.js";
import type { Prompt } from "../../playbook/schema.js";
import { choiceValue } from "../answers.js";
import { clip, defaultProblem, TEXT_CHECKED } from "./prompt-default.js";
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

export const PROMPT_RULES = [choices, defaults, pattern, bounds, marks];
