import type { Severity } from "../playbook/schema.js";
import { approvalSubject } from "./approvals.js";
import { answerText, type Facts } from "./facts.js";
import type { Metric, MetricsResult } from "./metrics.js";
import { series } from "./series.js";
import { formatNumber } from "./numbers.js";
import { formatDuration } from "../time.js";
import { isoMinutesOf, isoTime } from "./iso-time.js";

/** The header, summary, impact, detection and response sections, as plain data. */

const displayOf = (metrics: readonly Metric[], id: string) =>
  metrics.find((m) => m.id === id)?.display ?? "not recorded";

export interface IncidentSection {
  id?: string;
  title?: string;
  crisis_type?: string;
  playbook?: { id: string; version: string; title: string };
  drill: boolean;
  brand?: string;
  highest_severity?: Severity;
  severity_periods: {
    severity: Severity;
    from: string;
    to: string;
    seconds: number;
    duration: string;
    open: boolean;
  }[];
  opened_at?: string;
  declared_at?: string;
  resolved_at?: string;
  owner?: string;
  review_meeting?: string;
  roles: { role: string; title: string; people: { person: string; from: string }[] }[];
  summary: string;
  what_happened?: string;
  unconfirmed?: string;
  resolution?: string;
  impact: { label: string; value: string }[];
  detection: {
    how?: string;
    impact_started_at?: string;
    impact_start_estimated: boolean;
    aware_at?: string;
    detected_at?: string;
    time_to_detect: string;
    time_to_declare: string;
    origin_url?: string;
  };
}

export function describeIncident(
  facts: Facts,
  result: MetricsResult,
  roleTitle: (id: string) => string,
): IncidentSection {
  const o = facts.opened;
  const a = (id: string) => answerText(facts.answers.get(id)?.value);
  const m = facts.milestones;
  const leads = facts.roles.filter((r) => r.role === "lead");
  const owner = a("postmortem_owner") ?? leads[leads.length - 1]?.person;
  const review = a("review_date");
  const reviewMs = review === undefined ? NaN : Date.parse(review);
  return {
    ...(o
      ? {
          id: o.incident_id,
          // The declaration's one-sentence description names the incident (as in the fold).
          title: a("what_happened") ?? o.title,
          crisis_type: o.playbook.crisis_type,
          playbook: { id: o.playbook.id, version: o.playbook.version, title: o.playbook.title },
        }
      : {}),
    drill: o?.drill ?? false,
    ...(o?.brand ? { brand: o.brand } : {}),
    ...(result.highest ? { highest_severity: result.highest } : {}),
    severity_periods: result.periods.map((p) => ({
      severity: p.severity,
      from: isoTime(p.start),
      to: isoTime(p.end),
      seconds: (p.end - p.start) / 1000,
      duration: formatDuration(p.end - p.start),
      open: p.open,
    })),
    ...(o ? { opened_at: isoTime(o.at) } : {}),
    ...(facts.declared ? { declared_at: isoTime(facts.declared.at) } : {}),
    ...(facts.resolved ? { resolved_at: isoTime(facts.resolved.at) } : {}),
    ...(owner ? { owner } : {}),
    ...(review !== undefined ? { review_meeting: Number.isNaN(reviewMs) ? review : isoTime(reviewMs) } : {}),
    roles: rolesOf(facts, roleTitle),
    summary: summaryOf(facts, result),
    ...(a("confirmed_facts") ? { what_happened: a("confirmed_facts") } : {}),
    ...(a("unconfirmed") ? { unconfirmed: a("unconfirmed") } : {}),
    ...(facts.resolved?.summary?.trim() ? { resolution: facts.resolved.summary } : {}),
    impact: impactOf(facts, result),
    detection: {
      ...(a("detected_how") ? { how: a("detected_how") } : {}),
      ...(m.impact_started ? { impact_started_at: isoTime(m.impact_started.first.at) } : {}),
      impact_start_estimated: m.impact_started?.first.estimated ?? false,
      ...(m.aware ? { aware_at: isoTime(m.aware.first.at) } : {}),
      ...(m.detected ? { detected_at: isoTime(m.detected.first.at) } : {}),
      time_to_detect: displayOf(result.metrics, "time_to_detect"),
      time_to_declare: displayOf(result.metrics, "time_to_declare"),
      ...(a("origin_url") ? { origin_url: a("origin_url") } : {}),
    },
  };
}

function rolesOf(facts: Facts, roleTitle: (id: string) => string): IncidentSection["roles"] {
  const roles = new Map<string, { person: string; from: string }[]>();
  for (const r of [...facts.roles].sort((x, y) => x.at - y.at || x.seq - y.seq)) {
    const people = roles.get(r.role) ?? [];
    if (people[people.length - 1]?.person !== r.person) people.push({ person: r.person, from: isoTime(r.at) });
    roles.set(r.role, people);
  }
  return [...roles].map(([role, people]) => ({ role, title: roleTitle(role), people }));
}

function summaryOf(facts: Facts, result: MetricsResult): string {
  const o = facts.opened;
  const parts: string[] = [];
  const name = o ? `${o.title} (${o.playbook.crisis_type})` : "This incident";
  if (facts.declared)
    parts.push(`${name} was declared at ${isoMinutesOf(facts.declared.at)} as ${facts.declared.severity}.`);
  else parts.push(`${name} has no declaration in the journal.`);
  const top = result.periods.find((p) => p.severity === result.highest);
  if (top && facts.declared && result.highest !== facts.declared.severity)
    parts.push(`It reached ${top.severity} at ${isoMinutesOf(top.start)}.`);
  const first = result.first;
  if (first && facts.declared && first.at >= facts.declared.at)
    parts.push(
      `The first public response went out ${formatDuration(first.at - facts.declared.at)} after the declaration, on ${first.channel}.`,
    );
  else if (!first && result.statements.length > 0)
    parts.push("No public statement was published after its approvals were complete.");
  else if (!first) parts.push("No public statement is recorded.");
  if (facts.resolved && facts.declared)
    parts.push(
      `It was resolved at ${isoMinutesOf(facts.resolved.at)}, ${formatDuration(facts.resolved.at - facts.declared.at)} after the declaration.`,
    );
  else if (!facts.resolved && facts.lastAt !== undefined)
    parts.push(`It is not resolved; the last journal entry is from ${isoMinutesOf(facts.lastAt)}.`);
  if (o?.drill) parts.push("This was a drill.");
  return parts.join(" ");
}

function impactOf(facts: Facts, result: MetricsResult): IncidentSection["impact"] {
  const a = (id: string) => answerText(facts.answers.get(id)?.value);
  const highest = (key: "media_pickups" | "support_tickets") => {
    const points = series(facts, key);
    return points.length === 0 ? "not recorded" : formatNumber(points.reduce((x, p) => Math.max(x, p.value), 0));
  };
  return [
    { label: "Impact duration, impact began to impact ended", value: displayOf(result.metrics, "impact_duration") },
    { label: "Response duration, declared to resolved", value: displayOf(result.metrics, "time_to_resolve") },
    { label: "Peak mentions per hour", value: displayOf(result.metrics, "peak_mentions") },
    { label: "Peak negative share", value: displayOf(result.metrics, "worst_sentiment") },
    { label: "Media pickups, highest check-in", value: highest("media_pickups") },
    { label: "Support tickets, highest check-in", value: highest("support_tickets") },
    { label: "Estimated reach at triage", value: a("reach") ?? "not recorded" },
    { label: "Channels where it spread", value: a("spreading_on") ?? "not recorded" },
    { label: "Audiences affected", value: a("audiences") ?? "not recorded" },
  ];
}

export interface ResponseSection {
  posture?: string;
  posture_why?: string;
  apology?: string;
  compensation?: string;
  approvals: {
    what: string;
    requested_at: string;
    roles: string[];
    /** Who approved the text in advance (crisis preapprove), when it was sent as written. */
    preapproved?: { by: string; role: string; at: string }[];
    approved_by: { role: string; by: string; at: string }[];
    rejected_by: { role: string; by: string; at: string; reason: string }[];
    latency?: string;
    outcome: "approved" | "rejected" | "pending";
  }[];
  statements: {
    at: string;
    channel: string;
    template: string;
    url?: string;
    next_update_due?: string;
    text?: string;
  }[];
  internal_messages: number;
  promises: {
    made_at: string;
    channel: string;
    due: string;
    outcome: string;
    next_update_at?: string;
    late_by?: string;
  }[];
  paused: { what?: string; paused_at?: string; resumed_at?: string; paused_for?: string };
}

export function describeResponse(facts: Facts, result: MetricsResult): ResponseSection {
  const a = (id: string) => answerText(facts.answers.get(id)?.value);
  const m = facts.milestones;
  const paused = m.content_paused?.first.at;
  const resumed = m.content_resumed?.last.at;
  return {
    ...(a("posture") ? { posture: a("posture") } : {}),
    ...(a("posture_why") ? { posture_why: a("posture_why") } : {}),
    ...(a("apologising") ? { apology: a("apologising") } : {}),
    ...(a("compensation") ? { compensation: a("compensation") } : {}),
    approvals: result.approvals.map((r) => {
      const out: ResponseSection["approvals"][number] = {
        what: approvalSubject(r.template, r.channels, r.hash),
        requested_at: isoTime(r.requested_at),
        roles: r.roles,
        ...(r.preapproved ? { preapproved: r.preapproved } : {}),
        approved_by: r.approvals.map((x) => ({ role: x.role, by: x.by, at: isoTime(x.at) })),
        rejected_by: r.rejections.map((x) => ({ role: x.role, by: x.by, at: isoTime(x.at), reason: x.reason })),
        outcome: r.latency_ms !== undefined ? "approved" : r.rejections.length > 0 ? "rejected" : "pending",
      };
      if (r.latency_ms !== undefined) out.latency = formatDuration(r.latency_ms);
      return out;
    }),
    statements: result.statements.map((s) => {
      const text = facts.drafts.get(s.hash)?.text;
      const out: ResponseSection["statements"][number] = {
        at: isoTime(s.at),
        channel: s.channel,
        template: s.template,
      };
      if (s.url) out.url = s.url;
      if (s.due !== null) out.next_update_due = isoTime(s.due);
      if (text !== undefined) out.text = text;
      return out;
    }),
    internal_messages: facts.published.length - result.statements.length,
    promises: result.promises.map((p) => {
      const out: ResponseSection["promises"][number] = {
        made_at: isoTime(p.made_at),
        channel: p.channel,
        due: isoTime(p.due),
        outcome: p.outcome,
      };
      if (p.next_at !== undefined) out.next_update_at = isoTime(p.next_at);
      if (p.late_ms !== undefined) out.late_by = formatDuration(p.late_ms);
      return out;
    }),
    paused: {
      ...(a("paused_what") ? { what: a("paused_what") } : {}),
      ...(paused !== undefined ? { paused_at: isoTime(paused) } : {}),
      ...(resumed !== undefined ? { resumed_at: isoTime(resumed) } : {}),
      ...(paused !== undefined && resumed !== undefined && resumed >= paused
        ? { paused_for: formatDuration(resumed - paused) }
        : {}),
    },
  };
}
