import type { Config } from "../config/schema.js";
import type { Playbook } from "../playbook/model.js";
import { SEVERITIES } from "../playbook/levels.js";
import type { Severity } from "../playbook/schema.js";

export type ScoringAnswers = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface SeverityScore {
  level: Severity;
  scores: Record<string, number>;
  overrides: string[];
  /** Why the level is what it is, one line per dimension or override that counts. */
  reasons: string[];
}

const byScore: Severity[] = ["SEV4", "SEV3", "SEV2", "SEV1"];
export const rank = (s: Severity): number => 4 - SEVERITIES.indexOf(s); // SEV1 → 4, SEV4 → 1
const worse = (a: Severity, b: Severity): Severity => (rank(a) >= rank(b) ? a : b);

/**
 * Worst dimension wins, hard overrides force a minimum, and the playbook's floor applies. An
 * unanswered dimension counts as 2 (SEV2): when unsure, go higher. Sentiment (a `points`
 * dimension) is a soft signal: it counts for SEV1 only when another dimension is at SEV2 or
 * worse, so a sour but small conversation is never a critical crisis on its own.
 */
export function scoreSeverity(
  model: Playbook["severity"],
  answers: ScoringAnswers,
  baselines: Config["baselines"] = {},
): SeverityScore {
  const scores: Record<string, number> = {};
  const reasons: string[] = [];
  for (const dim of model.dimensions) {
    const answer = answers[dim.id];
    let score = 2;
    let why = "not known, so counted high";
    if (dim.kind === "choice") {
      const choice = dim.choices.find((c) => c.label === answer);
      if (choice) {
        score = choice.score;
        why = choice.label;
      }
    } else if (typeof answer === "number") {
      const base = dim.kind === "ratio" ? baselines?.mentions_per_hour : baselines?.negative_share;
      if (base === undefined) {
        why = `no baseline for ${dim.baseline} in crisis.config.yaml, so counted high`;
      } else {
        const measure = dim.kind === "ratio" ? answer / base : answer - base;
        score = dim.thresholds.filter((t) => measure >= t).length;
        why =
          dim.kind === "ratio"
            ? `${answer} is ${measure.toFixed(1)}× the baseline of ${base}`
            : `${answer}% is ${measure >= 0 ? "+" : ""}${measure.toFixed(0)} points against the baseline of ${base}%`;
      }
    }
    scores[dim.id] = score;
    reasons.push(`${dim.label}: ${byScore[score]} (${why})`);
  }
  const hard = Math.max(0, ...model.dimensions.filter((d) => d.kind !== "points").map((d) => scores[d.id] ?? 0));
  for (const dim of model.dimensions) {
    if (dim.kind !== "points" || scores[dim.id] !== 3 || hard >= 2) continue;
    scores[dim.id] = 2;
    reasons.push(`${dim.label} is a soft signal: it counts for SEV1 only with another dimension at SEV2 or worse`);
  }
  const fromScores = byScore[Math.max(0, ...Object.values(scores))] ?? "SEV4";
  let level: Severity = fromScores;
  const overrides: string[] = [];
  for (const o of model.overrides) {
    if (answers[o.id] === true) {
      overrides.push(o.id);
      level = worse(level, o.minimum);
      reasons.push(`${o.question} yes: at least ${o.minimum}`);
    }
  }
  if (rank(model.floor) > rank(level)) {
    reasons.push(`this playbook starts at ${model.floor}`);
    level = model.floor;
  }
  return { level, scores, overrides, reasons };
}
