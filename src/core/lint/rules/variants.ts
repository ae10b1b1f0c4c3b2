import { splitVariant } from "../../templates/variants.js";
import type { TemplateVariable } from "../../templates/render.js";
import type { Session, TemplateEntry, TemplateRule } from "../rule.js";

/**
 * Language variants (holding-statement.da.txt beside holding-statement.txt) are linted like any
 * template: the playbook rules that check a message's template (lengths per channel, unknown
 * variables) check each variant too, and this rule checks that a variant can stand in for its
 * base: the base exists (it is the fallback), the variables are the same, and so are the kind and
 * audience (they decide approvals and promises).
 */

const byBase = new WeakMap<Session, Map<string, string[]>>();

/** The template a playbook names and its language variants (the base first). */
export function withVariants(session: Session, id: string): TemplateEntry[] {
  let index = byBase.get(session);
  if (!index) {
    index = new Map();
    // By id only: the variants are parsed when a playbook meets them, not every template up front.
    for (const key of session.templates.keys()) {
      const { base, language } = splitVariant(key);
      if (language !== undefined) index.set(base, [...(index.get(base) ?? []), key]);
    }
    byBase.set(session, index);
  }
  const base = session.templates.get(id);
  const variants = (index.get(id) ?? []).map((key) => session.templates.get(key)).filter((t) => t !== undefined);
  return [...(base ? [base] : []), ...variants];
}

type WithVariables = { variables?: readonly TemplateVariable[] | undefined };
const names = (t: WithVariables) => new Set((t.variables ?? []).filter((v) => !v.section).map((v) => v.name));
const sections = (t: WithVariables) => new Set((t.variables ?? []).map((v) => v.name));

const variantMismatch: TemplateRule = {
  id: "vars/variant-mismatch",
  severity: "error",
  scope: "template",
  description:
    "A language variant (name.da.txt) that cannot stand in for its template: no template in the default language beside it (the fallback), a variable the default-language text does not use, a variable it leaves out, or another kind, audience or language.",
  fix: "Keep name.txt beside name.da.txt, and give the variant the same {{variables}}, kind and audience: it is the same message in another language.",
  check(s, report) {
    const { base, language } = splitVariant(s.template.id);
    if (language === undefined) return;
    const original = s.session.templates.get(base);
    if (!original) {
      report(
        variantMismatch,
        { file: s.file, line: 1, column: 1 },
        `language variant ${s.template.id} has no template ${base} beside it; expected ${base.split("/").at(-1)}.txt in the default language, which brands in other languages fall back to`,
      );
      return;
    }
    if (!original.template || !original.variables || !s.variables) return;
    if (s.template.meta.language !== undefined && s.template.meta.language.toLowerCase() !== language.toLowerCase())
      report(
        variantMismatch,
        s.atMeta("language"),
        `language: ${s.template.meta.language} differs from the file name's ${language}; expected the same tag (or no language: line)`,
      );
    for (const key of ["kind", "audience"] as const) {
      if (s.template.meta[key] !== original.template.meta[key])
        report(
          variantMismatch,
          s.atMeta(key),
          `${key}: ${s.template.meta[key]} differs from ${base}'s ${original.template.meta[key]}; expected the same ${key} in every language`,
        );
    }
    const mine = sections(s);
    const theirs = sections(original);
    for (const v of s.variables) {
      if (theirs.has(v.name)) continue;
      theirs.add(v.name); // once per name
      report(
        variantMismatch,
        s.atBody(v.offset, v.name.length + 4),
        `{{${v.name}}} is not in ${base}; expected only the variables of the default-language text, which the playbooks answer`,
      );
    }
    const missing = [...names(original)].filter((n) => !mine.has(n));
    if (missing.length > 0)
      report(
        variantMismatch,
        s.atBody(0, 0),
        `leaves out ${missing.map((n) => `{{${n}}}`).join(", ")}, which ${base} says; expected the same facts in every language`,
      );
  },
};

export const VARIANT_RULES = [variantMismatch];
