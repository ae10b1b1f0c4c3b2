import type { EventData, JournalEvent } from "../journal/events.js";
import { hostIn } from "../journal/order.js";
import type { Milestone, Severity } from "../playbook/schema.js";
import { enquiryKey } from "../incident/comms-log.js";
import { parseIsoTime } from "./iso-time.js";
import type { Freeze } from "../time-freeze.js";

/**
 * One pass over the journal, collecting what the post-mortem needs. Times are milliseconds since
 * the epoch taken from each event's `at` (when it happened, which can be earlier than when it was
 * logged). Lists keep journal order; whoever needs time order sorts the (small) list it uses.
 */

interface Stamp {
  at: number;
  seq: number;
  actor: string;
}

interface MilestoneFact {
  first: Stamp & { estimated: boolean };
  last: Stamp & { estimated: boolean };
}

export type AnswerValue = EventData<"answer">["value"];

export interface StepRun {
  step: string;
  phase: string;
  start: number;
  end: number;
}

export interface Facts {
  opened?: EventData<"incident_opened"> & Stamp;
  declared?: Stamp & { severity: Severity };
  milestones: Partial<Record<Milestone, MilestoneFact>>;
  /** The declaration and every severity change: the severity periods are built from these. */
  severities: (Stamp & { to: Severity; from: Severity | null; reason: string })[];
  scored: (Stamp & EventData<"severity_scored">)[];
  roles: (Stamp & EventData<"role_assigned">)[];
  /** The latest answer to each prompt id (a later answer replaces an earlier one, e.g. after going back). */
  answers: Map<string, Stamp & { step: string; value: AnswerValue }>;
  /** The first draft of each exact text, by hash. */
  drafts: Map<string, Stamp & EventData<"draft_created">>;
  /** Every channel each exact text was drafted for (one text is often cross-posted), in order. */
  draftChannels: Map<string, string[]>;
  approvalRequests: (Stamp & EventData<"approval_requested">)[];
  approvals: (Stamp & EventData<"approved">)[];
  rejections: (Stamp & EventData<"rejected">)[];
  published: (Stamp & Omit<EventData<"published">, "next_update_due"> & { due: number | null })[];
  cadenceMissed: (Stamp & { due: number })[];
  /** Decisions, each once: the same decision recorded again (after going back) is left out. */
  decisions: (Stamp & EventData<"decision">)[];
  /** Journal positions of events that repeat an earlier one (a decision recorded again). */
  repeated: Set<number>;
  notes: (Stamp & EventData<"note">)[];
  snapshots: (Stamp & EventData<"metric_snapshot">)[];
  exitCriteria: Map<string, Stamp & EventData<"exit_criterion">>;
  /** The last state of each checklist item, keyed step#item. */
  checklist: Map<string, Stamp & EventData<"checklist">>;
  stepRuns: StepRun[];
  skipped: (Stamp & EventData<"step_skipped">)[];
  resolved?: Stamp & EventData<"resolved">;
  retro: (Stamp & EventData<"retro_item">)[];
  actions: (Stamp & EventData<"action_item">)[];
  status?: Stamp & EventData<"postmortem_status">;
  /** Media enquiries as they stand: the latest record for each outlet and reporter, in the order first logged. */
  enquiries: Map<string, Stamp & EventData<"media_enquiry"> & { first_at: number }>;
  appearances: (Stamp & EventData<"spokesperson_appearance">)[];
  notices: (Stamp & EventData<"stakeholder_notice">)[];
  evidence: (Stamp & EventData<"evidence">)[];
  /** The business impact: the latest value of each field. */
  impact: EventData<"business_impact">;
  /** Free text with its relative times frozen, by journal position (see frozenFacts). */
  frozen?: Map<number, { text?: string; what?: string; why?: string; summary?: string }>;
  /** The machine of each replica that wrote to the incident (several when a team synced it). */
  hosts: Map<string, string>;
  count: number;
  firstAt?: number;
  lastAt?: number;
}

function emptyFacts(): Facts {
  return {
    milestones: {},
    severities: [],
    scored: [],
    roles: [],
    answers: new Map(),
    drafts: new Map(),
    draftChannels: new Map(),
    approvalRequests: [],
    approvals: [],
    rejections: [],
    published: [],
    cadenceMissed: [],
    decisions: [],
    repeated: new Set(),
    notes: [],
    snapshots: [],
    exitCriteria: new Map(),
    checklist: new Map(),
    hosts: new Map(),
    stepRuns: [],
    skipped: [],
    retro: [],
    actions: [],
    enquiries: new Map(),
    appearances: [],
    notices: [],
    evidence: [],
    impact: {},
    count: 0,
  };
}

// Object.assign onto the fresh stamp, not {...stamp, ...data}: two spreads per event are several
// times slower, and this loop runs once per journal line.
export function scanJournal(events: readonly JournalEvent[]): Facts {
  const scan = new FactsScan();
  for (const [position, e] of events.entries()) scan.add(e, position);
  return scan.finish();
}

/**
 * scanJournal one event at a time, so a journal can be folded while it is read (the post-mortem
 * streams it) without keeping every event. Events come in fold order; `position` is the event's
 * place in that order (the same on every replica), not a file's line number.
 */
export class FactsScan {
  readonly facts = emptyFacts();
  private readonly decided = new Set<string>();
  private open: { step: string; phase: string; start: number } | undefined;

  private close(end: number): void {
    const { open } = this;
    // A literal, not {...open, end}: a spread copy is about three times the size (20 MiB more at
    // 1,000,000 events, measured after a forced GC).
    if (open)
      this.facts.stepRuns.push({
        step: open.step,
        phase: open.phase,
        start: open.start,
        end: Math.max(end, open.start),
      });
    this.open = undefined;
  }

  /** `at` is Date.parse(e.at), when the caller has it already. */
  add(e: JournalEvent, position: number, at = Date.parse(e.at)): void {
    const f = this.facts;
    const stamp: Stamp = { at, seq: position, actor: e.actor };
    f.count++;
    if (!f.hosts.has(e.replica)) f.hosts.set(e.replica, hostIn(e));
    if (f.firstAt === undefined || stamp.at < f.firstAt) f.firstAt = stamp.at;
    if (f.lastAt === undefined || stamp.at > f.lastAt) f.lastAt = stamp.at;
    switch (e.type) {
      case "incident_opened":
        f.opened ??= Object.assign({}, e.data, stamp);
        break;
      case "declared":
        if (!f.declared || stamp.at < f.declared.at) f.declared = { ...stamp, severity: e.data.severity };
        f.severities.push(Object.assign(stamp, { to: e.data.severity, from: null, reason: "declared" }));
        break;
      case "milestone": {
        const value = Object.assign(stamp, { estimated: e.data.estimated === true });
        const known = f.milestones[e.data.name];
        if (!known) f.milestones[e.data.name] = { first: value, last: value };
        else {
          if (value.at < known.first.at) known.first = value;
          if (value.at >= known.last.at) known.last = value;
        }
        break;
      }
      case "role_assigned":
        f.roles.push(Object.assign(stamp, e.data));
        break;
      case "severity_scored":
        f.scored.push(Object.assign(stamp, e.data));
        break;
      case "severity_changed":
        f.severities.push(Object.assign(stamp, e.data));
        break;
      case "step_started":
        this.close(stamp.at);
        this.open = { step: e.data.step, phase: e.data.phase, start: stamp.at };
        break;
      case "step_completed":
        if (this.open?.step === e.data.step) this.close(stamp.at);
        break;
      case "step_skipped":
        f.skipped.push(Object.assign(stamp, e.data));
        if (this.open?.step === e.data.step) this.close(stamp.at);
        break;
      case "session_paused":
        this.close(stamp.at);
        break;
      case "answer":
        f.answers.set(e.data.prompt, Object.assign(stamp, { step: e.data.step, value: e.data.value }));
        break;
      case "checklist":
        f.checklist.set(`${e.data.step}#${e.data.item}`, Object.assign(stamp, e.data));
        break;
      case "draft_created": {
        if (!f.drafts.has(e.data.hash)) f.drafts.set(e.data.hash, Object.assign(stamp, e.data));
        const channels = f.draftChannels.get(e.data.hash);
        if (!channels) f.draftChannels.set(e.data.hash, [e.data.channel]);
        else if (!channels.includes(e.data.channel)) channels.push(e.data.channel);
        break;
      }
      case "approval_requested":
        f.approvalRequests.push(Object.assign(stamp, e.data));
        break;
      case "approved":
        f.approvals.push(Object.assign(stamp, e.data));
        break;
      case "rejected":
        f.rejections.push(Object.assign(stamp, e.data));
        break;
      case "published": {
        const { next_update_due, ...rest } = e.data;
        f.published.push(
          Object.assign(stamp, rest, { due: next_update_due === null ? null : parseIsoTime(next_update_due) }),
        );
        break;
      }
      case "cadence_missed":
        f.cadenceMissed.push(Object.assign(stamp, { due: parseIsoTime(e.data.due) }));
        break;
      case "decision":
        if (this.decided.has(decisionKey(e.data))) f.repeated.add(e.seq);
        else {
          this.decided.add(decisionKey(e.data));
          f.decisions.push(Object.assign(stamp, e.data));
        }
        break;
      case "note":
        f.notes.push(Object.assign(stamp, e.data));
        break;
      case "metric_snapshot":
        f.snapshots.push(Object.assign(stamp, e.data));
        break;
      case "exit_criterion":
        f.exitCriteria.set(e.data.id, Object.assign(stamp, e.data));
        break;
      case "resolved":
        if (!f.resolved || stamp.at >= f.resolved.at) f.resolved = Object.assign(stamp, e.data);
        break;
      case "retro_item":
        f.retro.push(Object.assign(stamp, e.data));
        break;
      case "action_item":
        f.actions.push(Object.assign(stamp, e.data));
        break;
      case "postmortem_status":
        f.status = Object.assign(stamp, e.data);
        break;
      case "media_enquiry": {
        const key = enquiryKey(e.data);
        const before = f.enquiries.get(key);
        f.enquiries.set(key, Object.assign(stamp, e.data, { first_at: before?.first_at ?? stamp.at }));
        break;
      }
      case "spokesperson_appearance":
        f.appearances.push(Object.assign(stamp, e.data));
        break;
      case "stakeholder_notice":
        f.notices.push(Object.assign(stamp, e.data));
        break;
      case "evidence":
        f.evidence.push(Object.assign(stamp, e.data));
        break;
      case "business_impact":
        Object.assign(f.impact, e.data);
        break;
      default:
        break;
    }
  }

  /** The facts once every event is in: the step still open runs to the last event. Call once. */
  finish(): Facts {
    this.close(this.facts.lastAt ?? 0);
    return this.facts;
  }
}

/** The same decision recorded again, as going back to a step used to do, has the same what, why and alternatives. */
function decisionKey(d: EventData<"decision">): string {
  return [d.what, d.why, d.alternatives ?? ""].map(sameText).join("\u0000");
}

/** Text of an answer for display: lists joined, booleans as yes/no; undefined when unanswered. */
export function answerText(value: AnswerValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.length > 0 ? value.join(", ") : undefined;
  if (typeof value === "boolean") return value ? "yes" : "no";
  const text = String(value);
  return text.trim() === "" ? undefined : text;
}

const sameText = (text: string) => text.trim().replace(/\s+/g, " ").toLowerCase();

/**
 * The action items as they stand: a later action_item with the same action text updates the
 * earlier one (e.g. to add an owner), keeping the place of the first.
 */
export function currentActions(facts: Facts): Facts["actions"] {
  // A Map keeps the order of first insertion; setting an existing key updates it in place.
  const byText = new Map<string, Facts["actions"][number]>();
  for (const a of facts.actions) {
    const key = sameText(a.action);
    // An issue opened for an action stays with it when the action is given again with other details.
    const issue = a.issue_url ?? byText.get(key)?.issue_url;
    byText.set(key, issue && !a.issue_url ? { ...a, issue_url: issue } : a);
  }
  return [...byText.values()];
}

/** Answers written in free text, whose relative times ("25 minutes ago") are frozen for the post-mortem. */
const FREE_TEXT = ["confirmed_facts", "unconfirmed", "posture_why", "what_happened", "paused_what", "media_log"];

/**
 * The facts with every relative time in free text (answers above, decisions, notes, the resolution
 * summary) resolved against the time it was written; unchanged without a freeze function.
 */
export function frozenFacts(f: Facts, freeze: Freeze | undefined): Facts {
  if (!freeze) return f;
  for (const id of FREE_TEXT) {
    const a = f.answers.get(id);
    if (a && typeof a.value === "string") f.answers.set(id, { ...a, value: freeze(a.value, a.at) });
  }
  // Only what changed is copied and remembered (the timeline falls back to the event's own text):
  // a long incident has a note per check-in, and most hold no relative time.
  const frozen = new Map<number, { text?: string; what?: string; why?: string; summary?: string }>();
  f.decisions = f.decisions.map((d) => {
    const texts = { what: freeze(d.what, d.at), why: freeze(d.why, d.at) };
    if (texts.what === d.what && texts.why === d.why) return d;
    frozen.set(d.seq, texts);
    return { ...d, ...texts };
  });
  f.notes = f.notes.map((n) => {
    const text = freeze(n.text, n.at);
    if (text === n.text) return n;
    frozen.set(n.seq, { text });
    return { ...n, text };
  });
  if (f.resolved?.summary) {
    const summary = freeze(f.resolved.summary, f.resolved.at);
    if (summary !== f.resolved.summary) {
      frozen.set(f.resolved.seq, { summary });
      f.resolved = { ...f.resolved, summary };
    }
  }
  f.frozen = frozen;
  return f;
}
