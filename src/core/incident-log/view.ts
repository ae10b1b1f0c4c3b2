import type { AnswerValue } from "../expr/evaluate.js";
import type { IncidentState } from "../journal/fold.js";
import { mdFence, mdInline } from "../templates/markdown.js";
import { shortTitle } from "../incident/summary.js";
import { names, type LogContext, type LogNames } from "./names.js";
import { buildNow, type NowView } from "./now.js";
import { logTimeline, snapshotSummary, type LogRow } from "./timeline.js";
import { preapprovedBy } from "../templates/preapproval.js";
import { logUtc } from "../time.js";
import { V1_REPLICA } from "../journal/order.js";

/**
 * Builds what the incident-log template shows, from the folded journal. Pure and deterministic
 * (no clock): the same journal always gives the same log, so golden files can pin it. Every
 * string in the view is already escaped for markdown; the template inserts them as they are.
 */

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
  /** The one-screen summary at the top, for someone joining mid-crisis. */
  now: NowView;
  timeline: { time: string; event: string; actor: string; details: string }[];
  timeline_latest_first: LogView["timeline"];
  decisions: { time: string; actor: string; what: string; why: string; alternatives: string }[];
  messages: { title: string; published: string; approvals: string; hash: string; text: string }[];
  open_items: { step: string; text: string }[];
  /** Every checklist item recorded, by step, as lists: `mark` is x when done. */
  checklists: { step: string; items: { mark: string; text: string }[] }[];
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

/** A plain web address becomes an autolink; anything else is shown as escaped text. */
const link = (url: string) => (/^https?:\/\/[^\s<>`]+$/i.test(url) ? `<${url}>` : m(url));

function formatValue(value: AnswerValue | undefined): string {
  if (value === null || value === undefined) return "(no answer)";
  if (Array.isArray(value)) return value.length === 0 ? "(none)" : value.map(String).join(", ");
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}

export function buildLogView(state: IncidentState, ctx: LogContext = {}): LogView {
  const n = names(state, ctx);
  const timeline = logTimeline(state, n);
  return {
    ...buildLogHead(state, n, timeline),
    timeline,
    timeline_latest_first: [...timeline].reverse(),
    decisions: state.decisions.map(decisionItem),
    messages: messageItems(state, n),
    notes: state.notes.map(noteItem),
    snapshots: state.snapshots.map(snapshotItem),
  };
}

/** The lists that grow with the incident: the incremental log keeps each one rendered (sections.ts). */
export type LogLists = "timeline" | "timeline_latest_first" | "decisions" | "messages" | "notes" | "snapshots";

type Item<K extends LogLists> = LogView[K][number];
export const decisionItem = (d: IncidentState["decisions"][number]): Item<"decisions"> => ({
  time: logUtc(d.at),
  actor: m(d.actor),
  what: m(d.what),
  why: m(d.why),
  alternatives: d.alternatives ? m(d.alternatives) : "",
});
export const noteItem = (x: IncidentState["notes"][number]): Item<"notes"> => ({
  time: logUtc(x.at),
  actor: m(x.actor),
  text: m(x.text),
});
export const snapshotItem = (x: IncidentState["snapshots"][number]): Item<"snapshots"> => ({
  time: logUtc(x.at),
  actor: m(x.actor),
  summary: m(snapshotSummary(x)),
});

/** Whether several machines wrote to the incident: approvals then say which one each came from. */
function onMachine(state: IncidentState): (replica: string) => string {
  const team = Object.keys(state.replicas).filter((r) => r !== V1_REPLICA).length > 1;
  return (replica: string) => (team ? `, on ${state.replicas[replica]?.host ?? replica}` : "");
}

/** Publications grouped by exact text: one entry per text, listing every channel it went to. */
export function messageItems(state: IncidentState, n: LogNames): LogView["messages"] {
  const on = onMachine(state);
  const byHash = new Map<string, typeof state.publications>();
  for (const p of state.publications) {
    const list = byHash.get(p.hash);
    if (list) list.push(p);
    else byHash.set(p.hash, [p]);
  }
  return [...byHash.entries()].map(([hash, pubs]) => {
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
}

/**
 * Everything the log shows except the lists that grow with the incident. `recent` is the
 * timeline, or at least its last rows (the Now section shows the last five).
 */
export function buildLogHead(state: IncidentState, n: LogNames, recent: readonly LogRow[]): Omit<LogView, LogLists> {
  const on = onMachine(state);
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
    : state.firstPublicAt !== undefined
      ? "none promised"
      : "no public message yet";
  const pos = state.position;
  const current =
    state.status === "resolved"
      ? "none (resolved)"
      : pos
        ? `${m(n.stepTitle(pos.step))}${pos.status === "done" ? " (done)" : ""}`
        : "not started";

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
    last_event: state.eventCount > 0 ? `${logUtc(state.lastLoggedAt)} (#${state.lastSeq})` : "none",
    roles: Object.entries(state.roles).map(([role, person]) => ({ role: m(n.roleTitle(role)), person: m(person) })),
    now: buildNow(state, n, recent),
    open_items: Object.values(state.checklist)
      .filter((c) => !c.done)
      .sort((a, b) => a.seq - b.seq)
      .map((c) => ({ step: m(n.stepTitle(c.step)), text: m(c.text) })),
    checklists: checklistsOf(state, n),
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

function checklistsOf(state: IncidentState, n: LogNames): LogView["checklists"] {
  const bySteps = new Map<string, { mark: string; text: string; seq: number }[]>();
  for (const c of Object.values(state.checklist).sort((a, b) => a.seq - b.seq)) {
    const items = bySteps.get(c.step) ?? [];
    items.push({ mark: c.done ? "x" : " ", text: m(c.text), seq: c.item });
    bySteps.set(c.step, items);
  }
  return [...bySteps].map(([step, items]) => ({
    step: m(n.stepTitle(step)),
    items: items.sort((a, b) => a.seq - b.seq).map(({ mark, text }) => ({ mark, text })),
  }));
}
