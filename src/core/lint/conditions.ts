import { evaluate, type AnswerValue } from "../expr/evaluate.js";
import { comparisons, type Expr } from "../expr/parse.js";
import { SEVERITIES } from "../playbook/levels.js";
import type { Severity } from "../playbook/schema.js";
import { suggest } from "../suggest.js";
import { answerType, type Answer, type AnswerType } from "./answers.js";

/**
 * Static checks of a `when:` condition against the answers it names. A comparison that can never
 * hold (a value that is not among a select's choices, text compared with a number, a confirm
 * compared with "yes") is reported; and the whole condition is tried against every combination of
 * the values its answers can take, to find steps that can never run.
 */

export interface ValueIssue {
  /** Offset in the condition text. */
  offset: number;
  message: string;
}

type Typed =
  { kind: "severity" } | { kind: "drill" } | { kind: "roles" } | { kind: "answer"; answer: Answer; t: AnswerType };

function typeOfName(name: string, answers: ReadonlyMap<string, Answer>): Typed | undefined {
  if (name === "severity") return { kind: "severity" };
  if (name === "drill") return { kind: "drill" };
  if (name === "roles") return { kind: "roles" };
  const answer = answers.get(name);
  return answer ? { kind: "answer", answer, t: answerType(answer) } : undefined;
}

function describe(lit: Expr): string {
  if (lit.kind === "literal") return JSON.stringify(lit.value);
  if (lit.kind === "severity") return `SEV${lit.level}`;
  return "the list";
}

/** Why `name op literal` can never be true, or undefined when it can. */
function mismatch(name: string, typed: Typed, op: string, lit: Expr): string | undefined {
  const ordering = op === "<" || op === "<=" || op === ">" || op === ">=";
  if (typed.kind === "severity") {
    if (lit.kind === "severity")
      return op === "contains" || op === "in" ? `severity is one level; compare it with ==, >= or <=` : undefined;
    if (lit.kind === "literal" && typeof lit.value === "string" && /^SEV[1-4]$/i.test(lit.value)) {
      return `severity is compared with levels written without quotes; expected ${lit.value.toUpperCase()}, not "${lit.value}"`;
    }
    return `severity is compared with a level SEV1 to SEV4; got ${describe(lit)}`;
  }
  if (typed.kind === "drill") {
    return lit.kind === "literal" && typeof lit.value === "boolean"
      ? undefined
      : `drill is true or false; got ${describe(lit)}`;
  }
  if (typed.kind === "roles") {
    return op === "contains" && lit.kind === "literal" && typeof lit.value === "string"
      ? undefined
      : `roles is the list of roles that have a person; test one with roles contains "spokesperson"`;
  }
  const t = typed.t;
  if (lit.kind === "severity") return `${name} is an answer, not a severity; SEV levels compare only with severity`;
  if (lit.kind !== "literal") return undefined;
  const value = lit.value;
  if (t.type === "boolean") {
    if (ordering || op === "contains") return `${name} is a yes/no answer; compare it with == true or == false`;
    if (typeof value !== "boolean")
      return `${name} is a yes/no answer (true or false); expected true or false, not ${describe(lit)}`;
    return undefined;
  }
  if (t.type === "number") {
    if (op === "contains") return `${name} is a number; "contains" applies to text and lists`;
    return typeof value === "number" ? undefined : `${name} is a number; expected a number, not ${describe(lit)}`;
  }
  if (ordering)
    return `${name} is ${t.type === "choice" ? "a choice" : "text"}; <, <=, > and >= compare numbers and severities`;
  if (t.type === "choice") {
    if (t.multi && (op === "==" || op === "!=" || op === "in")) {
      return `${name} is a multi-select answer (a list); use "${name} contains ${describe(lit)}" to test one choice`;
    }
    if (op === "contains" && !t.multi) return undefined; // text containment on a single choice: unusual but meaningful
    if (typeof value !== "string" || !t.values.includes(value)) {
      const hint = typeof value === "string" ? suggest(value, t.values) : undefined;
      return `${describe(lit)} is not a choice of ${name}${hint ? ` (did you mean "${hint}"?)` : ""}; expected one of: ${t.values.join(", ")}`;
    }
    return undefined;
  }
  return typeof value === "string" ? undefined : `${name} is text; expected a quoted string, not ${describe(lit)}`;
}

/** Every comparison between a name and a value that can never be true. */
export function valueIssues(expr: Expr, answers: ReadonlyMap<string, Answer>): ValueIssue[] {
  const issues: ValueIssue[] = [];
  for (const e of comparisons(expr)) {
    const [nameSide, other] = e.left.kind === "name" ? [e.left, e.right] : [e.right, e.left];
    if (nameSide.kind !== "name" || other.kind === "name") continue;
    const typed = typeOfName(nameSide.name, answers);
    if (!typed) continue; // unknown names are reported on their own
    const items = other.kind === "list" && e.op === "in" ? other.items : [other];
    const op = other.kind === "list" && e.op === "in" ? "==" : e.op;
    if (other.kind === "list" && e.op !== "in") {
      issues.push({ offset: other.at, message: `a list is compared only with "in"; write ${nameSide.name} in [...]` });
      continue;
    }
    if (other.kind === "list" && typed.kind === "answer" && typed.t.type === "choice" && typed.t.multi) {
      issues.push({
        offset: e.at,
        message: `${nameSide.name} is a multi-select answer (a list); use "contains" to test each choice`,
      });
      continue;
    }
    for (const item of items) {
      const why = mismatch(nameSide.name, typed, op, item);
      if (why) issues.push({ offset: item.at, message: why });
    }
  }
  return issues.sort((a, b) => a.offset - b.offset);
}

const MAX_COMBINATIONS = 4096;

function literalsFor(expr: Expr, name: string): { values: (string | number | boolean)[]; contains: boolean } {
  const values: (string | number | boolean)[] = [];
  let contains = false;
  for (const e of comparisons(expr)) {
    const mentions = (x: Expr) => x.kind === "name" && x.name === name;
    if (!mentions(e.left) && !mentions(e.right)) continue;
    if (e.op === "contains") contains = true;
    for (const side of [e.left, e.right]) {
      if (side.kind === "literal") values.push(side.value);
      if (side.kind === "list") for (const item of side.items) if (item.kind === "literal") values.push(item.value);
    }
  }
  return { values, contains };
}

function subsets<T>(items: readonly T[]): T[][] {
  const out: T[][] = [[]];
  for (const item of items) for (const s of [...out]) out.push([...s, item]);
  return out;
}

/**
 * The values an answer can take that matter to this condition. Values the condition never
 * mentions behave alike, so one stands for all of them; the list is complete for what evaluate()
 * can tell apart, so "never true" is exact. Undefined when there would be too many to try.
 */
function candidates(
  expr: Expr,
  name: string,
  typed: Typed,
  floor: Severity,
): AnswerValue[] | Severity[] | boolean[] | undefined {
  if (typed.kind === "severity") return SEVERITIES.slice(0, SEVERITIES.indexOf(floor) + 1);
  if (typed.kind === "drill") return [true, false];
  const { values, contains } = literalsFor(expr, name);
  if (typed.kind === "roles") {
    const mentioned = [...new Set(values.filter((v): v is string => typeof v === "string"))];
    return mentioned.length > 10 ? undefined : subsets(mentioned);
  }
  const t = typed.t;
  if (t.type === "boolean") return [true, false, null];
  if (t.type === "number") {
    const nums = [...new Set(values.filter((v): v is number => typeof v === "number"))].sort((a, b) => a - b);
    const out: AnswerValue[] = [null];
    if (nums.length === 0) return [null, 0, 1];
    out.push((nums[0] ?? 0) - 1, (nums[nums.length - 1] ?? 0) + 1);
    nums.forEach((n, i) => {
      out.push(n);
      const next = nums[i + 1];
      if (next !== undefined) out.push((n + next) / 2);
    });
    return out;
  }
  if (t.type === "choice" && !t.multi) return [null, ...t.values];
  const strings = [...new Set(values.filter((v): v is string => typeof v === "string"))];
  if (t.type === "choice") {
    const mentioned = t.values.filter((v) => strings.includes(v));
    const other = t.values.find((v) => !strings.includes(v));
    const pool = other === undefined ? mentioned : [...mentioned, other];
    if (pool.length > 10) return undefined;
    return [null, ...subsets(pool)];
  }
  const out: AnswerValue[] = [null, "", "\u0000other"];
  if (contains) {
    if (strings.length > 8) return undefined;
    for (const s of subsets(strings)) if (s.length > 0) out.push(s.join("\u0000"));
  } else {
    out.push(...strings);
  }
  return out;
}

/**
 * Whether a condition is true for none, or for every, combination of the values its names can
 * take. Undefined when it depends on them, or when there are too many combinations to try.
 */
export function verdict(
  expr: Expr,
  names: readonly string[],
  answers: ReadonlyMap<string, Answer>,
  floor: Severity,
): "never" | "always" | undefined {
  const unique = [...new Set(names)];
  const domains: { name: string; values: readonly unknown[] }[] = [];
  let total = 1;
  for (const name of unique) {
    const typed = typeOfName(name, answers);
    if (!typed) return undefined;
    const values = candidates(expr, name, typed, floor);
    if (!values || values.length === 0) return undefined;
    total *= values.length;
    if (total > MAX_COMBINATIONS) return undefined;
    domains.push({ name, values });
  }
  let sawTrue = false;
  let sawFalse = false;
  const pick = new Array<number>(domains.length).fill(0);
  for (let n = 0; n < total; n++) {
    const scope = {
      answers: {} as Record<string, AnswerValue>,
      severity: "SEV1" as Severity,
      drill: false,
      roles: [] as string[],
    };
    domains.forEach((d, i) => {
      const value = d.values[pick[i] ?? 0];
      if (d.name === "severity") scope.severity = value as Severity;
      else if (d.name === "drill") scope.drill = value as boolean;
      else if (d.name === "roles") scope.roles = value as string[];
      else scope.answers[d.name] = value as AnswerValue;
    });
    if (evaluate(expr, scope)) sawTrue = true;
    else sawFalse = true;
    if (sawTrue && sawFalse) return undefined;
    for (let i = 0; i < pick.length; i++) {
      pick[i] = (pick[i] ?? 0) + 1;
      if ((pick[i] ?? 0) < (domains[i]?.values.length ?? 0)) break;
      pick[i] = 0;
    }
  }
  return sawTrue ? "always" : "never";
}
