import { yamlLib } from "../yaml/yaml-lib.js";
import type { Where } from "./rule.js";

/**
 * Inline suppressions. In YAML (and a template's front matter) they are comments, found with the
 * YAML lexer so a "#" inside a quoted string never counts:
 *
 *   # crisis-lint-disable-next-line hygiene/eta-promise -- the regulator requires the date
 *   # crisis-lint-disable-line <ids> -- <reason>        (at the end of the line it applies to)
 *   # crisis-lint-disable <ids> -- <reason>  …  # crisis-lint-enable <ids>
 *   # crisis-lint-disable-file <ids> -- <reason>
 *
 * In a template's body they are Mustache comments, which render as nothing:
 * {{! crisis-lint-disable-next-line hygiene/eta-promise -- <reason> }}.
 * Rule ids may be category/*. Every directive but enable must give a reason after "--".
 */

const DIRECTIVE_KINDS = ["disable-next-line", "disable-line", "disable", "enable", "disable-file"] as const;
type DirectiveKind = (typeof DIRECTIVE_KINDS)[number];

export interface Directive {
  kind: DirectiveKind;
  rules: string[];
  reason: string | undefined;
  where: Where;
  /** 1-based line of the comment. */
  line: number;
}

export type DirectiveParse = { directive: Directive } | { invalid: string; where: Where };

const PREFIX = "crisis-lint-";

/** Reads one comment's text (without the # or {{! }}); undefined when it is not a directive. */
function parseDirective(comment: string, where: Where): DirectiveParse | undefined {
  const text = comment.trim();
  if (!text.startsWith(PREFIX)) return undefined;
  const m = /^crisis-lint-([a-z-]*)(.*)$/s.exec(text);
  const kind = m?.[1] ?? "";
  if (!(DIRECTIVE_KINDS as readonly string[]).includes(kind)) {
    return {
      invalid: `unknown directive "${PREFIX}${kind}"; expected ${DIRECTIVE_KINDS.map((k) => PREFIX + k).join(", ")}`,
      where,
    };
  }
  const rest = m?.[2] ?? "";
  const dash = rest.indexOf("--");
  const ids = (dash === -1 ? rest : rest.slice(0, dash)).split(/[\s,]+/).filter((s) => s !== "");
  const reason = dash === -1 ? undefined : rest.slice(dash + 2).trim() || undefined;
  if (ids.length === 0)
    return {
      invalid: `${PREFIX}${kind} names no rule; expected one or more rule ids, e.g. ${PREFIX}${kind} hygiene/todo -- <reason>`,
      where,
    };
  return { directive: { kind: kind as DirectiveKind, rules: ids, reason, where, line: where.line } };
}

/** Directives in the comments of YAML text. */
export function yamlDirectives(text: string, at: (offset: number, length: number) => Where): DirectiveParse[] {
  if (!text.includes(PREFIX)) return [];
  const out: DirectiveParse[] = [];
  let offset = 0;
  for (const token of new (yamlLib().Lexer)().lex(text)) {
    // The lexer marks document starts, flow ends and scalars with control tokens that are not in the source.
    if (token === "\x02" || token === "\x18" || token === "\x1f") continue;
    if (token.startsWith("#") && token.includes(PREFIX)) {
      const parsed = parseDirective(token.slice(1), at(offset, token.length));
      if (parsed) out.push(parsed);
    }
    offset += token.length;
  }
  return out;
}

/** Directives in the Mustache comments of a template's body. */
export function bodyDirectives(body: string, at: (offset: number, length: number) => Where): DirectiveParse[] {
  if (!body.includes(PREFIX)) return [];
  const out: DirectiveParse[] = [];
  for (const m of body.matchAll(/\{\{!([\s\S]*?)\}\}/g)) {
    const parsed = parseDirective(m[1] ?? "", at(m.index, m[0].length));
    if (parsed) out.push(parsed);
  }
  return out;
}

/** The 1-based lines a directive covers, given the file's lines and which of them are only comments. */
export function coveredLines(
  d: Directive,
  all: readonly Directive[],
  lineCount: number,
  isCommentOrBlank: (line: number) => boolean,
): (line: number, rule: string) => boolean {
  switch (d.kind) {
    case "disable-line":
      return (line) => line === d.line;
    case "disable-next-line": {
      let target = d.line + 1;
      while (target <= lineCount && isCommentOrBlank(target)) target++;
      return (line) => line === target;
    }
    case "disable-file":
      return () => true;
    case "disable": {
      // Each rule is disabled until the next enable that names it (or the end of the file).
      const ends = new Map<string, number>();
      for (const rule of d.rules) {
        const enable = all.find(
          (e) => e.kind === "enable" && e.line > d.line && (e.rules.includes(rule) || e.rules.includes("*")),
        );
        ends.set(rule, enable?.line ?? Number.POSITIVE_INFINITY);
      }
      return (line, rule) => line >= d.line && line <= (ends.get(rule) ?? Number.POSITIVE_INFINITY);
    }
    default:
      return () => false;
  }
}

/** Whether a directive's rule id (exact, or category/*) covers a finding's rule. */
export function matchesRule(pattern: string, rule: string): boolean {
  if (pattern === rule) return true;
  return pattern.endsWith("/*") && rule.startsWith(pattern.slice(0, -1));
}
