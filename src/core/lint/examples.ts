import { brandClock, publicTime } from "../brand-time.js";
import type { Config } from "../config/schema.js";
import type { TemplateValue, TemplateVariable } from "../templates/render.js";
import { configVariables, EXAMPLE_VALUES, INCIDENT_VARIABLES, PLACEHOLDERS } from "../templates/variables.js";
import { choiceValue, type Answer } from "./answers.js";

/**
 * The longest values a message can realistically be rendered with, to check channel limits:
 * the brand's configured facts (or realistic examples where none are set), the incident's example
 * values, and for answers their declared `example:`, the longest choice, or every choice of a
 * multi-select. Yes/no answers are true, so optional sections count. Drill-only text is left out.
 */
export interface Examples {
  values: Record<string, TemplateValue>;
  /** Answers rendered as empty because they declare no example: their length is not checked. */
  unmeasured: string[];
}

const LONG_HANDLE = "@northwindoutdoorhelp";

export function configExamples(config: Config): Record<string, string> {
  const configured = configVariables(config);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(configured)) {
    const placeholder = (PLACEHOLDERS as Record<string, string>)[name];
    out[name] = value === placeholder ? (EXAMPLE_VALUES[name] ?? value) : value;
  }
  // Times in the brand's language and zone are longer than "21 Nov 2026 20:30 UTC": a long month's.
  if (brandClock(config)) {
    const time = publicTime("2026-09-30T20:30:00Z", config);
    for (const name of ["declared_at", "now", "next_update_time"]) out[name] = time;
  }
  return out;
}

function answerExample(answer: Answer): TemplateValue | undefined {
  if (answer.kind === "override") return true;
  if (answer.kind === "dimension") {
    const d = answer.dimension;
    if (d?.kind === "choice") return d.choices.map((c) => c.label).reduce((a, b) => (b.length > a.length ? b : a), "");
    return "99";
  }
  const p = answer.prompt;
  if (!p) return undefined;
  if (p.example !== undefined) return p.example;
  const values = (p.choices ?? []).map(choiceValue);
  switch (p.type) {
    case "select":
      return values.reduce((a, b) => (b.length > a.length ? b : a), "");
    case "multi-select":
      return values;
    case "confirm":
      return true;
    case "number":
      return p.validate?.max !== undefined ? String(p.validate.max) : undefined;
    case "datetime":
      return EXAMPLE_VALUES.now;
    default:
      return p.validate?.max_length !== undefined ? "x".repeat(p.validate.max_length) : undefined;
  }
}

export function exampleValues(
  variables: readonly TemplateVariable[],
  answers: ReadonlyMap<string, Answer>,
  config: Record<string, string>,
): Examples {
  const values: Record<string, TemplateValue> = Object.create(null) as Record<string, TemplateValue>;
  const unmeasured: string[] = [];
  for (const { name } of variables) {
    if (name in values) continue;
    if (name === "drill") values[name] = "";
    else if (Object.hasOwn(config, name)) values[name] = config[name] ?? "";
    else if (name.startsWith("handle_")) values[name] = LONG_HANDLE;
    else if (Object.hasOwn(INCIDENT_VARIABLES, name)) values[name] = EXAMPLE_VALUES[name] ?? "";
    else {
      const answer = answers.get(name);
      const example = answer ? answerExample(answer) : undefined;
      if (example === undefined && answer) unmeasured.push(name);
      values[name] = example ?? "";
    }
  }
  return { values, unmeasured };
}

/** Every variable empty: what is left is the message's fixed text. */
export function emptyValues(variables: readonly TemplateVariable[]): Record<string, TemplateValue> {
  const values: Record<string, TemplateValue> = Object.create(null) as Record<string, TemplateValue>;
  for (const { name } of variables) values[name] = "";
  return values;
}
