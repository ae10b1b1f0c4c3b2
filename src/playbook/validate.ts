import type { z } from "zod";
import type { Problem } from "../errors.js";
import { locate, type ParsedYaml } from "../yaml/parse.js";
import { suggest } from "../util/suggest.js";

type Issue = z.core.$ZodIssue;

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

function shapeKeys(schema: z.ZodType | undefined): string[] {
  const def = (schema as { _zod?: { def?: Record<string, unknown> } } | undefined)?._zod?.def;
  return def?.type === "object" ? Object.keys(def.shape as object) : [];
}

function received(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  if (typeof value === "string") return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
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

/** Turns each zod issue into a one-line problem at the exact place in the file. */
export function issueToProblems(schema: z.ZodType, issue: Issue, parsed: ParsedYaml): Problem[] {
  const path = issue.path;
  const where = path.length > 0 ? `${path.join(".")}: ` : "";
  if (issue.code === "unrecognized_keys") {
    const known = knownKeys(schema, path, parsed.value);
    return issue.keys.map((key) => {
      const hint = suggest(key, known);
      return {
        file: parsed.file,
        ...locate(parsed, [...path, key], "key"),
        message: `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}; expected one of: ${known.join(", ")}`,
      };
    });
  }
  const value = valueAt(parsed.value, path);
  let message = issue.message;
  if (issue.code === "invalid_type") {
    message =
      value === undefined
        ? `missing required key "${String(path[path.length - 1])}" (expected ${issue.expected})`
        : `expected ${issue.expected}, got ${received(value)}`;
  } else if (issue.code === "invalid_value") {
    message = `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, got ${received(value)}`;
    const hint = typeof value === "string" ? suggest(value, issue.values.map(String)) : undefined;
    if (hint) message += ` (did you mean "${hint}"?)`;
  } else if (issue.code === "invalid_union") {
    message = `expected ${describeUnion(issue)}, got ${received(value)}`;
  }
  const at = value === undefined && path.length > 0 ? path.slice(0, -1) : path;
  return [{ file: parsed.file, ...locate(parsed, at, value === undefined ? "key" : "value"), message: `${where}${message}` }];
}

function describeUnion(issue: Extract<Issue, { code: "invalid_union" }>): string {
  const first = issue.errors[0]?.[0];
  return first?.code === "invalid_type" ? `${first.expected} or another accepted form` : "one of the accepted forms";
}

export type Validated<T> = { ok: true; data: T } | { ok: false; problems: Problem[] };

/** Validates a parsed YAML value and reports every issue, not only the first. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, parsed: ParsedYaml): Validated<z.infer<S>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  const problems = result.error.issues.flatMap((issue) => issueToProblems(schema, issue, parsed));
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: false, problems };
}
