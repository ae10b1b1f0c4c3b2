import { parseDuration } from "../time.js";
import type { Config } from "../config/schema.js";
import type { RuleMeta, RuleSetting } from "./types.js";

export const DEFAULT_MAX_REVIEW_AGE = "180d";

/** A duration such as "180d", "12h" or "30m", in days (the default when malformed). */
export function durationDays(duration: string): number {
  return (parseDuration(duration) ?? parseDuration(DEFAULT_MAX_REVIEW_AGE) ?? 0) / 86_400_000;
}

/**
 * The severity a rule reports at under this config: `lint.rules` by exact id first, then by
 * `category/*`, then the rule's default. Rules that stop a file (yaml/*, schema/*) ignore it.
 */
export function ruleSettings(config: Config): (rule: RuleMeta) => RuleSetting {
  const rules = config.lint?.rules ?? {};
  return (rule) => {
    if (rule.fixed) return rule.severity;
    if (Object.hasOwn(rules, rule.id)) return rules[rule.id] ?? rule.severity;
    const wildcard = `${rule.id.split("/")[0] ?? ""}/*`;
    if (Object.hasOwn(rules, wildcard)) return rules[wildcard] ?? rule.severity;
    return rule.severity;
  };
}
