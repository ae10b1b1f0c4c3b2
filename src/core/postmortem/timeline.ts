import type { JournalEvent } from "../journal/events.js";
import { V1_REPLICA } from "../journal/order.js";
import type { Milestone } from "../playbook/schema.js";
import { approvalSubject } from "./approvals.js";
import type { Facts } from "./facts.js";
import { flat } from "./flat.js";
import { formatNumber } from "./numbers.js";
import { isoMinutesOf, parseIsoTime } from "./iso-time.js";

/**
 * The timeline: the journal as a forward "screenplay" in UTC, with the milestones marked. Only
 * events a reader of the post-mortem needs become rows (answers, ticks and step changes do not).
 */

export interface TimelineEntry {
  at: string;
  seq: number;
  marker?: string;
  event: string;
  actor: string;
  details: string;
  link?: string;
}

const MILESTONE_LABELS: Record<Milestone, string> = {
  impact_started: "Impact began",
  detected: "Detected",
  aware: "First aware",
  content_paused: "Content paused",
  content_resumed: "Content resumed",
  mitigated: "Mitigated",
  impact_ended: "Impact ended",
};

/** The markers, in the order of a crisis, and which event carries each. */
export function markerSeqs(facts: Facts, firstPublicSeq: number | undefined): Map<number, string> {
  const m = facts.milestones;
  const markers = new Map<number, string>();
  const put = (seq: number | undefined, label: string) => {
    if (seq !== undefined && !markers.has(seq)) markers.set(seq, label);
  };
  put(m.impact_started?.first.seq, "IMPACT BEGAN");
  put(m.detected?.first.seq, "DETECTED");
  put(facts.declared?.seq, "DECLARED");
  put(m.content_paused?.first.seq, "CONTENT PAUSED");
  put(firstPublicSeq, "FIRST PUBLIC RESPONSE");
  put(m.mitigated?.first.seq, "MITIGATED");
  put(m.impact_ended?.last.seq, "IMPACT ENDED");
  put(facts.resolved?.seq, "RESOLVED");
  return markers;
}

function row(
  e: JournalEvent,
  facts: Facts,
  roleTitle: (id: string) => string,
): Omit<TimelineEntry, "at" | "seq" | "actor"> | undefined {
  switch (e.type) {
    case "incident_opened":
      return {
        event: "Incident opened",
        details: `${e.data.title}; playbook ${e.data.playbook.id} ${e.data.playbook.version}${e.data.drill ? ", a drill" : ""}`,
      };
    case "declared":
      return { event: "Declared", details: e.data.severity };
    case "milestone":
      return { event: MILESTONE_LABELS[e.data.name], details: e.data.estimated ? "estimated time" : "" };
    case "role_assigned":
      return { event: "Role assigned", details: `${roleTitle(e.data.role)}: ${e.data.person}` };
    case "severity_scored":
      return { event: "Severity scored", details: [e.data.computed, ...e.data.reasons].join("; ") };
    case "severity_changed":
      if (e.data.from === null && facts.declared) return undefined;
      return { event: "Severity changed", details: `${e.data.from ?? "none"} to ${e.data.to}: ${e.data.reason}` };
    case "step_skipped":
      return e.data.by === "responder"
        ? { event: "Step skipped", details: `${e.data.step}: ${e.data.reason}` }
        : undefined;
    case "decision": {
      if (facts.repeated.has(e.seq)) return undefined;
      const fz = facts.frozen?.get(e.seq);
      return {
        event: "Decision",
        details: `${fz?.what ?? e.data.what}. Why: ${fz?.why ?? e.data.why}${e.data.alternatives ? `. Alternatives: ${e.data.alternatives}` : ""}`,
      };
    }
    case "note":
      return { event: "Note", details: facts.frozen?.get(e.seq)?.text ?? e.data.text };
    case "approved":
    case "rejected": {
      const what = approvalSubject(
        facts.drafts.get(e.data.hash)?.template,
        facts.draftChannels.get(e.data.hash) ?? [],
        e.data.hash,
      );
      // When several machines wrote to the incident, say which one the decision came from.
      const on = teamReplicas(facts.hosts) > 1 ? ` on ${facts.hosts.get(e.replica) ?? e.replica}` : "";
      return e.type === "approved"
        ? { event: "Approved", details: `${what} by ${e.data.by} as ${roleTitle(e.data.role)}${on}` }
        : { event: "Rejected", details: `${what} by ${e.data.by} as ${roleTitle(e.data.role)}${on}: ${e.data.reason}` };
    }
    case "replica_joined":
      return { event: "Joined", details: `${e.actor} from ${e.data.host}` };
    case "published": {
      const due = e.data.next_update_due
        ? `; next update due ${isoMinutesOf(parseIsoTime(e.data.next_update_due))}`
        : "";
      return {
        event: e.data.audience === "public" ? "Published" : `Sent, ${e.data.audience}`,
        details: `${e.data.channel}: ${e.data.template}${due}`,
        ...(e.data.url ? { link: e.data.url } : {}),
      };
    }
    case "message_skipped":
      return {
        event: "Message not published",
        details: `${e.data.template} on ${e.data.channels.join(", ")}: ${e.data.reason}`,
      };
    case "cadence_missed":
      return {
        event: "Update missed",
        details: `the update promised for ${isoMinutesOf(parseIsoTime(e.data.due))} was not published on time`,
      };
    case "metric_snapshot": {
      const d = e.data;
      const parts = [
        d.mentions_per_hour !== undefined ? `${formatNumber(d.mentions_per_hour)} mentions/h` : "",
        d.negative_share !== undefined ? `${formatNumber(d.negative_share)}% negative` : "",
        d.media_pickups !== undefined ? `${d.media_pickups} media ${d.media_pickups === 1 ? "pickup" : "pickups"}` : "",
        d.support_tickets !== undefined
          ? `${d.support_tickets} support ${d.support_tickets === 1 ? "ticket" : "tickets"}`
          : "",
      ].filter(Boolean);
      return { event: "Check-in", details: parts.join("; ") };
    }
    case "media_enquiry": {
      const d = e.data;
      return {
        event: `Media enquiry, ${d.status}`,
        details: `${d.outlet}${d.reporter ? ` (${d.reporter})` : ""}: ${d.question}${d.deadline ? `; deadline ${isoMinutesOf(Date.parse(d.deadline))}` : ""}`,
      };
    }
    case "spokesperson_appearance":
      return { event: "Spokesperson", details: `${e.data.spokesperson}, ${e.data.format} with ${e.data.outlet}` };
    case "stakeholder_notice":
      return {
        event: "Stakeholder informed",
        details: `${e.data.stakeholder}${e.data.channel ? ` by ${e.data.channel}` : ""}${e.data.summary ? `: ${e.data.summary}` : ""}`,
      };
    case "evidence":
      return {
        event: "Evidence",
        details: e.data.description,
        ...(/^https?:/.test(e.data.link) ? { link: e.data.link } : {}),
      };
    case "exit_criterion":
      return { event: "Exit criterion", details: `${e.data.met ? "met" : "not met"}: ${e.data.text}` };
    case "resolved":
      return { event: "Resolved", details: facts.frozen?.get(e.seq)?.summary ?? e.data.summary ?? "" };
    default:
      return undefined;
  }
}

/** How many replicas other than v1 (a journal from before sync) wrote to the incident. */
function teamReplicas(hosts: Map<string, string>): number {
  return [...hosts.keys()].filter((r) => r !== V1_REPLICA).length;
}

/** Rows that depend on the whole journal (the facts, the playbook's role titles): built at the end, from what they need. */
const DEFERRED = new Set<JournalEvent["type"]>([
  "role_assigned",
  "severity_changed",
  "decision",
  "note",
  "approved",
  "rejected",
  "resolved",
]);
const NO_FACTS = { repeated: new Set<number>(), hosts: new Map<string, string>() } as unknown as Facts;
const NO_TITLES = (id: string) => id;

/**
 * A row that depends on the whole journal: the little of its event the row is built from at the
 * end, held in this one object (an event's envelope would be one more object per row).
 */
class Pending {
  constructor(
    readonly at: string,
    readonly seq: number,
    readonly actor: string,
    readonly type: JournalEvent["type"],
    /** The event's own seq (what facts.repeated and facts.frozen know it by), not its place in fold order. */
    readonly eventSeq: number,
    readonly replica: string,
    readonly data: JournalEvent["data"],
  ) {}

  /** The fields of its event that row() reads. */
  event(): JournalEvent {
    const { type, eventSeq: seq, replica, actor, data } = this;
    return { type, seq, replica, actor, data } as JournalEvent;
  }
}

/**
 * A finished row, every field of an entry in an entry's order, all held in the object itself: a
 * plain object given its later fields by Object.assign keeps them in a second array, and a long
 * incident has hundreds of thousands of rows. A missing marker or link is undefined, which
 * JSON.stringify leaves out just as it leaves out a missing key.
 */
class Row implements TimelineEntry {
  constructor(
    readonly at: string,
    readonly seq: number,
    readonly marker: string | undefined,
    readonly actor: string,
    readonly event: string,
    readonly details: string,
    readonly link: string | undefined,
  ) {}
}

/**
 * The timeline, built one event at a time (in fold order), keeping per row only what it shows, so
 * the post-mortem can build it while it streams the journal instead of keeping every event. A row
 * that depends on the event alone is kept as its finished entry (the few the markers name are
 * made again at the end, the marker in its place): a long incident's rows are most of what the
 * post-mortem keeps, and an entry made once is one object per row (a Row) instead of three.
 */
export class TimelineScan {
  private readonly rows: (Row | Pending)[] = [];
  /** The time of each row, in ms (Date.parse of its `at`). */
  private readonly times: number[] = [];

  /** `ms` is Date.parse(e.at), when the caller has it already. */
  add(e: JournalEvent, position: number, ms = Date.parse(e.at)): void {
    if (DEFERRED.has(e.type)) {
      // Only the fields row() reads: the id, times and envelope of a kept event would cost memory.
      this.rows.push(new Pending(e.at, position, e.actor, e.type, e.seq, e.replica, e.data));
    } else {
      const r = row(e, NO_FACTS, NO_TITLES);
      if (!r) return;
      this.rows.push(new Row(e.at, position, undefined, e.actor, r.event, flat(r.details), r.link));
    }
    this.times.push(ms);
  }

  finish(facts: Facts, markers: Map<number, string>, roleTitle: (id: string) => string): TimelineEntry[] {
    const rows: TimelineEntry[] = [];
    const times: number[] = [];
    let sorted = true;
    for (let k = 0; k < this.rows.length; k++) {
      const kept = this.rows[k] as Row | Pending;
      let entry: TimelineEntry;
      const marker = markers.get(kept.seq);
      if (kept instanceof Pending) {
        const r = row(kept.event(), facts, roleTitle);
        if (!r) continue;
        entry = new Row(kept.at, kept.seq, marker, kept.actor, r.event, flat(r.details), r.link);
      } else if (marker) {
        entry = new Row(kept.at, kept.seq, marker, kept.actor, kept.event, kept.details, kept.link);
      } else entry = kept;
      const seq = entry.seq;
      const ms = this.times[k] as number;
      const last = rows[rows.length - 1];
      if (last && (ms < (times[times.length - 1] ?? ms) || (ms === times[times.length - 1] && seq < last.seq)))
        sorted = false;
      rows.push(entry);
      times.push(ms);
    }
    this.rows.length = 0;
    this.times.length = 0;
    if (sorted) return rows;
    // Notes added with --at land out of order: sort by time, then by journal position.
    const order = rows
      .map((_, i) => i)
      .sort((a, b) => (times[a] ?? 0) - (times[b] ?? 0) || (rows[a]?.seq ?? 0) - (rows[b]?.seq ?? 0));
    return order.map((i) => rows[i] as TimelineEntry);
  }
}
