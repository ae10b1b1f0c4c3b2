import { positionOf, type ParsedYaml, type YamlProblem } from "../yaml/parse.js";

/**
 * The YAML layer's problems in the words of someone editing a playbook, not a parser's: a tab, a
 * colon inside a value, a line indented one step too far, "&" where "and" was meant. One mistake
 * makes a parser report several errors as it loses its way; only the first is kept (each tab
 * used as indentation is its own mistake, and hides the rest).
 */
export function explainYaml(parsed: ParsedYaml): YamlProblem[] {
  if (parsed.issues.length === 0) return mergeKeys(parsed);
  return explainIssues(parsed.issues, parsed.text.split("\n"), parsed.file);
}

/** The same for problems already placed in a file's lines (a template's front matter). */
export function explainIssues<T extends { code: string; line: number; column: number; message: string }>(
  issues: readonly T[],
  lines: readonly string[],
  file: string,
): T[] {
  const syntax = issues.filter((i) => i.code === "syntax");
  // A parser that lost its way also reports keys it misread (complex keys, duplicates): only syntax counts.
  if (syntax.length === 0) return [...issues];
  const tabs = tabIndented(lines, file);
  if (tabs.length > 0) return tabs as unknown as T[];
  const first = [...syntax].sort((a, b) => a.line - b.line || a.column - b.column)[0];
  return first ? [explain(first as unknown as YamlProblem, lines) as unknown as T] : [];
}

const MAX_TABS = 20;

/** Lines whose indentation holds a tab, each one finding at the tab. */
function tabIndented(lines: readonly string[], file: string): YamlProblem[] {
  const out: YamlProblem[] = [];
  lines.forEach((text, i) => {
    const m = /^([ ]*)\t/.exec(text);
    if (!m || out.length >= MAX_TABS) return;
    const column = (m[1]?.length ?? 0) + 1;
    out.push({
      file,
      line: i + 1,
      column,
      endLine: i + 1,
      endColumn: column + 1,
      code: "syntax",
      message:
        "this line is indented with a tab; YAML indents with spaces only, so expected spaces here (two per level in crisis files)",
    });
  });
  return out;
}

function explain(issue: YamlProblem, lines: readonly string[]): YamlProblem {
  const text = lines[issue.line - 1] ?? "";
  const rest = text.slice(issue.column - 1);
  const raw = issue.message;
  if (/Nested mappings are not allowed in compact mappings|Implicit keys need to be on a single line/.test(raw)) {
    if (!text.includes(":")) {
      return {
        ...issue,
        message: `"${clip(text.trim())}" is not key: value; expected a colon and a space after the key (key: value), or a list item starting with "- "`,
      };
    }
    const colon = /^[^#"']*?:\s/.exec(rest);
    if (colon && /^\s*(?:-\s+)?[A-Za-z_][\w-]*:\s/.test(text)) {
      const value = rest.replace(/\s+#.*$/, "").trimEnd();
      return {
        ...issue,
        endLine: issue.line,
        endColumn: issue.column + value.length,
        message: `the value "${clip(value)}" contains ": " (a colon and a space), which YAML reads as the start of another key; expected the text in quotes: "${clip(value.replace(/"/g, '\\"'))}"`,
      };
    }
    const next = nextContentLine(lines, issue.line);
    const indent = /^ */.exec(lines[next - 1] ?? "")?.[0].length ?? 0;
    const keyColumn = /^\s*(?:-\s+)?/.exec(text)?.[0].length ?? 0;
    if (next !== -1 && !/:/.test(rest) && indent > keyColumn) {
      return {
        ...issue,
        line: next,
        column: indent + 1,
        endLine: next,
        endColumn: indent + 2,
        message: `this line is indented ${indent} spaces, more than the key "${clip(text.trim().split(":")[0] ?? "")}" above it, so YAML reads both lines as one key; expected it at column ${keyColumn + 1}, where the keys of this map start`,
      };
    }
  }
  if (/Anchor cannot be an empty string/.test(raw) || (rest.startsWith("&") && /anchor/i.test(raw))) {
    return {
      ...issue,
      message:
        '"&" at the start of a value begins a YAML anchor; in text write "and", or put the whole value in quotes ("Legal & PR")',
    };
  }
  if (/All mapping items must start at the same column|All collection items must start at the same column/.test(raw)) {
    return { ...issue, message: `${raw}; expected this line at the same column as the keys (or "- " items) around it` };
  }
  return issue;
}

function nextContentLine(lines: readonly string[], after: number): number {
  for (let n = after + 1; n <= lines.length; n++) {
    const t = lines[n - 1] ?? "";
    if (t.trim() !== "" && !t.trim().startsWith("#")) return n;
  }
  return -1;
}

const MERGE_KEY = /^([ \t]*(?:-[ \t]+)?)<<[ \t]*:/gm;

/**
 * YAML 1.1 merge keys (`<<: *defaults`). crisis reads YAML 1.2, where `<<` is an ordinary key, and
 * editors that expand it would show a file crisis reads differently, so both refuse it. A text scan,
 * run only when the text has "<<" at all.
 */
function mergeKeys(parsed: ParsedYaml): YamlProblem[] {
  if (!parsed.text.includes("<<")) return [];
  const out: YamlProblem[] = [];
  for (const m of parsed.text.matchAll(MERGE_KEY)) {
    const offset = m.index + (m[1]?.length ?? 0);
    const at = positionOf(parsed.lines, offset);
    out.push({
      file: parsed.file,
      ...at,
      endLine: at.line,
      endColumn: at.column + 2,
      code: "merge-key",
      message:
        'merge keys ("<<") are not supported: crisis reads YAML 1.2, where "<<" is an ordinary key, so editors that expand it would show you a different file than crisis runs; expected the keys written out (an alias of a whole value, such as *defaults, is fine)',
    });
  }
  return out;
}

function clip(s: string, max = 50): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
