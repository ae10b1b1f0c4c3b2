import type { Finding, LintResult } from "../../core/lint/types.js";

/**
 * What `crisis lint` checks by default in a team's repository. The team controls its config, its
 * own playbooks and templates, and the context the bundled playbooks run in: the brand's facts and
 * the channel settings fill their messages, and its templates replace theirs. So besides the team's
 * files, every bundled playbook the team has not replaced is linted in that context, and only the
 * findings the context can cause are kept (a long brand name pushing a holding statement over X's
 * limit, a replaced template using a variable the playbook does not give). A bundled playbook's
 * own review date or wording is the crisis maintainers' business, not a reason to fail the team's CI.
 */

/** Rules whose outcome on a bundled playbook depends on the team's config and templates. */
const CONTEXT_RULES = /^(channel|vars|ref)\//;
const NOT_CONTEXT = new Set(["channel/no-example"]);

const dependsOnTeam = (rule: string): boolean => CONTEXT_RULES.test(rule) && !NOT_CONTEXT.has(rule);

/** The playbook and spine ids a set of YAML texts declare at their top level (`id: data-breach`, `spine: common`). */
export function declaredIds(texts: readonly string[]): { playbooks: Set<string>; spines: Set<string> } {
  const playbooks = new Set<string>();
  const spines = new Set<string>();
  for (const text of texts) {
    const spine = /^spine\s*:\s*["']?([A-Za-z0-9_-]+)/m.exec(text)?.[1];
    if (spine !== undefined) spines.add(spine);
    else {
      const id = /^id\s*:\s*["']?([A-Za-z0-9_-]+)/m.exec(text)?.[1];
      if (id !== undefined) playbooks.add(id);
    }
  }
  return { playbooks, spines };
}

/** A bundled file's id and kind, from its place: playbooks/data-breach.yaml, playbooks/spine/common.yaml. */
export function bundledFile(file: string): { id: string; spine: boolean } {
  const parts = file.split(/[\\/]+/);
  return { id: (parts.at(-1) ?? file).replace(/\.ya?ml$/, ""), spine: parts.at(-2) === "spine" };
}

/** Where the team can act on a finding in a bundled file. */
function remedy(file: string): string {
  const { id, spine } = bundledFile(file);
  const copy = spine
    ? `copy the shared steps with crisis init --spine`
    : `customise the playbook with crisis init --playbooks ${id}`;
  return `bundled ${spine ? "spine" : "playbook"} ${id} with this repository's config and templates: change the brand's facts or channel settings in crisis.config.yaml, or ${copy}`;
}

/**
 * Keeps, of the findings in bundled files, those the team's context caused, each saying where the
 * team can act; findings in the team's own files are kept as they are.
 */
export function teamFindings(result: LintResult, bundled: ReadonlySet<string>): LintResult {
  const keep = (f: Finding) => !bundled.has(f.file) || dependsOnTeam(f.rule);
  const explain = (f: Finding): Finding =>
    bundled.has(f.file)
      ? {
          ...f,
          message: `${f.message} (${remedy(f.file)})`,
        }
      : f;
  return {
    ...result,
    findings: result.findings.filter(keep).map(explain),
    suppressed: result.suppressed.filter(keep),
  };
}
