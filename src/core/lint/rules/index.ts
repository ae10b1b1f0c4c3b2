import type { ConfigRule, PlaybookRule, Rule, TemplateRule, TextRule } from "../rule.js";
import type { RuleMeta } from "../types.js";
import { CHANNEL_RULES } from "./channel.js";
import { COVERAGE_RULES } from "./coverage.js";
import { FLOW_RULES } from "./flow.js";
import { HYGIENE_RULES } from "./hygiene.js";
import { PREAPPROVAL_RULES } from "./preapproval.js";
import { INTERNAL_RULES, SCHEMA_RULES, SUPPRESS_RULES, YAML_RULES } from "./layers.js";
import { REF_CONFIG_RULES, REF_RULES } from "./ref.js";
import { VARS_RULES } from "./vars.js";
import { VARIANT_RULES } from "./variants.js";
import { PROMPT_RULES } from "./prompt.js";
import { STEP_RULES } from "./traps.js";

/** Every check, in documentation order. A rule id may have checks in more than one scope. */
const ALL_RULES: readonly Rule[] = [
  ...YAML_RULES,
  ...SCHEMA_RULES,
  ...REF_RULES,
  ...REF_CONFIG_RULES,
  ...VARS_RULES,
  ...VARIANT_RULES,
  ...FLOW_RULES,
  ...PROMPT_RULES,
  ...STEP_RULES,
  ...COVERAGE_RULES,
  ...CHANNEL_RULES,
  ...HYGIENE_RULES,
  ...PREAPPROVAL_RULES,
  ...SUPPRESS_RULES,
  ...INTERNAL_RULES,
];

/** One entry per rule id: what --list-rules, docs/lint.md and SARIF describe. */
export const RULES: readonly RuleMeta[] = (() => {
  const seen = new Map<string, RuleMeta>();
  for (const rule of ALL_RULES) {
    if (seen.has(rule.id)) continue;
    const { id, severity, description, fix, fixed } = rule;
    seen.set(id, fixed ? { id, severity, description, fix, fixed } : { id, severity, description, fix });
  }
  return [...seen.values()];
})();

export const RULE_BY_ID: ReadonlyMap<string, RuleMeta> = new Map(RULES.map((r) => [r.id, r]));

/** A rule's metadata by id, for the layers that report without a check of their own. */
export function rule(id: string): RuleMeta {
  const found = RULE_BY_ID.get(id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
}

export const PLAYBOOK_RULES = ALL_RULES.filter((r): r is PlaybookRule => r.scope === "playbook");
export const TEMPLATE_RULES = ALL_RULES.filter((r): r is TemplateRule => r.scope === "template");
export const TEXT_RULES = ALL_RULES.filter((r): r is TextRule => r.scope === "text");
export const CONFIG_RULES = ALL_RULES.filter((r): r is ConfigRule => r.scope === "config");

/** Rules a comment can suppress: not the layers that stop a file, and not the suppression rules themselves. */
export function isSuppressible(id: string): boolean {
  const rule = RULE_BY_ID.get(id);
  return rule !== undefined && !rule.fixed && !id.startsWith("suppress/");
}
