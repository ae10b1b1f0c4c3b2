import { RULES } from "./rules/index.js";

/** Where docs/lint.md is published: SARIF's informationUri, and each rule's helpUri with its anchor. */
export const DOCS_URL = "https://crisis.dev/docs/lint.md";

/** A stable anchor per rule in docs/lint.md: ref/unknown-step → rule-ref-unknown-step. */
export function ruleAnchor(id: string): string {
  return `rule-${id.replace(/[^a-z0-9]+/g, "-")}`;
}

const CATEGORY_TITLES: Record<string, string> = {
  yaml: "YAML layer",
  schema: "Schema layer",
  ref: "References",
  vars: "Variables",
  flow: "Flow",
  prompt: "Prompts",
  step: "Steps",
  template: "Templates",
  severity: "Severity model",
  coverage: "Coverage",
  channel: "Channels",
  hygiene: "Hygiene",
  suppress: "Suppressions",
  internal: "Internal",
};

const cell = (text: string) => text.replace(/\|/g, "\\|");

/** The rule reference of docs/lint.md, generated from the catalog so the two cannot drift apart. */
export function rulesReference(): string {
  const out: string[] = [];
  for (const [category, title] of Object.entries(CATEGORY_TITLES)) {
    const rules = RULES.filter((r) => r.id.startsWith(`${category}/`));
    if (rules.length === 0) continue;
    out.push(`### ${title}`, "", "| Rule | Default | What it catches | How to fix |", "| --- | --- | --- | --- |");
    for (const r of rules)
      out.push(
        `| <a id="${ruleAnchor(r.id)}"></a>\`${r.id}\` | ${r.severity}${r.fixed ? " (fixed)" : ""} | ${cell(r.description)} | ${cell(r.fix)} |`,
      );
    out.push("");
  }
  return out.join("\n");
}
