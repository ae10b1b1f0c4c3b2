import type { EventData, JournalEvent } from "../journal/events.js";
import type { IncidentState } from "../journal/fold.js";
import { mdInline } from "../templates/markdown.js";
import { preapprovedBy } from "../templates/preapproval.js";
import { logUtc } from "../time.js";
import type { LogNames } from "./names.js";

/**
 * The incident log's timeline, compact enough to scan: each message's approvals are one row (at
 * the last approval, naming who and when), a message published on several channels one after
 * another is one row, a message skipped on several channels is one row, and a step's checklist is
 * one "checklist" row (the items themselves are listed under Checklists). Built from the events
 * alone, so every replica renders the same bytes.
 */

export interface LogRow {
  time: string;
  event: string;
  actor: string;
  details: string;
}

const m = mdInline;
const short = (hash: string) => hash.slice(0, 12);

export function snapshotSummary(d: {
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
function describe(e: JournalEvent, n: LogNames): { event: string; details: string } | undefined {
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
    case "media_enquiry": {
      const d = e.data;
      return {
        event: `media enquiry, ${d.status}`,
        details: `${d.outlet}${d.reporter ? ` (${d.reporter})` : ""}: ${d.question}${d.deadline ? `; deadline ${logUtc(d.deadline)}` : ""}${d.response ? `; our response: ${d.response}` : ""}`,
      };
    }
    case "spokesperson_appearance":
      return {
        event: "spokesperson",
        details: `${e.data.spokesperson}, ${e.data.format} with ${e.data.outlet}${e.data.summary ? `: ${e.data.summary}` : ""}`,
      };
    case "stakeholder_notice":
      return {
        event: "stakeholder informed",
        details: `${e.data.stakeholder}${e.data.channel ? ` by ${e.data.channel}` : ""}${e.data.summary ? `: ${e.data.summary}` : ""}`,
      };
    case "evidence":
      return { event: "evidence", details: `${e.data.description}: ${e.data.link}` };
    case "session_paused":
      return {
        event: e.data.how === "interrupted" ? "interrupted" : "paused",
        details: e.data.step ? `at ${n.stepTitle(e.data.step)}` : "",
      };
    case "session_resumed":
      return { event: "resumed", details: e.data.step ? `at ${n.stepTitle(e.data.step)}` : "" };
    case "replica_joined":
      return { event: "joined", details: `from ${e.data.host}` };
    case "resolved":
      return { event: "resolved", details: e.data.summary ?? "" };
    default:
      return undefined;
  }
}

/** The events in time order (a note added with --at lands where it happened), ties by journal position. */
function timeOrdered(state: IncidentState): JournalEvent[] {
  // state.events is in fold order ((clock, id)), the same on every replica; a stable sort by time
  // keeps that order for equal times, so the log never depends on one machine's line numbers.
  return [...state.events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/**
 * A group being built: its row, what a following event must share to join it, and the event
 * that opened it (its row is rendered from that event and the items). Plain data, so a
 * checkpoint can keep it and the next process continue the group.
 */
export interface OpenGroup {
  row: LogRow;
  key: string;
  items: string[];
  first: JournalEvent;
}

export function logTimeline(state: IncidentState, n: LogNames): LogRow[] {
  return timelineOf(state, n).rows;
}

/** Every row, and the group the timeline ends in (its row is the last), if later events may join it. */
export function timelineOf(state: IncidentState, n: LogNames): { rows: LogRow[]; open?: OpenGroup | undefined } {
  const rows: LogRow[] = [];
  // Each text's approvals become one row, at its last approval; its request is then not a row of its own.
  const lastApproval = new Map<string, number>();
  for (const e of state.events) if (e.type === "approved") lastApproval.set(e.data.hash, e.seq);
  const builder = new TimelineBuilder(n, (row) => rows.push(row), lastApproval);
  for (const e of timeOrdered(state)) builder.add(e, state);
  return { rows, open: builder.open };
}

/**
 * Turns events, in time order, into timeline rows. Rows are handed to `emit` as they start; a
 * group's row (`open`) may still change while events join it. `lastApproval` says which approval
 * of each text is its last: without it (events arriving one by one at the end of the journal)
 * each approval is taken as the last so far, which is right only when no approval comes after
 * it; the incremental log refolds whole on an approval (see incidentLogAppendable).
 */
export class TimelineBuilder {
  constructor(
    private readonly n: LogNames,
    private readonly emit: (row: LogRow) => void,
    private readonly lastApproval?: ReadonlyMap<string, number>,
    public open?: OpenGroup,
  ) {}

  private join(e: JournalEvent, key: string, item: string, row: () => LogRow): void {
    const open = this.open;
    if (open?.key === key && open.row.actor === m(e.actor)) open.items.push(item);
    else {
      this.open = { row: row(), key, items: [item], first: e };
      this.emit(this.open.row);
    }
    this.open!.row.details = m(groupDetails(this.open!, this.n));
  }

  add(e: JournalEvent, state: IncidentState): void {
    const n = this.n;
    const at = () => logUtc(e.at);
    if (e.type === "checklist") {
      this.join(e, `checklist#${e.data.step}`, e.data.done ? "x" : " ", () => ({
        time: at(),
        event: "checklist",
        actor: m(e.actor),
        details: "",
      }));
      return;
    }
    if (e.type === "published") {
      const d = e.data;
      const where = `${d.channel}${d.url ? ` (${d.url})` : ""}`;
      this.join(e, `published#${d.hash}#${d.next_update_due ?? ""}`, where, () => ({
        time: at(),
        event: m(d.audience === "public" ? "public message" : `${d.audience} message`),
        actor: m(e.actor),
        details: "",
      }));
      return;
    }
    if (e.type === "exit_criterion") {
      this.join(e, "exit", e.data.met ? "x" : " ", () => ({
        time: at(),
        event: "exit criteria",
        actor: m(e.actor),
        details: "",
      }));
      return;
    }
    if (e.type === "message_skipped") {
      const d = e.data;
      this.join(e, `skipped#${d.template}#${d.reason}`, d.channels.join(", "), () => ({
        time: at(),
        event: "not published",
        actor: m(e.actor),
        details: "",
      }));
      return;
    }
    if (e.type === "notification_attempt") {
      // Notifications are one compact row per run of attempts: each key's latest outcome.
      this.join(e, "notify", JSON.stringify(e.data), () => ({
        time: at(),
        event: "notified",
        actor: m(e.actor),
        details: "",
      }));
      return;
    }
    const approved = (hash: string) =>
      this.lastApproval ? this.lastApproval.has(hash) : (state.approvals[hash]?.approved.length ?? 0) > 0;
    if (e.type === "approval_requested" && approved(e.data.hash)) return;
    if (e.type === "approved" && this.lastApproval && this.lastApproval.get(e.data.hash) !== e.seq) return;
    const row = e.type === "approved" ? approvedRow(state, e.data.hash, n) : describe(e, n);
    if (!row) return;
    this.open = undefined;
    this.emit({ time: at(), event: m(row.event), actor: m(e.actor), details: m(row.details) });
  }
}

/** A group's details, from the event that opened it and the items that joined. */
function groupDetails(g: OpenGroup, n: LogNames): string {
  const e = g.first;
  const items = g.items;
  const ticked = () => items.filter((i) => i === "x").length;
  switch (e.type) {
    case "checklist":
      return `${n.stepTitle(e.data.step)}: ${ticked()} of ${items.length} items done (listed under Checklists)`;
    case "published": {
      const d = e.data;
      return `${n.templateTitle(d.template)} on ${items.join(", ")}${d.next_update_due ? `; next update promised for ${logUtc(d.next_update_due)}` : ""}`;
    }
    case "exit_criterion":
      return `${ticked()} of ${items.length} met (listed under Resolution)`;
    case "message_skipped":
      return `${n.templateTitle(e.data.template)} on ${items.join(", ")}: ${e.data.reason}`;
    default:
      return notifiedDetails(items);
  }
}

/** "team-slack: declared, approval waiting; exec-teams: declared failed (HTTP 500), retrying". */
function notifiedDetails(items: string[]): string {
  const latest = new Map<string, EventData<"notification_attempt">>();
  for (const item of items) {
    const d = JSON.parse(item) as EventData<"notification_attempt">;
    latest.delete(d.key);
    latest.set(d.key, d);
  }
  const byRoute = new Map<string, string[]>();
  for (const d of latest.values()) {
    const what = d.kind.replace(/_/g, " ");
    const told =
      d.outcome === "delivered"
        ? what
        : `${what} failed (${d.error ?? "no answer"})${d.retry ? ", retrying" : ", given up"}`;
    byRoute.set(d.route, [...(byRoute.get(d.route) ?? []), told]);
  }
  return [...byRoute].map(([route, told]) => `${route}: ${told.join(", ")}`).join("; ");
}

/** A text's approvals as one row: who approved it as which role and when, and when it was asked for. */
function approvedRow(state: IncidentState, hash: string, n: LogNames): { event: string; details: string } {
  const a = state.approvals[hash];
  const who = (a?.approved ?? []).map((x) => `${x.by} as ${n.roleTitle(x.role)} (${logUtc(x.at)})`).join(", ");
  const asked = a?.requested
    ? `; asked ${logUtc(a.requested.at)}${a.requested.preapproved ? `; the text was ${preapprovedBy(a.requested.preapproved, n.roleTitle)}` : ""}`
    : "";
  return {
    event: "approved",
    details: `${n.templateTitle(n.draftOf(hash)?.template ?? "message")} (sha ${short(hash)}) by ${who}${asked}`,
  };
}
