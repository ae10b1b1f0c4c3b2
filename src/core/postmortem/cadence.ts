import type { Facts } from "./facts.js";
import { severityAt, type SeverityPeriod } from "./severity-periods.js";
import type { Yardsticks } from "./targets.js";

/**
 * Update cadence: every public holding statement or update that names a next-update time is a
 * promise. A promise is kept when a later public update or final statement (one that is not the
 * same update cross-posted: its own next-update time differs) comes at or before the promised
 * time. A second holding statement (the long version on other channels, minutes later) is the same
 * first word, not the update it promised, so it keeps nothing. Replies, apologies and notices
 * neither make nor keep promises (journals from before the kind was recorded: every public
 * statement counts, as it did then).
 */

const CADENCE_KINDS = new Set(["holding", "update", "final"]);

/** The statements that make and keep promises. */
function cadenceStatements(statements: Facts["published"]): Facts["published"] {
  return statements.filter((s) => s.kind === undefined || CADENCE_KINDS.has(s.kind));
}

type PromiseOutcome = "kept" | "late" | "broken" | "closed" | "pending";

export interface UpdatePromise {
  made_at: number;
  channel: string;
  due: number;
  outcome: PromiseOutcome;
  /** The next public update, if there was one. */
  next_at?: number;
  /** How late the next update was (late), in ms. */
  late_ms?: number;
}

export interface UpdateGap {
  start: number;
  end: number;
  ms: number;
  /** The update interval for the severity in effect when the gap began. */
  target_ms?: number;
  target_text?: string;
}

export function publicStatements(facts: Facts): Facts["published"] {
  return facts.published.filter((p) => p.audience === "public").sort((a, b) => a.at - b.at || a.seq - b.seq);
}

export function updatePromises(facts: Facts, all: Facts["published"]): UpdatePromise[] {
  const statements = cadenceStatements(all);
  const runOf = stepRunIndex(facts);
  const runs = statements.map((s) => runOf(s.at));
  // Does statements[j] keep the promise of statements[i]? It must be a new update: from a later
  // pass through the steps when the journal has them (a cross-post, even drafted a minute later
  // with another time, is the same update), else one whose own promise differs; never a holding
  // statement.
  const keeps = (i: number, j: number): boolean => {
    const [maker, next] = [statements[i], statements[j]];
    if (!maker || !next || next.kind === "holding") return false;
    const [a, b] = [runs[i] ?? -1, runs[j] ?? -1];
    return a >= 0 && b >= 0 ? b > a : next.due !== maker.due;
  };
  const seen = new Set<number>();
  const promises: UpdatePromise[] = [];
  statements.forEach((s, i) => {
    if (s.due === null || seen.has(s.due)) return;
    seen.add(s.due);
    let j = i + 1;
    while (j < statements.length && !keeps(i, j)) j++;
    const next = statements[j];
    const promise: UpdatePromise = { made_at: s.at, channel: s.channel, due: s.due, outcome: "broken" };
    if (next) promise.next_at = next.at;
    if (next && next.at <= s.due) promise.outcome = "kept";
    else if (facts.resolved && facts.resolved.at <= s.due) promise.outcome = "closed";
    else if (next) {
      promise.outcome = "late";
      promise.late_ms = next.at - s.due;
    } else if (!facts.resolved && (facts.lastAt ?? 0) < s.due) promise.outcome = "pending";
    promises.push(promise);
  });
  return promises;
}

/** Which pass through the steps a time falls in (an index into the step runs), or -1 outside any. */
function stepRunIndex(facts: Facts): (at: number) => number {
  // Runs follow one another in journal order; sorted by start, the last run starting at or before
  // a time is the only one that can hold it.
  const order = facts.stepRuns.map((r, k) => ({ start: r.start, end: r.end, k })).sort((x, y) => x.start - y.start);
  return (at) => {
    let lo = 0;
    let hi = order.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((order[mid]?.start ?? Infinity) <= at) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const run = order[found];
    return run && at <= run.end ? run.k : -1;
  };
}

export function updateGaps(
  all: Facts["published"],
  periods: readonly SeverityPeriod[],
  yardsticks: Yardsticks,
): UpdateGap[] {
  const statements = cadenceStatements(all);
  const gaps: UpdateGap[] = [];
  for (let i = 1; i < statements.length; i++) {
    const a = statements[i - 1];
    const b = statements[i];
    if (!a || !b) continue;
    const severity = severityAt(periods, a.at);
    const target = severity ? yardsticks.targets[severity]?.update_interval : undefined;
    const gap: UpdateGap = { start: a.at, end: b.at, ms: b.at - a.at };
    if (target) {
      gap.target_ms = target.ms;
      gap.target_text = target.text;
    }
    gaps.push(gap);
  }
  return gaps;
}
