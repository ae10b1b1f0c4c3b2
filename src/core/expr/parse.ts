/**
 * The condition language of `when:`. It is parsed into a small tree and interpreted by
 * evaluate.ts; nothing is ever handed to the JavaScript engine.
 *
 *   expr   := or
 *   or     := and ("or" and)*
 *   and    := not ("and" not)*
 *   not    := "not" not | cmp
 *   cmp    := value (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "contains") value)?
 *   value  := NAME | STRING | NUMBER | "true" | "false" | SEV1..SEV4 | "[" value ("," value)* "]" | "(" expr ")"
 */

type Literal = string | number | boolean;

export type Expr =
  | { kind: "name"; name: string; at: number }
  | { kind: "literal"; value: Literal; at: number }
  | { kind: "severity"; level: 1 | 2 | 3 | 4; at: number }
  | { kind: "list"; items: Expr[]; at: number }
  | { kind: "not"; operand: Expr; at: number }
  | { kind: "logic"; op: "and" | "or"; left: Expr; right: Expr; at: number }
  | { kind: "compare"; op: CompareOp; left: Expr; right: Expr; at: number };

export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "contains";

export class ConditionSyntaxError extends Error {
  override name = "ConditionSyntaxError";
  constructor(
    message: string,
    /** 0-based offset in the condition text. */
    readonly offset: number,
  ) {
    super(message);
  }
}

type Token =
  | { t: "name"; v: string; at: number }
  | { t: "string"; v: string; at: number }
  | { t: "number"; v: number; at: number }
  | { t: "op"; v: string; at: number }
  | { t: "end"; at: number };

const MAX_LENGTH = 2000;
const MAX_DEPTH = 64;

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i] ?? "";
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (/[A-Za-z_]/.test(ch)) {
      while (i < src.length && /[A-Za-z0-9_.-]/.test(src[i] ?? "")) i++;
      tokens.push({ t: "name", v: src.slice(start, i), at: start });
      continue;
    }
    if (/[0-9]/.test(ch)) {
      while (i < src.length && /[0-9.]/.test(src[i] ?? "")) i++;
      const text = src.slice(start, i);
      const value = Number(text);
      if (!Number.isFinite(value)) throw new ConditionSyntaxError(`"${text}" is not a number`, start);
      tokens.push({ t: "number", v: value, at: start });
      continue;
    }
    if (ch === '"' || ch === "'") {
      i++;
      let value = "";
      while (i < src.length && src[i] !== ch) {
        if (src[i] === "\\" && i + 1 < src.length) i++;
        value += src[i] ?? "";
        i++;
      }
      if (i >= src.length) throw new ConditionSyntaxError("string is not closed; expected a closing quote", start);
      i++;
      tokens.push({ t: "string", v: value, at: start });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (["==", "!=", "<=", ">="].includes(two)) {
      tokens.push({ t: "op", v: two, at: start });
      i += 2;
      continue;
    }
    if ("<>()[],".includes(ch)) {
      tokens.push({ t: "op", v: ch, at: start });
      i++;
      continue;
    }
    if (ch === "=") throw new ConditionSyntaxError('"=" is not an operator; expected "==" to compare', start);
    throw new ConditionSyntaxError(`unexpected character "${ch}"`, start);
  }
  tokens.push({ t: "end", at: src.length });
  return tokens;
}

const KEYWORDS = new Set(["and", "or", "not", "in", "contains", "true", "false"]);

export function parseCondition(src: string): Expr {
  if (src.length > MAX_LENGTH) throw new ConditionSyntaxError(`condition is longer than ${MAX_LENGTH} characters`, 0);
  const tokens = tokenize(src);
  let pos = 0;
  let depth = 0;
  const peek = (): Token => tokens[pos] ?? { t: "end", at: src.length };
  const next = (): Token => tokens[pos++] ?? { t: "end", at: src.length };
  const isWord = (tok: Token, word: string) => tok.t === "name" && tok.v === word;
  const isOp = (tok: Token, op: string) => tok.t === "op" && tok.v === op;
  const describe = (tok: Token) => (tok.t === "end" ? "the end" : `"${String(tok.v)}"`);

  const enter = (at: number) => {
    if (++depth > MAX_DEPTH) throw new ConditionSyntaxError("condition is nested too deeply", at);
  };

  function parseOr(): Expr {
    let left = parseAnd();
    while (isWord(peek(), "or")) {
      const at = next().at;
      left = { kind: "logic", op: "or", left, right: parseAnd(), at };
    }
    return left;
  }
  function parseAnd(): Expr {
    let left = parseNot();
    while (isWord(peek(), "and")) {
      const at = next().at;
      left = { kind: "logic", op: "and", left, right: parseNot(), at };
    }
    return left;
  }
  function parseNot(): Expr {
    if (isWord(peek(), "not")) {
      const at = next().at;
      enter(at);
      const operand = parseNot();
      depth--;
      return { kind: "not", operand, at };
    }
    return parseCompare();
  }
  function parseCompare(): Expr {
    const left = parseValue();
    const tok = peek();
    const op =
      tok.t === "op" && ["==", "!=", "<", "<=", ">", ">="].includes(tok.v)
        ? tok.v
        : isWord(tok, "in") || isWord(tok, "contains")
          ? (tok as { v: string }).v
          : undefined;
    if (op === undefined) return left;
    next();
    return { kind: "compare", op: op as CompareOp, left, right: parseValue(), at: tok.at };
  }
  function parseValue(): Expr {
    const tok = next();
    if (tok.t === "string") return { kind: "literal", value: tok.v, at: tok.at };
    if (tok.t === "number") return { kind: "literal", value: tok.v, at: tok.at };
    if (tok.t === "name") {
      if (tok.v === "true" || tok.v === "false") return { kind: "literal", value: tok.v === "true", at: tok.at };
      const sev = /^SEV([1-4])$/.exec(tok.v);
      if (sev) return { kind: "severity", level: Number(sev[1]) as 1 | 2 | 3 | 4, at: tok.at };
      if (KEYWORDS.has(tok.v))
        throw new ConditionSyntaxError(`expected a name or a value, found the keyword "${tok.v}"`, tok.at);
      if (!/^[a-z][a-z0-9_]*$/.test(tok.v)) {
        throw new ConditionSyntaxError(
          `"${tok.v}" is not a valid name; expected a prompt id such as personal_data, or severity`,
          tok.at,
        );
      }
      return { kind: "name", name: tok.v, at: tok.at };
    }
    if (isOp(tok, "(")) {
      enter(tok.at);
      const inner = parseOr();
      depth--;
      const close = next();
      if (!isOp(close, ")")) throw new ConditionSyntaxError(`expected ")" but found ${describe(close)}`, close.at);
      return inner;
    }
    if (isOp(tok, "[")) {
      const items: Expr[] = [];
      if (!isOp(peek(), "]")) {
        do {
          const item = parseValue();
          if (item.kind !== "literal" && item.kind !== "severity") {
            throw new ConditionSyntaxError(
              "a list holds only values (strings, numbers, true, false, SEV1–SEV4)",
              item.at,
            );
          }
          items.push(item);
        } while (isOp(peek(), ",") && next());
      }
      const close = next();
      if (!isOp(close, "]"))
        throw new ConditionSyntaxError(`expected "]" or "," but found ${describe(close)}`, close.at);
      return { kind: "list", items, at: tok.at };
    }
    throw new ConditionSyntaxError(`expected a name or a value but found ${describe(tok)}`, tok.at);
  }

  const expr = parseOr();
  const rest = peek();
  if (rest.t !== "end")
    throw new ConditionSyntaxError(`unexpected ${describe(rest)}; expected "and", "or" or the end`, rest.at);
  return expr;
}

/** Every prompt name a condition refers to, with its offset. `severity` is built in. */
export function namesIn(expr: Expr): { name: string; at: number }[] {
  switch (expr.kind) {
    case "name":
      return [{ name: expr.name, at: expr.at }];
    case "not":
      return namesIn(expr.operand);
    case "logic":
    case "compare":
      return [...namesIn(expr.left), ...namesIn(expr.right)];
    case "list":
      return expr.items.flatMap(namesIn);
    default:
      return [];
  }
}

/** Every comparison in a condition, walked without recursion (a condition may be nested deeply). */
export function comparisons(expr: Expr): Extract<Expr, { kind: "compare" }>[] {
  const found: Extract<Expr, { kind: "compare" }>[] = [];
  const stack: Expr[] = [expr];
  for (let e = stack.pop(); e !== undefined; e = stack.pop()) {
    if (e.kind === "not") stack.push(e.operand);
    else if (e.kind === "logic") stack.push(e.left, e.right);
    else if (e.kind === "compare") found.push(e);
  }
  return found;
}
