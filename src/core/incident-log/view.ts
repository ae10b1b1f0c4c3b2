import type { AnswerValue } from "../expr/evaluate.js";
import type { JournalEvent } from "../journal/events.js";
import type { IncidentState } from "../journal/fold.js";
import type { Playbook } from "../playbook/model.js";
import { mdFence, mdInline } from "../templates/markdown.js";
import { shortTitle } from "../incident/summary.js";
import { preapprovedBy } from "../templates/preapproval.js";
import { logUtc } from "../time.js";
import { V1_REPLICA } from "../journal/order.js";

/**
 * Builds what the incident-log template shows, from the folded journal. Pure and deterministic
 * (no clock): the same journal always gives the same log, so golden files can pin it. Every
 * string in the view is already escaped for markdown; the template inserts them as they are.
 */

export interface LogContext {
  playbook?: Playbook | undefined;
  /** Message template titles by id, e.g. common/internal-staff-notice → Internal notice to staff. */
  templateTitles?: ReadonlyMap<string, string>;
}

export interface LogView {
  title: string;
  id: string;
  drill: boolean;
  status: string;
  severity: string;
  playbook: string;
  impact_started: string;
  detected: string;
  declared: string;
  next_update_due: string;
  current_step: string;
  last_event: string;
  roles: { role: string; person: string }[];
  timeline: { time: string; event: string; actor: string; details: string }[];
  timeline_latest_first: LogView["timeline"];
  decisions: { time: string; actor: string; what: string; why: string; alternatives: string }[];
  messages: { title: string; published: string; approvals: string; hash: string; text: string }[];
  open_items: { step: string; text: string }[];
  notes: { time: string; actor: string; text: string }[];
  snapshots: { time: string; actor: string; summary: string }[];
  answers: { step: string; question: string; answer: string }[];
  /** Concurrent changes from several machines, each with what counts and the rule that decided. */
  conflicts: { subject: string; kept: string; other: string; rule: string }[];
  has_conflicts: boolean;
  resolved: false | { summary: string; exit_criteria: { mark: string; text: string }[] };
}

const m = mdInline;
const t = (iso: string | undefined) => (iso ? logUtc(iso) : "not recorded");

function names(state: IncidentState, ctx: LogContext) {
  const pb = ctx.playbook;
  const stepTitle = (id: string) =>
    pb?.steps.find((s) => s.id === id)?.title ?? (id === "severity" ? "Severity scoring" : id);
  const roleTitle = (id: string) => pb?.roles.find((r) => r.id === id)?.title ?? id;
  const questions = new Map<string, string>();
  for (const d of pb?.severity.dimensions ?? []) questions.set(d.id, d.question);
  for (const o of pb?.severity.overrides ?? []) questions.set(o.id, o.question);
  for (const s of pb?.steps ?? []) for (const p of s.prompts ?? []) questions.set(p.id, p.question);
  const templateTitle = (id: string) => ctx.templateTitles?.get(id) ?? id;
  const draftOf = (hash: string) => state.drafts[hash];
  return { stepTitle, roleTitle, question: (id: string) => questions.get(id) ?? id, templateTitle, draftOf };
}

const short = (hash: string) => hash.slice(0, 12);

/** A plain web address becomes an autolink; anything else is shown as escaped text. */
const link = (url: string) => (/^https?:\/\/[^\s<>`]+$/i.test(url) ? `<${url}>` : m(url));

function formatValue(value: AnswerValue | undefined): string {
  if (value === null || value === undefined) return "(no answer)";
  if (Array.isArray(value)) return value.length === 0 ? "(none)" : value.map(String).join(", ");
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}

function snapshotSummary(d: {
  mentions_per_hour?: number | undefined;
  negative_share?: number | undefined;
  media_pickups?: number | undefined;
  support_tickets?: number | undefined;
}): string {
  const parts: string[] = [];
  if (d.mentions_per_hour !== undefined) parts.push(`${d.mentions_per_hour} mentions/h`);
  if (d.negative_share !== undefined) parts.push(`${d.negative_share}% negative`);
  if (d.media_pickups !== undefined) parts.push(`${d.media_pickups} media pickups`);
  if (d.support_tickets !== undefined) parts.push(`${d.support_tickets} support tickets`);
  return parts.length > 0 ? parts.join("; ") : "no numbers given";
}

/** One timeline row for an event, or undefined for events the timeline leaves out. */
function describe(e: JournalEvent, n: ReturnType<typeof names>): { event: string; details: string } | undefined {
  switch (e.type) {
    case "incident_opened":
      return {
        event: "incident opened",
        details: `${e.data.playbook.title} (${e.data.playbook.id} ${e.data.playbook.version})${e.data.drill ? "; DRILL" : ""}`,
      };
    case "declared":
      return { event: "declared", details: `crisis declared at ${e.data.severity}` };
    case "milestone":
      return {
        event: e.data.name.replace(/_/g, " "),
        details: `${e.data.estimated ? "estimated" : ""}${e.data.step ? `${e.data.estimated ? "; " : ""}step: ${n.stepTitle(e.data.step)}` : ""}`,
      };
    case "role_assigned":
      return { event: "role assigned", details: `${n.roleTitle(e.data.role)}: ${e.data.person}` };
    case "severity_scored":
      return { event: "severity scored", details: `computed ${e.data.computed}: ${e.data.reasons.join("; ")}` };
    case "severity_changed":
      return {
        event: e.data.from ? "severity changed" : "severity set",
        details: `${e.data.from ? `${e.data.from} → ` : ""}${e.data.to}: ${e.data.reason}`,
      };
    case "step_skipped":
      return e.data.by === "responder"
        ? { event: "step skipped", details: `${n.stepTitle(e.data.step)}: ${e.data.reason}` }
        : undefined;
    case "went_back":
      return { event: "went back", details: `from ${n.stepTitle(e.data.from)} to ${n.stepTitle(e.data.to)}` };
    case "approval_requested":
      return e.data.roles.length > 0
        ? {
            event: "approval requested",
            details: `${n.templateTitle(e.data.template ?? n.draftOf(e.data.hash)?.template ?? "message")} (sha ${short(e.data.hash)}) from ${e.data.roles.map(n.roleTitle).join(", ")}${e.data.preapproved ? `; the text was ${preapprovedBy(e.data.preapproved, n.roleTitle)}` : ""}`,
          }
        : undefined;
    case "approved":
      return {
        event: "approved",
        details: `${n.templateTitle(n.draftOf(e.data.hash)?.template ?? "message")} (sha ${short(e.data.hash)}) by ${e.data.by} as ${n.roleTitle(e.data.role)}`,
      };
    case "rejected":
      return {
        event: "rejected",
        details: `${n.templateTitle(n.draftOf(e.data.hash)?.template ?? "message")} (sha ${short(e.data.hash)}) by ${e.data.by} as ${n.roleTitle(e.data.role)}: ${e.data.reason}`,
      };
    case "published":
      return {
        event: e.data.audience === "public" ? "public message" : `${e.data.audience} message`,
        details: `${n.templateTitle(e.data.template)} on ${e.data.channel}${e.data.url ? ` (${e.data.url})` : ""}${e.data.next_update_due ? `; next update promised for ${logUtc(e.data.next_update_due)}` : ""}`,
      };
    case "message_skipped":
      return {
        event: "not published",
        details: `${n.templateTitle(e.data.template)} on ${e.data.channels.join(", ")}: ${e.data.reason}`,
      };
    case "cadence_missed":
      return {
        event: "update missed",
        details: `the update promised for ${logUtc(e.data.due)} did not go out on time`,
      };
    case "decision":
      return {
        event: "decision",
        details: `${e.data.what}. Why: ${e.data.why}${e.data.alternatives ? ` Alternatives: ${e.data.alternatives}` : ""}`,
      };
    case "note":
      return { event: e.data.text.trimStart().startsWith("TODO:") ? "TODO" : "note", details: e.data.text };
    case "metric_snapshot":
      return { event: "check-in", details: snapshotSummary(e.data) };
    case "exit_criterion":
      return { event: e.data.met ? "exit criterion met" : "exit criterion not met", details: e.data.text };
    case "session_paused":
      return {
        event: e.data.how === "interrupted" ? "interrupted" : "paused",
        details: e.data.step ? `at ${n.stepTitle(e.data.step)}` : "",
      };
    case "session_resumed":
      return { event: "resumed", details: e.data.step ? `at ${n.stepTitle(e.data.step)}` : "" };
    case "resolved":
      return { event: "resolved", details: e.data.summary ?? "" };
    case "replica_joined":
      return { event: "joined", details: `from ${e.data.host}` };
    default:
      return undefined;
  }
}

export function buildLogView(state: IncidentState, ctx: LogContext = {}): LogView {
  const n = names(state, ctx);
  // state.events is in fold order ((clock, id)), the same on every replica; a stable sort by time
  // keeps that order for equal times, so the log never depends on one machine's line numbers.
  const ordered = [...state.events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const team = Object.keys(state.replicas).filter((r) => r !== V1_REPLICA).length > 1;
  const on = (replica: string) => (team ? `, on ${state.replicas[replica]?.host ?? replica}` : "");
  const timeline: LogView["timeline"] = [];
  // Checklist items ticked one after another in a step become one row, so the timeline stays readable.
  let ticks: { step: string; actor: string; at: string; items: string[] } | undefined;
  const flush = () => {
    if (ticks)
      timeline.push({
        time: logUtc(ticks.at),
        event: "done",
        actor: m(ticks.actor),
        details: m(`${n.stepTitle(ticks.step)}: ${ticks.items.join("; ")}`),
      });
    ticks = undefined;
  };
  for (const e of ordered) {
    if (e.type === "checklist") {
      if (!e.data.done) continue;
      if (ticks && (ticks.step !== e.data.step || ticks.actor !== e.actor)) flush();
      ticks ??= { step: e.data.step, actor: e.actor, at: e.at, items: [] };
      ticks.items.push(e.data.text);
      continue;
    }
    const row = describe(e, n);
    if (!row) continue;
    flush();
    timeline.push({ time: logUtc(e.at), event: m(row.event), actor: m(e.actor), details: m(row.details) });
  }
  flush();
  // A milestone recorded again (triage's better estimate of when it began) counts from its earliest
  // time, as in the post-mortem.
  const milestone = (name: string) =>
    state.milestones.filter((x) => x.name === name).sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
  const impact = milestone("impact_started");
  const detected = milestone("detected");

  const status =
    state.status === "resolved"
      ? `resolved ${t(state.resolved?.at)}`
      : state.paused
        ? "open, paused (crisis resume continues it)"
        : "open";
  const nextDue = state.nextUpdateDue
    ? `${logUtc(state.nextUpdateDue)}${state.cadenceMissed.includes(state.nextUpdateDue) ? " **(missed)**" : ""}`
    : state.publications.some((p) => p.audience === "public")
      ? "none promised"
      : "no public message yet";
  const pos = state.position;
  const current =
    state.status === "resolved"
      ? "none (resolved)"
      : pos
        ? `${m(n.stepTitle(pos.step))}${pos.status === "done" ? " (done)" : ""}`
        : "not started";

  // Publications grouped by exact text: one entry per text, listing every channel it went to.
  const byHash = new Map<string, typeof state.publications>();
  for (const p of state.publications) byHash.set(p.hash, [...(byHash.get(p.hash) ?? []), p]);
  const messages: LogView["messages"] = [...byHash.entries()].map(([hash, pubs]) => {
    const first = pubs[0]!;
    const draft = n.draftOf(hash);
    const approvals = state.approvals[hash]?.approved ?? [];
    const stamps = state.approvals[hash]?.requested?.preapproved;
    return {
      title: m(`${n.templateTitle(first.template)} (${first.audience})`),
      published: pubs
        .map((p) => `${logUtc(p.at)} on ${m(p.channel)}${p.url ? ` ${link(p.url)}` : ""} by ${m(p.actor)}`)
        .join("; "),
      approvals:
        (stamps ? `${m(preapprovedBy(stamps, n.roleTitle))}, then ` : "") +
        (approvals.length > 0
          ? approvals
              .map((a) => `${m(a.by)} (${m(n.roleTitle(a.role))}, ${logUtc(a.at)}${m(on(a.replica))})`)
              .join("; ")
          : "no approval needed"),
      hash,
      text: mdFence(draft?.text ?? "(text not in the journal)"),
    };
  });

  const answers: LogView["answers"] = Object.keys(state.answers).map((id) => {
    const value = formatValue(state.answers[id]);
    const lines = value
      .split("\n")
      .map((line) => m(line))
      .filter((line) => line !== "");
    return {
      step: m(n.stepTitle(state.answerSteps[id] ?? "")),
      question: m(n.question(id)),
      answer: lines.join("<br>\n  "),
    };
  });

  return {
    title: m(shortTitle(state.title || state.id)),
    id: state.id,
    drill: state.drill,
    status: m(status),
    severity: state.severity ?? "not set",
    playbook: m(`${state.playbook.title} (${state.playbook.id} ${state.playbook.version})`),
    impact_started: impact ? `${logUtc(impact.at)}${impact.estimated ? " (estimated)" : ""}` : "not recorded",
    detected: t(detected?.at),
    declared: t(state.declaredAt),
    next_update_due: nextDue,
    current_step: current,
    last_event: state.events.length > 0 ? `${logUtc(state.lastLoggedAt)} (#${state.lastSeq})` : "none",
    roles: Object.entries(state.roles).map(([role, person]) => ({ role: m(n.roleTitle(role)), person: m(person) })),
    timeline,
    timeline_latest_first: [...timeline].reverse(),
    decisions: state.decisions.map((d) => ({
      time: logUtc(d.at),
      actor: m(d.actor),
      what: m(d.what),
      why: m(d.why),
      alternatives: d.alternatives ? m(d.alternatives) : "",
    })),
    messages,
    open_items: Object.values(state.checklist)
      .filter((c) => !c.done)
      .sort((a, b) => a.seq - b.seq)
      .map((c) => ({ step: m(n.stepTitle(c.step)), text: m(c.text) })),
    notes: state.notes.map((x) => ({ time: logUtc(x.at), actor: m(x.actor), text: m(x.text) })),
    snapshots: state.snapshots.map((x) => ({ time: logUtc(x.at), actor: m(x.actor), summary: m(snapshotSummary(x)) })),
    answers,
    has_conflicts: state.conflicts.length > 0,
    conflicts: state.conflicts.map((c) => ({
      subject: m(c.subject),
      kept: m(`${c.kept.value}${c.kept.actor ? ` (${c.kept.actor}, ${logUtc(c.kept.at)}${on(c.kept.replica)})` : ""}`),
      other: m(`${c.other.value} (${c.other.actor}, ${logUtc(c.other.at)}${on(c.other.replica)})`),
      rule: m(c.rule),
    })),
    resolved: state.resolved
      ? {
          summary: m(state.resolved.summary ?? "Resolved."),
          exit_criteria: Object.values(state.exitCriteria).map((c) => ({ mark: c.met ? "x" : " ", text: m(c.text) })),
        }
      : false,
  };
}
