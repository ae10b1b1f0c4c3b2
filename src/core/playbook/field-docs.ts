import { YAML_DATE } from "./json-schema.js";
/**
 * A field-by-field reference generated from the JSON Schema, so docs/playbook-format.md can never
 * miss a field: a test compares the committed reference with this output.
 */

export type JsonSchema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema | JsonSchema[];
  anyOf?: JsonSchema[];
  $comment?: string;
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  additionalProperties?: JsonSchema | boolean;
  pattern?: string;
  default?: unknown;
};

export interface FieldDoc {
  path: string;
  type: string;
  required: boolean;
  description: string;
}

/** The alternatives of a union that people write (not the date object YAML 1.1 readers make, see json-schema.ts). */
const optionsOf = (s: JsonSchema) => (s.anyOf ?? s.oneOf)?.filter((o) => o.$comment !== YAML_DATE);

function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" \\| ");
  const options = optionsOf(s);
  if (options) return [...new Set(options.map(typeOf))].join(" or ");
  if (s.type === "array") {
    const item = Array.isArray(s.items) ? s.items[0] : s.items;
    return item ? `list of ${typeOf(item)}` : "list";
  }
  if (s.type === "object") return s.properties ? "map" : "map of names to values";
  return Array.isArray(s.type) ? s.type.join(" or ") : (s.type ?? "any");
}

function walk(s: JsonSchema, path: string, required: boolean, out: FieldDoc[], seen: Map<string, FieldDoc>): void {
  if (path !== "") {
    const description = (s.description ?? "").replace(/\s+/g, " ");
    const known = seen.get(path);
    if (!known) {
      const doc = { path, type: typeOf(s), required, description };
      seen.set(path, doc);
      out.push(doc);
    } else {
      // The same field in another branch of a union (e.g. the kinds of severity dimension).
      const type = typeOf(s);
      if (!known.type.split(" or ").includes(type)) known.type = `${known.type} or ${type}`;
      if (description && !known.description.includes(description))
        known.description = `${known.description} ${description}`.trim();
    }
  }
  if (!s.anyOf && !s.oneOf && !s.properties && !s.items) return;
  for (const option of optionsOf(s) ?? []) walk(option, path, required, out, seen);
  if (s.properties) {
    for (const [key, child] of Object.entries(s.properties)) {
      // Per-severity maps repeat the same shape four times; document it once.
      const name = /^SEV[1-4]$/.test(key) ? "SEV1…SEV4" : key;
      walk(child, path ? `${path}.${name}` : name, (s.required ?? []).includes(key), out, seen);
    }
  }
  const item = Array.isArray(s.items) ? s.items[0] : s.items;
  if (item) walk(item, `${path}[]`, true, out, seen);
  if (typeof s.additionalProperties === "object") walk(s.additionalProperties, `${path}.<name>`, false, out, seen);
}

export function fieldDocs(schema: JsonSchema): FieldDoc[] {
  const out: FieldDoc[] = [];
  walk(schema, "", true, out, new Map());
  return out;
}

export function fieldTable(schema: JsonSchema): string {
  const escape = (t: string) => t.replace(/\|/g, "\\|");
  const rows = fieldDocs(schema).map(
    (f) =>
      `| \`${f.path}\` | ${escape(f.type).replace(/\\\\\|/g, "\\|")} | ${f.required ? "yes" : ""} | ${escape(f.description)} |`,
  );
  return ["| Field | Type | Required | Meaning |", "| --- | --- | --- | --- |", ...rows].join("\n");
}
