import type { Severity } from "../playbook/schema.js";
import type { CompareOp, Expr } from "./parse.js";

export type AnswerValue = string | number | boolean | string[] | null;

/** What a condition can see: answers by prompt id, plus the built-in names. */
export interface ConditionScope {
  answers: Readonly<Record<string, AnswerValue | undefined>>;
  severity: Severity;
  drill: boolean;
  /** The role ids that have a person (`roles contains "spokesperson"`). */
  roles?: readonly string[];
}

type Value = string | number | boolean | string[] | null | { severity: number } | Value[];

function severityRank(level: number): number {
  // SEV1 is the most severe; a rank makes "severity >= SEV2" mean "SEV2 or worse".
  return 5 - level;
}

function resolve(expr: Expr, scope: ConditionScope): Value {
  switch (expr.kind) {
    case "literal":
      return expr.value;
    case "severity":
      return { severity: expr.level };
    case "list":
      return expr.items.map((item) => resolve(item, scope));
    case "name": {
      if (expr.name === "severity") return { severity: Number(scope.severity.slice(3)) };
      if (expr.name === "drill") return scope.drill;
      if (expr.name === "roles") return [...(scope.roles ?? [])];
      const value = scope.answers[expr.name];
      return value === undefined ? null : value;
    }
    default:
      return evaluate(expr, scope);
  }
}

function isSeverity(v: Value): v is { severity: number } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function same(a: Value, b: Value): boolean {
  if (isSeverity(a) && isSeverity(b)) return a.severity === b.severity;
  if (isSeverity(a) || isSeverity(b)) return false;
  if (Array.isArray(a) || Array.isArray(b)) return false;
  return a === b;
}

function compare(op: CompareOp, a: Value, b: Value): boolean {
  switch (op) {
    case "==":
      return same(a, b);
    case "!=":
      return !same(a, b);
    case "in":
      return Array.isArray(b) && b.some((item) => same(a, item));
    case "contains":
      if (Array.isArray(a)) return a.some((item) => same(item, b));
      return typeof a === "string" && typeof b === "string" && a.toLowerCase().includes(b.toLowerCase());
    default: {
      let x: number;
      let y: number;
      if (isSeverity(a) && isSeverity(b)) {
        x = severityRank(a.severity);
        y = severityRank(b.severity);
      } else if (typeof a === "number" && typeof b === "number") {
        x = a;
        y = b;
      } else {
        return false; // an unanswered prompt never satisfies an ordering
      }
      return op === "<" ? x < y : op === "<=" ? x <= y : op === ">" ? x > y : x >= y;
    }
  }
}

function truthy(v: Value): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (isSeverity(v)) return true;
  return v !== null && v !== false && v !== "" && v !== 0;
}

export function evaluate(expr: Expr, scope: ConditionScope): boolean {
  switch (expr.kind) {
    case "not":
      return !evaluate(expr.operand, scope);
    case "logic":
      return expr.op === "and"
        ? evaluate(expr.left, scope) && evaluate(expr.right, scope)
        : evaluate(expr.left, scope) || evaluate(expr.right, scope);
    case "compare":
      return compare(expr.op, resolve(expr.left, scope), resolve(expr.right, scope));
    default:
      return truthy(resolve(expr, scope));
  }
}
