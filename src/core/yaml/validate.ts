import type { z } from "zod";
import type { Problem } from "../../errors.js";
import { locateRange, type ParsedYaml } from "./parse.js";
import { suggest } from "../suggest.js";

type Issue = z.core.$ZodIssue;

/** What kind of schema problem it is: the linter turns each into a `schema/<code>` rule. */
type SchemaCode = "unknown-key" | "missing-key" | "type" | "enum" | "format" | "range" | "invalid";

/** A problem of the schema layer with its kind, its path and where it ends (for the linter). */
export interface SchemaProblem extends Problem {
  code: SchemaCode;
  path: PropertyKey[];
  endLine?: number;
  endColumn?: number;
}

function clip(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

type Place = Pick<SchemaProblem, "line" | "column" | "endLine" | "endColumn">;

function place(parsed: ParsedYaml, path: readonly PropertyKey[], where: "key" | "value"): Place {
  const r = locateRange(parsed, path, where);
  const out: Place = { line: r.line, column: r.column };
  // A whole map or list would underline many lines; only a range on one line is kept.
  if (r.endLine !== undefined && r.endLine === r.line) {
    out.endLine = r.endLine;
    out.endColumn = r.endColumn;
  }
  return out;
}

/** Keys a strict object at this path would accept, for "did you mean". */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[], value: unknown): string[] {
  let current: unknown = schema;
  let data: unknown = value;
  for (const segment of [...path, null]) {
    // Unwrap the wrappers that do not change the shape.
    for (let guard = 0; guard < 10; guard++) {
      const def = (current as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
      if (!def) return [];
      if (def.type === "optional" || def.type === "default" || def.type === "nullable" || def.type === "prefault") {
        current = def.innerType;
        continue;
      }
      if (def.type === "union") {
        const options = def.options as z.ZodType[];
        // Prefer the option that shares the most keys with the data at this place.
        const keys = data && typeof data === "object" ? Object.keys(data) : [];
        const scored = options.map((o) => ({ o, s: shapeKeys(o).filter((k) => keys.includes(k)).length }));
        scored.sort((a, b) => b.s - a.s);
        current = scored[0]?.o;
        continue;
      }
      break;
    }
    if (segment === null) return shapeKeys(current as z.ZodType);
    const def = (current as { _zod: { def: Record<string, unknown> } })._zod.def;
    if (def.type === "object") current = (def.shape as Record<string, unknown>)[String(segment)];
    else if (def.type === "array") current = def.element;
    else if (def.type === "record") current = def.valueType;
    else return [];
    data = data && typeof data === "object" ? (data as Record<PropertyKey, unknown>)[segment] : undefined;
    if (current === undefined) return [];
  }
  return [];
}

/** The keywords a union at this path also accepts (the enum beside a format), for messages. */
function enumValuesAt(schema: z.ZodType, path: readonly PropertyKey[], value: unknown): string[] {
  let current: unknown = schema;
  let data: unknown = value;
  const unwrap = () => {
    for (let guard = 0; guard < 10; guard++) {
      const def = (current as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
      if (!def) return undefined;
      if (def.type === "optional" || def.type === "default" || def.type === "nullable" || def.type === "prefault") {
        current = def.innerType;
        continue;
      }
      return def;
    }
    return undefined;
  };
  for (const segment of path) {
    let def = unwrap();
    if (def?.type === "union") {
      const keys = data && typeof data === "object" ? Object.keys(data) : [];
      const options = def.options as z.ZodType[];
      current = [...options].sort(
        (a, b) =>
          shapeKeys(b).filter((k) => keys.includes(k)).length - shapeKeys(a).filter((k) => keys.includes(k)).length,
      )[0];
      def = unwrap();
    }
    if (!def) return [];
    if (def.type === "object") current = (def.shape as Record<string, unknown>)[String(segment)];
    else if (def.type === "array") current = def.element;
    else return [];
    data = data && typeof data === "object" ? (data as Record<PropertyKey, unknown>)[segment] : undefined;
    if (current === undefined) return [];
  }
  const def = unwrap();
  if (def?.type !== "union") return [];
  return (def.options as z.ZodType[]).flatMap((o) => {
    const d = (o as unknown as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    return d?.type === "enum" ? Object.values(d.entries as Record<string, string>) : [];
  });
}

function shapeKeys(schema: z.ZodType | undefined): string[] {
  const def = (schema as { _zod?: { def?: Record<string, unknown> } } | undefined)?._zod?.def;
  return def?.type === "object" ? Object.keys(def.shape as object) : [];
}

function received(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  if (typeof value === "string") return `"${clip(value, 40)}"`;
  return JSON.stringify(value) ?? "nothing";
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/**
 * A union (e.g. a new step or a patch to a spine step) fails as a whole; the useful report is the
 * issues of the branch the author most likely meant: the one with the fewest issues. When every
 * branch fails on the value's type itself, one "expected A or B" issue is kept.
 */
function flattenUnion(issue: Issue): Issue[] {
  if (issue.code !== "invalid_union" || issue.errors.length === 0) return [issue];
  const branches = issue.errors;
  const allTypeMismatch = branches.every(
    (b) => b.length === 1 && b[0]?.code === "invalid_type" && b[0].path.length === 0,
  );
  if (allTypeMismatch) {
    const expected = [...new Set(branches.map((b) => (b[0] as { expected: string }).expected))];
    return [{ ...issue, message: `expected ${expected.map((e) => (e === "object" ? "map" : e)).join(" or ")}` }];
  }
  // A text that is neither of two forms (a duration or a keyword): say both, with the nearest keyword.
  const single = branches.every((b) => b.length === 1 && b[0]?.path.length === 0);
  const format = branches.find((b) => b[0]?.code === "invalid_format")?.[0];
  const choices = branches.find((b) => b[0]?.code === "invalid_value")?.[0];
  if (single && format && choices && choices.code === "invalid_value") {
    return [
      {
        ...choices,
        message: `${format.message}, or one of ${choices.values.map((v) => JSON.stringify(v)).join(", ")}`,
      },
    ];
  }
  const best = [...branches].sort((a, b) => a.length - b.length)[0] ?? [];
  return best.flatMap((sub) => flattenUnion({ ...sub, path: [...issue.path, ...sub.path] }));
}

/** Each zod issue as one-line problems at the exact place in the file, with their kind, path and end position. */
function issueToSchemaProblems(schema: z.ZodType, issue: Issue, parsed: ParsedYaml): SchemaProblem[] {
  const flat = flattenUnion(issue);
  if (flat.length !== 1 || flat[0] !== issue) return flat.flatMap((i) => issueToProblemsFlat(schema, i, parsed));
  return issueToProblemsFlat(schema, issue, parsed);
}

function issueToProblemsFlat(schema: z.ZodType, issue: Issue, parsed: ParsedYaml): SchemaProblem[] {
  const path = issue.path;
  const where = path.length > 0 ? `${path.join(".")}: ` : "";
  if (issue.code === "unrecognized_keys") {
    const known = knownKeys(schema, path, parsed.value);
    return issue.keys.map((key) => {
      const hint = suggest(clip(key, 200), known);
      return {
        file: parsed.file,
        ...place(parsed, [...path, key], "key"),
        message: `unknown key "${clip(key)}"${hint ? ` (did you mean "${hint}"?)` : ""}; expected one of: ${known.join(", ")}`,
        code: "unknown-key" as const,
        path: [...path, key],
      };
    });
  }
  const value = valueAt(parsed.value, path);
  let message = issue.message;
  let code: SchemaCode = "invalid";
  if (issue.code === "invalid_type") {
    code = value === undefined ? "missing-key" : "type";
    message =
      value === undefined
        ? `missing required key "${String(path[path.length - 1])}" (expected ${issue.expected})`
        : `expected ${issue.expected}, got ${received(value)}${truthyHint(issue.expected, value)}${numberHint(issue.expected, value)}`;
  } else if (issue.code === "invalid_value") {
    code = "enum";
    message = issue.message.startsWith("expected ")
      ? `${issue.message}, got ${received(value)}`
      : `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, got ${received(value)}`;
    const hint = typeof value === "string" ? suggest(clip(value, 200), issue.values.map(String)) : undefined;
    if (hint) message += ` (did you mean "${hint}"?)`;
  } else if (issue.code === "invalid_union") {
    message = `${issue.message}, got ${received(value)}`;
  } else if (issue.code === "invalid_format") {
    code = "format";
    // A duration or a keyword (target: 30m | first-response): a text that is neither hears of both.
    const keywords = enumValuesAt(schema, path, parsed.value);
    if (keywords.length > 0 && typeof value === "string") {
      const hint = suggest(clip(value, 200), keywords);
      return [
        {
          file: parsed.file,
          ...place(parsed, path, "value"),
          message: `${where}${issue.message}, or one of ${keywords.map((k) => JSON.stringify(k)).join(", ")}, got ${received(value)}${hint ? ` (did you mean "${hint}"?)` : ""}`,
          code: "enum",
          path: [...path],
        },
      ];
    }
    if (issue.format === "date") message = `expected a date such as 2026-11-21 (YYYY-MM-DD), got ${received(value)}`;
    else if (issue.format === "url")
      message = `expected a URL such as https://status.example.com, got ${received(value)}`;
  } else if (issue.code === "too_small" || issue.code === "too_big") {
    code = "range";
    message = rangeMessage(issue, value) ?? message;
  }
  const missing = value === undefined && path.length > 0;
  const target = missing ? path.slice(0, -1) : path;
  return [
    {
      file: parsed.file,
      ...place(parsed, target, missing ? "key" : "value"),
      message: `${where}${message}`,
      code,
      path: [...path],
    },
  ];
}

function rangeMessage(issue: Extract<Issue, { code: "too_small" | "too_big" }>, value: unknown): string | undefined {
  const small = issue.code === "too_small";
  const bound = Number(small ? (issue as { minimum: unknown }).minimum : (issue as { maximum: unknown }).maximum);
  if (typeof value === "string") {
    if (small && bound === 1) return "expected some text, got an empty string";
    return `expected ${small ? "at least" : "at most"} ${bound} characters, got ${value.length}`;
  }
  if (Array.isArray(value)) {
    if (small && bound === 1) return "expected at least one item, got an empty list";
    return `expected ${small ? "at least" : "at most"} ${bound} items, got ${value.length}`;
  }
  if (typeof value === "number") {
    const strict = (issue as { inclusive?: boolean }).inclusive === false;
    const relation = small ? (strict ? "greater than" : "of at least") : strict ? "less than" : "of at most";
    return `expected a number ${relation} ${bound}, got ${value}`;
  }
  return undefined;
}

/** An unquoted 2.0 or 0800 is a number to YAML: say to quote it where text is expected. */
function numberHint(expected: string, value: unknown): string {
  return expected === "string" && typeof value === "number" ? "; YAML reads it as a number, so write it in quotes" : "";
}

/** YAML 1.2 reads yes/no/on/off as text; say so when a boolean was expected. */
function truthyHint(expected: string, value: unknown): string {
  if (expected !== "boolean" || typeof value !== "string") return "";
  if (/^(yes|y|on)$/i.test(value)) return "; write true (YAML 1.2 reads yes and on as text)";
  if (/^(no|n|off)$/i.test(value)) return "; write false (YAML 1.2 reads no and off as text)";
  return "";
}

export type Validated<T> = { ok: true; data: T } | { ok: false; problems: Problem[]; issues: SchemaProblem[] };

/** Validates a parsed YAML value and reports every issue, not only the first. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, parsed: ParsedYaml): Validated<z.infer<S>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  const issues = result.error.issues.flatMap((issue) => issueToSchemaProblems(schema, issue, parsed));
  issues.sort((a, b) => a.line - b.line || a.column - b.column);
  const problems = issues.map(({ file, line, column, message }) => ({ file, line, column, message }));
  return { ok: false, problems, issues };
}
