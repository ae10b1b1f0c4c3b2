import type { MessageTemplate } from "../templates/parse.js";
import { explainIssues } from "./explain-yaml.js";
import { textLocator } from "./place.js";
import type { Report, Session, TemplateRule, TemplateScope, Where } from "./rule.js";
import { TEMPLATE_RULES } from "./rules/index.js";
import { reportLayer, type Crash } from "./lint-yaml.js";
import { rule } from "./rules/index.js";
import { templateEntryOf, templateOf, type Entry } from "./session.js";
import { bodyDirectives, yamlDirectives, type DirectiveParse } from "./suppress.js";

/** The front matter lines of a template file (line 2 up to the closing ---), for placing keys and comments. */
function frontMatter(text: string, template: MessageTemplate): { text: string; firstLine: number } {
  const lines = text.split(/\r?\n/);
  return { text: lines.slice(1, Math.max(1, template.bodyLine - 2)).join("\n"), firstLine: 2 };
}

function metaLocator(file: string, text: string, template: MessageTemplate): (key: string) => Where {
  const fm = frontMatter(text, template);
  const at = textLocator(file, fm.text, fm.firstLine);
  return (key) => {
    const m = new RegExp(`^${key}[ \\t]*:[ \\t]*`, "m").exec(fm.text);
    if (!m) return { file, line: 1, column: 1 };
    const start = m.index + m[0].length;
    const end = fm.text.indexOf("\n", start);
    return at(start, (end === -1 ? fm.text.length : end) - start);
  };
}

/** Lints a message template: front matter (YAML and schema), tags, and the template rules. Returns its suppression comments. */
export function lintTemplate(
  entry: Entry,
  text: string,
  session: Session,
  report: Report,
  crash: Crash,
): DirectiveParse[] {
  const parse = templateOf(entry);
  const template = parse?.template;
  if (!parse || !template) {
    const issues = explainIssues(parse?.issues ?? [], text.split("\n"), entry.path);
    for (const issue of issues) {
      reportLayer([issue], "path" in issue ? "schema" : "yaml", report);
    }
    if (issues.length === 0) {
      for (const p of parse?.problems ?? [])
        report(rule("schema/missing-key"), { file: p.file, line: p.line, column: p.column }, p.message);
    }
    return [];
  }
  const own = templateEntryOf(entry);
  const scope: TemplateScope = {
    session,
    file: entry.path,
    template,
    variables: own?.variables,
    ...(own?.syntaxError ? { syntaxError: own.syntaxError } : {}),
    atBody: textLocator(entry.path, template.body, template.bodyLine),
    atMeta: metaLocator(entry.path, text, template),
  };
  for (const r of [...TEMPLATE_RULES, ...session.extraRules.filter((x): x is TemplateRule => x.scope === "template")]) {
    try {
      r.check(scope, report);
    } catch (error) {
      crash(r, error);
    }
  }
  const fm = frontMatter(text, template);
  const atBody = textLocator(entry.path, template.body, template.bodyLine);
  return [
    ...yamlDirectives(fm.text, textLocator(entry.path, fm.text, fm.firstLine)),
    ...bodyDirectives(template.body, atBody),
  ];
}
