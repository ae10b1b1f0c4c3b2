import type { Severity } from "../playbook/schema.js";
import { approvalRecords, firstResponse, type ApprovalRecord } from "./approvals.js";
import { publicStatements, updateGaps, updatePromises, type UpdateGap, type UpdatePromise } from "./cadence.js";
import { conversationMetrics, spreadMetrics } from "./conversation-metrics.js";
import type { Facts } from "./facts.js";
import { maxOf, NOT_RECORDED, plain, type Metric, type MetricStatus } from "./metric.js";
import {
  highestSeverity,
  severityAt,
  severityPeriods,
  timeInSeverity,
  type SeverityPeriod,
} from "./severity-periods.js";
import type { ResolvedTarget, Yardsticks } from "./targets.js";
import { formatNumber, median } from "./numbers.js";
import { formatDuration, utcSpan } from "../time.js";

/**
 * Every post-mortem metric, computed from the journal alone, each beside its target with met or
 * missed. A metric whose events are missing (or whose times are out of order) is "not recorded",
 * never a guess. docs/postmortem.md gives each formula.
 */

export type { Metric } from "./metric.js";

export interface MetricsResult {
  metrics: Metric[];
  periods: SeverityPeriod[];
  highest?: Severity;
  statements: Facts["published"];
  /** The first public response: the first public statement published after its approvals. */
  first?: Facts["published"][number];
  /** Public statements published before their approvals were complete. */
  unapproved: Facts["published"];
  promises: UpdatePromise[];
  gaps: UpdateGap[];
  approvals: ApprovalRecord[];
}

const NO_PROMISES = "no holding statement, update or final statement promised a next update";

type Known = { at: number; name: string } | { missing: string };
const known = (at: number | undefined, name: string): Known => (at === undefined ? { missing: name } : { at, name });

const fromTarget = (t: ResolvedTarget | undefined): Metric["target"] =>
  t ? { value: t.ms / 1000, display: formatDuration(t.ms), source: t.source } : null;

function duration(id: string, label: string, from: Known, to: Known, target: Metric["target"], note?: string): Metric {
  const base = { id, label, unit: "seconds" as const, target };
  if ("missing" in from || "missing" in to) {
    const missing = ["missing" in from ? from.missing : undefined, "missing" in to ? to.missing : undefined]
      .filter(Boolean)
      .map((m) => `no ${m}`)
      .join(" and ");
    return { ...base, value: null, display: NOT_RECORDED, status: "not recorded", note: `the journal has ${missing}` };
  }
  if (to.at < from.at) {
    return {
      ...base,
      value: null,
      display: NOT_RECORDED,
      status: "not recorded",
      note: `the recorded times are out of order: ${to.name} is before ${from.name}`,
    };
  }
  const ms = to.at - from.at;
  const status: MetricStatus = target ? (ms / 1000 <= target.value ? "met" : "missed") : "no target";
  const full = [utcSpan(from.at, to.at), note].filter(Boolean).join("; ");
  return { ...base, value: ms / 1000, display: formatDuration(ms), status, note: full };
}

export function computeMetrics(facts: Facts, yardsticks: Yardsticks): MetricsResult {
  const periods = severityPeriods(facts);
  const statements = publicStatements(facts);
  const promises = updatePromises(facts, statements);
  const gaps = updateGaps(statements, periods, yardsticks);
  const approvals = approvalRecords(facts);
  const m = facts.milestones;
  const impactStarted = known(m.impact_started?.first.at, "impact_started milestone");
  const detected = known(m.detected?.first.at, "detected milestone");
  const declared = known(facts.declared?.at, "declared event");
  const resolved = known(facts.resolved?.at, "resolved event");
  const { first, unapproved } = firstResponse(statements, approvals);
  const metrics: Metric[] = [];

  metrics.push(
    duration(
      "time_to_detect",
      "Time to detect",
      impactStarted,
      detected,
      null,
      m.impact_started?.first.estimated ? "impact start is an estimate" : undefined,
    ),
  );
  metrics.push(duration("time_to_declare", "Time to declare", detected, declared, null));
  const contain = yardsticks.contain;
  metrics.push(
    duration(
      "time_to_contain",
      "Time to contain: content paused",
      declared,
      known(m.content_paused?.first.at, "content_paused milestone"),
      contain ? { value: contain.ms / 1000, display: formatDuration(contain.ms), source: "playbook" } : null,
    ),
  );

  const firstSeverity = first ? severityAt(periods, first.at) : undefined;
  const firstTarget = firstSeverity ? yardsticks.targets[firstSeverity]?.first_response : undefined;
  const alsoFrom = [
    first && m.detected && first.at >= m.detected.first.at
      ? `${formatDuration(first.at - m.detected.first.at)} after detection`
      : undefined,
    first && m.impact_started && first.at >= m.impact_started.first.at
      ? `${formatDuration(first.at - m.impact_started.first.at)} after impact began`
      : undefined,
    firstSeverity ? `target for ${firstSeverity}` : undefined,
  ].filter(Boolean);
  metrics.push(
    duration(
      "time_to_first_response",
      "Time to first public response",
      declared,
      known(first?.at, "public statement"),
      fromTarget(firstTarget),
      alsoFrom.length > 0 ? alsoFrom.join("; ") : undefined,
    ),
  );

  const latencies = approvals.flatMap((a) => (a.latency_ms === undefined ? [] : [a.latency_ms]));
  const pendingApprovals = approvals.length - latencies.length;
  const medianLatency = median(latencies);
  metrics.push(
    medianLatency === undefined
      ? plain(
          "approval_latency",
          "Approval latency",
          "seconds",
          null,
          NOT_RECORDED,
          approvals.length > 0 ? "no request was fully approved" : "no approval requests in the journal",
        )
      : plain(
          "approval_latency",
          "Approval latency, median",
          "seconds",
          medianLatency / 1000,
          formatDuration(medianLatency),
          `longest ${formatDuration(maxOf(latencies))} over ${latencies.length} approved text${latencies.length === 1 ? "" : "s"}${pendingApprovals > 0 ? `; ${pendingApprovals} never fully approved` : ""}`,
        ),
  );

  const drafted = statements.flatMap((s) => {
    const d = facts.drafts.get(s.hash);
    return d && s.at >= d.at ? [s.at - d.at] : [];
  });
  const medianDraft = median(drafted);
  metrics.push(
    medianDraft === undefined
      ? plain(
          "draft_to_publish",
          "Draft to publish",
          "seconds",
          null,
          NOT_RECORDED,
          "no public statement has its draft in the journal",
        )
      : plain(
          "draft_to_publish",
          "Draft to publish, median",
          "seconds",
          medianDraft / 1000,
          formatDuration(medianDraft),
          `longest ${formatDuration(maxOf(drafted))}`,
        ),
  );

  metrics.push(...cadenceMetrics(facts, promises, gaps));

  metrics.push(
    duration(
      "time_to_mitigate",
      "Time to mitigate",
      detected,
      known(m.mitigated?.first.at, "mitigated milestone"),
      null,
    ),
  );
  metrics.push(duration("time_to_resolve", "Time to resolve", declared, resolved, null));
  metrics.push(
    duration(
      "impact_duration",
      "Impact duration",
      impactStarted,
      known(m.impact_ended?.last.at, "impact_ended milestone"),
      null,
    ),
  );
  metrics.push(duration("total_duration", "Total duration, impact began to resolved", impactStarted, resolved, null));

  const highest = highestSeverity(facts);
  const inSeverity = timeInSeverity(periods);
  if (inSeverity.length === 0)
    metrics.push(
      plain(
        "time_in_severity",
        "Time in each severity",
        "seconds",
        null,
        NOT_RECORDED,
        "no declared or severity_changed events",
      ),
    );
  for (const t of inSeverity) {
    metrics.push(
      plain(
        `time_in_${t.severity.toLowerCase()}`,
        `Time in ${t.severity}`,
        "seconds",
        t.ms / 1000,
        formatDuration(t.ms),
        t.open ? "not resolved: counted to the last journal entry" : undefined,
      ),
    );
  }

  metrics.push(...conversationMetrics(facts, yardsticks));
  metrics.push(...spreadMetrics(facts, statements));
  return {
    metrics,
    periods,
    ...(highest ? { highest } : {}),
    statements,
    ...(first ? { first } : {}),
    unapproved,
    promises,
    gaps,
    approvals,
  };
}

/** How the promises ended: kept, late and broken are judged; the others had not fallen due. */
function promiseCounts(promises: readonly UpdatePromise[]) {
  const count = (o: UpdatePromise["outcome"]) => promises.filter((p) => p.outcome === o).length;
  return {
    kept: count("kept"),
    late: count("late"),
    broken: count("broken"),
    notDue: count("closed") + count("pending"),
  };
}

function cadenceMetrics(facts: Facts, promises: UpdatePromise[], gaps: UpdateGap[]): Metric[] {
  const out: Metric[] = [];
  const { kept, late, broken, notDue } = promiseCounts(promises);
  const judged = kept + late + broken;
  const notDueText = notDue > 0 ? `${notDue} not yet due when the journal ends or the crisis was resolved` : "";
  if (judged === 0) {
    out.push(
      plain(
        "promises_kept",
        "Update promises kept",
        "percent",
        null,
        NOT_RECORDED,
        promises.length > 0 ? `no promised update fell due before the end (${notDueText})` : NO_PROMISES,
      ),
    );
  } else {
    const pct = (100 * kept) / judged;
    const worstLate = maxOf(promises.flatMap((p) => (p.late_ms === undefined ? [] : [p.late_ms])));
    out.push({
      id: "promises_kept",
      label: "Update promises kept",
      unit: "percent",
      value: Math.round(pct * 10) / 10,
      display: `${kept} of ${judged}, ${formatNumber(pct)}%`,
      target: { value: 100, display: "every promise", source: "fixed" },
      status: kept === judged ? "met" : "missed",
      note:
        [
          late > 0 ? `${late} late (the latest by ${formatDuration(worstLate)})` : "",
          broken > 0 ? `${broken} broken (no update followed)` : "",
          notDueText,
        ]
          .filter(Boolean)
          .join("; ") || undefined,
    });
  }
  const longest = gaps.reduce<UpdateGap | undefined>((a, g) => (!a || g.ms > a.ms ? g : a), undefined);
  if (!longest)
    out.push(
      plain(
        "longest_update_gap",
        "Longest gap between public updates",
        "seconds",
        null,
        NOT_RECORDED,
        "fewer than two public statements",
      ),
    );
  else {
    const target =
      longest.target_ms === undefined
        ? null
        : { value: longest.target_ms / 1000, display: formatDuration(longest.target_ms), source: "fixed" as const };
    out.push({
      id: "longest_update_gap",
      label: "Longest gap between public updates",
      unit: "seconds",
      value: longest.ms / 1000,
      display: formatDuration(longest.ms),
      target,
      status: target ? (longest.ms / 1000 <= target.value ? "met" : "missed") : "no target",
      note: utcSpan(longest.start, longest.end),
    });
  }
  // Missed updates are the promises that were not kept on time, so this can never disagree with
  // the promises above; the runner's timer alerts are a record of who was told, given beside it.
  const alerts = new Set(facts.cadenceMissed.map((c) => c.due)).size;
  const alertNote =
    alerts > 0 || late + broken > 0
      ? `the runner's timer raised ${alerts} missed-update ${alerts === 1 ? "alert" : "alerts"} during the incident`
      : undefined;
  if (promises.length === 0) {
    out.push(
      plain("cadence_missed", "Missed updates, late or broken", "count", null, NOT_RECORDED, alertNote ?? NO_PROMISES),
    );
    return out;
  }
  out.push({
    id: "cadence_missed",
    label: "Missed updates, late or broken",
    unit: "count",
    value: late + broken,
    display: String(late + broken),
    target: { value: 0, display: "0", source: "fixed" },
    status: late + broken === 0 ? "met" : "missed",
    ...(alertNote ? { note: alertNote } : {}),
  });
  return out;
}
