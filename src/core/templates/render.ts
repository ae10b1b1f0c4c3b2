import Mustache from "mustache";
import { CrisisError, EXIT } from "../../errors.js";
import { neutralise } from "../../adapters/terminal/sanitize.js";

/**
 * Logic-less rendering with Mustache. Before anything is rendered the template's tokens are
 * checked: only plain variables, sections and comments are allowed (no partials, no delimiter
 * changes), every name must be a known variable, and names that exist on every object
 * (constructor, toString, __proto__ …) are refused, so rendering can never reach object internals.
 */

export type TemplateValue = string | number | boolean | readonly string[];
export type TemplateVars = Readonly<Record<string, TemplateValue | undefined>>;

export class TemplateError extends CrisisError {
  override name = "TemplateError";
  constructor(
    message: string,
    readonly template: string,
    readonly variable?: string,
  ) {
    super(message, EXIT.usage);
  }
}

const NAME = /^[a-z][a-z0-9_]*$/;
/** How deeply {{#sections}} may nest; real templates use two or three levels. */
const MAX_SECTION_DEPTH = 16;

type Token = [string, string, number, number, Token[]?, number?];

function parseTokens(body: string, id: string): Token[] {
  try {
    return Mustache.parse(body, ["{{", "}}"]) as unknown as Token[];
  } catch (error) {
    throw new TemplateError(`template ${id}: ${error instanceof Error ? error.message : String(error)}`, id);
  }
}

export interface TemplateVariable {
  name: string;
  /** Offset of the tag in the template body. */
  offset: number;
  /** Used only as a section ({{#name}}…{{/name}}): an empty value is fine. */
  section: boolean;
}

/** The variables a template uses, after checking its tags are allowed. Throws TemplateError. */
export function templateVariables(body: string, id: string): TemplateVariable[] {
  const found: TemplateVariable[] = [];
  const walk = (tokens: Token[], inSection: boolean, depth: number) => {
    // Bounded, so rendering (which recurses per section) never meets a stack limit.
    if (depth > MAX_SECTION_DEPTH)
      throw new TemplateError(
        `template ${id}: sections are nested more than ${MAX_SECTION_DEPTH} deep; expected a flatter template`,
        id,
      );
    for (const token of tokens) {
      const [type, value, start] = token;
      if (type === "text" || type === "!") continue;
      if (type === ">" || type === "=") {
        throw new TemplateError(`template ${id}: ${type === ">" ? "partials" : "delimiter changes"} are not allowed ({{${type}${value}}})`, id, value);
      }
      if (value === "." && inSection) continue;
      if (Object.prototype.hasOwnProperty.call(Object.prototype, value) || value === "__proto__" || value === "prototype") {
        throw new TemplateError(`template ${id}: variable {{${value}}} is not allowed; it names an object internal`, id, value);
      }
      if (!NAME.test(value)) {
        throw new TemplateError(`template ${id}: {{${value}}} is not a valid variable name; expected snake_case such as {{brand}}`, id, value);
      }
      found.push({ name: value, offset: start, section: type === "#" || type === "^" });
      if (type === "#" || type === "^") walk(token[4] ?? [], true, depth + 1);
    }
  };
  walk(parseTokens(body, id), false, 0);
  return found;
}

export interface RenderOptions {
  /** Applied to every substituted value: identity for plain text, a markdown escaper for documents. */
  escape?: (value: string) => string;
}

/**
 * Renders a template. A variable that is not provided at all is an error naming the variable and
 * the template; a provided but empty value renders as nothing (sections skip it).
 */
export function renderTemplate(body: string, id: string, vars: TemplateVars, options: RenderOptions = {}): string {
  const view: Record<string, TemplateValue> = Object.create(null) as Record<string, TemplateValue>;
  for (const variable of templateVariables(body, id)) {
    if (!Object.prototype.hasOwnProperty.call(vars, variable.name) || vars[variable.name] === undefined) {
      throw new TemplateError(`template ${id}: missing variable {{${variable.name}}}`, id, variable.name);
    }
  }
  for (const [key, value] of Object.entries(vars)) if (value !== undefined) view[key] = value;
  const escape = options.escape ?? neutralise;
  return Mustache.render(body, view, {}, { tags: ["{{", "}}"], escape: (value: unknown) => escape(formatValue(value)) });
}

function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(", ");
  return String(value);
}
