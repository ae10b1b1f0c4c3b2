import type { Problem } from "../../errors.js";
import type { TemplateMeta } from "../playbook/schema.js";
import { validateTemplateMeta } from "../playbook/schema-on-demand.js";
import type { SchemaProblem, Validated } from "../yaml/validate.js";
import { parseYaml, type ParsedYaml, type YamlProblem } from "../yaml/parse.js";

export const TEMPLATE_EXTENSION = ".txt";

/**
 * Validates the front matter. The default, for the linter, is the quick check with zod loaded on
 * demand (core/playbook/schema-on-demand.ts); the other commands pass zod's schema (meta-schema.ts).
 */
export type MetaCheck = (value: unknown, parsed: ParsedYaml) => Validated<TemplateMeta>;

export interface MessageTemplate {
  /** Path under messages/ without the extension, e.g. data-breach/holding-statement. */
  id: string;
  file: string;
  meta: TemplateMeta;
  body: string;
  /** The 1-based line of the file where the body starts, for positions in findings. */
  bodyLine: number;
  source: "bundled" | "local";
}

export interface TemplateParse {
  template?: MessageTemplate;
  problems: Problem[];
  /** The front matter's problems with their kind (YAML or schema), for the linter. */
  issues?: (YamlProblem | SchemaProblem)[];
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/**
 * Reads one template: YAML front matter between --- lines, then the message body. `parse` reads the
 * front matter: the linter passes its fast path, which gives the same result or defers to parseYaml.
 */
export function parseTemplate(
  text: string,
  file: string,
  id: string,
  source: MessageTemplate["source"],
  parse: (text: string, file: string) => ParsedYaml = parseYaml,
  checkMeta: MetaCheck = validateTemplateMeta,
): TemplateParse {
  const clean = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const match = FRONT_MATTER.exec(clean);
  if (!match) {
    return {
      problems: [{ file, line: 1, column: 1, message: "expected front matter between --- lines (title, kind, audience) before the message" }],
    };
  }
  const parsed = parse(match[1] ?? "", file);
  // Front matter starts on line 2 of the file.
  const shift = (p: Problem): Problem => ({ ...p, line: p.line + 1 });
  const shiftIssue = <T extends YamlProblem | SchemaProblem>(p: T): T => ({ ...p, line: p.line + 1, ...(p.endLine !== undefined ? { endLine: p.endLine + 1 } : {}) });
  if (parsed.problems.length > 0) return { problems: parsed.problems.map(shift), issues: parsed.issues.map(shiftIssue) };
  const meta = checkMeta(parsed.value ?? {}, parsed);
  if (!meta.ok) return { problems: meta.problems.map(shift), issues: meta.issues.map(shiftIssue) };
  const bodyLine = match[0].split("\n").length - (match[0].endsWith("\n") ? 1 : 0) + 1;
  const body = clean.slice(match[0].length).replace(/\r\n/g, "\n").replace(/\n+$/, "");
  return { template: { id, file, meta: meta.data, body, bodyLine, source }, problems: [] };
}

export interface TemplateSet {
  templates: Map<string, MessageTemplate>;
  problems: Problem[];
}
