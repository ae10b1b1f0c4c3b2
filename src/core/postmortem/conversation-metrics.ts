import { answerText, currentActions, type Facts } from "./facts.js";
import { NOT_RECORDED, plain, type Metric } from "./metric.js";
import { SENTIMENT_POINTS, VOLUME_FACTOR, peakOf, recovery, series } from "./series.js";
import type { Yardsticks } from "./targets.js";
import { formatNumber } from "./numbers.js";
import { formatDuration } from "../time.js";
import { isoMinutesOf } from "./iso-time.js";

/** The metrics of the conversation (check-ins), its spread, the statements and the action items. */

export function conversationMetrics(facts: Facts, y: Yardsticks): Metric[] {
  const out: Metric[] = [];
  const mentions = series(facts, "mentions_per_hour");
  const negative = series(facts, "negative_share");
  const peak = peakOf(mentions);
  const declaredAt = facts.declared?.at;
  const base = y.baselines.mentions_per_hour;
  if (!peak)
    out.push(
      plain(
        "peak_mentions",
        "Peak mentions per hour",
        "per_hour",
        null,
        NOT_RECORDED,
        "no check-in recorded mentions per hour",
      ),
    );
  else {
    const notes = [`at ${isoMinutesOf(peak.at)}`];
    if (declaredAt !== undefined && peak.at >= declaredAt)
      notes.push(`${formatDuration(peak.at - declaredAt)} after the declaration`);
    if (base) notes.push(`${formatNumber(peak.value / base)}× the normal ${formatNumber(base)}/h`);
    out.push(
      plain(
        "peak_mentions",
        "Peak mentions per hour",
        "per_hour",
        peak.value,
        formatNumber(peak.value),
        notes.join("; "),
      ),
    );
  }
  out.push(
    recoveryMetric(
      "back_to_baseline",
      "Time back to normal volume",
      mentions,
      base,
      base === undefined ? undefined : base * VOLUME_FACTOR,
      "mentions per hour",
      `at or under ${VOLUME_FACTOR}× the normal ${formatNumber(base ?? 0)}/h`,
    ),
  );
  const trough = peakOf(negative);
  if (!trough)
    out.push(
      plain(
        "worst_sentiment",
        "Worst sentiment: peak negative share",
        "percent",
        null,
        NOT_RECORDED,
        "no check-in recorded the negative share",
      ),
    );
  else
    out.push(
      plain(
        "worst_sentiment",
        "Worst sentiment: peak negative share",
        "percent",
        trough.value,
        `${formatNumber(trough.value)}%`,
        `at ${isoMinutesOf(trough.at)}`,
      ),
    );
  const nbase = y.baselines.negative_share;
  out.push(
    recoveryMetric(
      "sentiment_recovery",
      "Sentiment recovery",
      negative,
      nbase,
      nbase === undefined ? undefined : nbase + SENTIMENT_POINTS,
      "negative share",
      `within ${SENTIMENT_POINTS} points of the normal ${formatNumber(nbase ?? 0)}%`,
    ),
  );
  return out;
}

function recoveryMetric(
  id: string,
  label: string,
  points: { at: number; value: number }[],
  base: number | undefined,
  threshold: number | undefined,
  what: string,
  rule: string,
): Metric {
  if (points.length === 0) return plain(id, label, "seconds", null, NOT_RECORDED, `no check-in recorded the ${what}`);
  if (base === undefined || threshold === undefined)
    return plain(
      id,
      label,
      "seconds",
      null,
      NOT_RECORDED,
      `no baseline for ${what} (set baselines in crisis.config.yaml)`,
    );
  const r = recovery(points, threshold);
  if (!r) return plain(id, label, "seconds", null, NOT_RECORDED);
  if (!r.back)
    return {
      id,
      label,
      unit: "seconds",
      value: null,
      display: "not back to normal by the last check-in",
      target: null,
      status: "no target",
      note: rule,
    };
  const ms = r.back.at - r.peak.at;
  return plain(
    id,
    label,
    "seconds",
    ms / 1000,
    formatDuration(ms),
    ms === 0 ? `never above the threshold: ${rule}` : `${rule}, from the peak to ${isoMinutesOf(r.back.at)}`,
  );
}

export function spreadMetrics(facts: Facts, statements: Facts["published"]): Metric[] {
  const out: Metric[] = [];
  const spreading = facts.answers.get("spreading_on");
  const channels = Array.isArray(spreading?.value) ? spreading.value : undefined;
  out.push(
    channels
      ? plain(
          "channel_spread",
          "Channel spread",
          "count",
          channels.length,
          String(channels.length),
          channels.length > 0 ? channels.join(", ") : undefined,
        )
      : plain(
          "channel_spread",
          "Channel spread",
          "count",
          null,
          NOT_RECORDED,
          "the spreading_on question was not answered",
        ),
  );
  const perChannel = new Map<string, number>();
  for (const s of statements) perChannel.set(s.channel, (perChannel.get(s.channel) ?? 0) + 1);
  const parts = [...perChannel.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([c, n]) => `${c} ${n}`);
  out.push(
    plain(
      "statements_per_channel",
      "Public statements",
      "count",
      statements.length,
      statements.length === 0 ? "none" : String(statements.length),
      parts.length > 0 ? parts.join(", ") : undefined,
    ),
  );
  const actions = currentActions(facts);
  if (actions.length === 0)
    out.push(
      plain(
        "action_items_complete",
        "Action items with owner and due date",
        "percent",
        null,
        NOT_RECORDED,
        "no action items yet",
      ),
    );
  else {
    const complete = actions.filter((a) => answerText(a.owner) !== undefined && a.due !== undefined).length;
    const pct = (100 * complete) / actions.length;
    out.push({
      id: "action_items_complete",
      label: "Action items with owner and due date",
      unit: "percent",
      value: Math.round(pct * 10) / 10,
      display: `${complete} of ${actions.length}, ${formatNumber(pct)}%`,
      target: { value: 100, display: "all", source: "fixed" },
      status: complete === actions.length ? "met" : "missed",
    });
  }
  return out;
}
