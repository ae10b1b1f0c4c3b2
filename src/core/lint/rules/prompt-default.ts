import type { Prompt } from "../../playbook/schema.js";
import { parseWhen } from "../../time.js";
import { suggest } from "../../suggest.js";
import { choiceValue } from "../answers.js";
import type { PlaybookScope } from "../rule.js";

/**
 * The types whose answer is checked against validate.min_length, max_length and pattern. The runner
 * checks text and url today; long-text is counted too, as the bundled playbooks expect (the runner
 * not checking long-text answers is its gap, not the playbook's).
 */
export const TEXT_CHECKED = new Set(["text", "url", "long-text"]);

const URL_PATTERN = /^https?:\/\/[^\s<>"`]+$/i;

/** Why a prompt's default cannot be kept as it is, or undefined. */
export function defaultProblem(s: PlaybookScope, p: Prompt): { message: string; index?: number } | undefined {
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

export function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
