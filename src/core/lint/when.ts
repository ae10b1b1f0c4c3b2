import { ConditionSyntaxError, namesIn, parseCondition, type Expr } from "../expr/parse.js";
import type { Origin, Step } from "../playbook/model.js";
import { whereInScalar, whereOf } from "./place.js";
import type { PlaybookScope, Where } from "./rule.js";

/** Names every condition may use besides prompt ids. */
export const BUILTIN_NAMES: readonly string[] = ["severity", "drill", "roles"];

/** A step's `when:` condition, parsed once per playbook and shared by the rules that check it. */
export interface ParsedWhen {
  step: Step;
  stepIndex: number;
  origin: Origin;
  src: string;
  expr?: Expr;
  error?: { message: string; offset: number };
  names: { name: string; at: number }[];
}

const cache = new WeakMap<PlaybookScope, ParsedWhen[]>();

export function conditionsOf(s: PlaybookScope): ParsedWhen[] {
  const cached = cache.get(s);
  if (cached) return cached;
  const out: ParsedWhen[] = [];
  s.playbook.steps.forEach((step, stepIndex) => {
    if (step.when === undefined) return;
    const origin = s.fieldOrigin(step, "when");
    const base = { step, stepIndex, origin, src: step.when };
    try {
      const expr = parseCondition(step.when);
      out.push({ ...base, expr, names: namesIn(expr).filter((n) => !BUILTIN_NAMES.includes(n.name)) });
    } catch (error) {
      if (!(error instanceof ConditionSyntaxError)) throw error;
      out.push({ ...base, error: { message: error.message, offset: error.offset }, names: [] });
    }
  });
  cache.set(s, out);
  return out;
}

/** The length of the token at an offset of a condition: a quoted string, a word or one symbol. */
export function tokenLength(src: string, offset: number): number {
  const ch = src[offset];
  if (ch === '"' || ch === "'") {
    const close = src.indexOf(ch, offset + 1);
    return close === -1 ? src.length - offset : close - offset + 1;
  }
  const word = /^[A-Za-z0-9_.-]+/.exec(src.slice(offset));
  return word ? word[0].length : 1;
}

/** Where a token of a condition is in the file: exact when the condition is written plainly or simply quoted. */
export function whereInCondition(
  s: PlaybookScope,
  w: ParsedWhen,
  offset: number,
  length = tokenLength(w.src, offset),
): Where {
  const parsed = s.parsedOf(w.origin.file);
  if (!parsed) return s.at(w.origin);
  if (offset >= w.src.length) return whereOf(parsed, w.origin.path);
  return whereInScalar(parsed, w.origin.path, w.src, offset, length);
}
