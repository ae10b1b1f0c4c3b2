import type { AnswerValue } from "../expr/evaluate.js";
import type { Milestone, Severity } from "../playbook/schema.js";
import { enquiryKey } from "../incident/comms-log.js";
import { isConcurrent, registerOf, registerValue, side, type Conflict, type ConflictSide } from "./conflicts.js";
import type { EventData, JournalEvent } from "./events.js";
import { hostIn } from "./order.js";

/**
 * The incident as the journal says it is. foldEvent applies one event in place in O(1), so a
 * long-running process keeps its state current event by event and a 100,000-event journal folds
 * in one linear pass. Nothing here does I/O; the same fold serves the runner, the incident log,
 * resume, list and status.
 */

type Dict<T> = Record<string, T>;
const dict = <T>(): Dict<T> => Object.create(null) as Dict<T>;

/**
 * Who did it and when. `seq` here is the event's position in fold order ((clock, id)), the same on
 * every replica holding the same events: not the line number of one machine's file.
 */
interface Stamp {
  at: string;
  actor: string;
  seq: number;
}

export interface MessageProgress {
  template: string;
  /** The latest draft for each channel in this visit. */
  drafts: Dict<{
    hash: string;
    text: string;
    revision: number;
    edited: boolean;
    next_update_due?: string;
    audience?: string;
    preapproved?: EventData<"draft_created">["preapproved"];
  }>;
  /** Texts the drafter accepted (approval_requested), with the roles they need. */
  accepted: Dict<string[]>;
  /** Approvals and rejections of each text, by role: the latest decision wins. */
  decisions: Dict<Dict<{ approved: boolean; by: string; reason?: string }>>;
  published: Dict<string>;
  skippedChannels: Dict<string>;
}

/** The step being worked on: what has already been recorded in this visit, for an exact resume. */
interface Visit {
  step: string;
  index: number;
  startSeq: number;
  startedAt: string;
  answered: Dict<AnswerValue>;
  /** Checklist items recorded in this visit, by item number. */
  checklist: Dict<boolean>;
  messages: Dict<MessageProgress>;
}

type Position =
  { step: string; status: "in-progress" } | { step: string; status: "done" } | { step: string; status: "target" };

export interface IncidentState {
  id: string;
  title: string;
  playbook: EventData<"incident_opened">["playbook"];
  drill: boolean;
  brand?: string;
  openedAt: string;
  declaredAt?: string;
  status: "open" | "resolved";
  paused: boolean;
  severity: Severity | null;
  severityHistory: (Stamp & { from: Severity | null; to: Severity; reason: string })[];
  scored?: EventData<"severity_scored"> & Stamp;
  roles: Dict<string>;
  roleHistory: (Stamp & { role: string; person: string })[];
  answers: Dict<AnswerValue>;
  /** The step each answer was last given in. */
  answerSteps: Dict<string>;
  steps: Dict<{
    visits: number;
    status: "in-progress" | "completed" | "skipped";
    skip?: { reason: string; by: string };
  }>;
  position: Position | undefined;
  visit: Visit | undefined;
  /** Checklist items by "step#item": the latest record wins. */
  checklist: Dict<Stamp & { step: string; item: number; text: string; done: boolean }>;
  drafts: Dict<
    Stamp & {
      step: string;
      template: string;
      text: string;
      channels: string[];
      revision: number;
      edited: boolean;
      next_update_due?: string;
    }
  >;
  approvals: Dict<{
    requested?: Stamp & { roles: string[]; preapproved?: EventData<"approval_requested">["preapproved"] };
    /** replica: the machine the approval came from. */
    approved: (Stamp & { role: string; by: string; replica: string })[];
    rejected: (Stamp & { role: string; by: string; reason: string })[];
  }>;
  publications: (Stamp & EventData<"published">)[];
  skippedMessages: (Stamp & EventData<"message_skipped">)[];
  nextUpdateDue: string | null;
  /** When the first public message went out: the first-response target is met then. */
  firstPublicAt?: string;
  cadenceMissed: string[];
  /**
   * Answers kept with `input` events since the runner last recorded anything else: the first
   * questions of a unit whose event comes with a later answer. A resume replays them in order.
   */
  pendingInputs: { key: string; value: AnswerValue; at: string }[];
  decisions: (Stamp & EventData<"decision">)[];
  notes: (Stamp & EventData<"note">)[];
  snapshots: (Stamp & EventData<"metric_snapshot">)[];
  milestones: (Stamp & { name: Milestone; step?: string; estimated?: boolean })[];
  exitCriteria: Dict<Stamp & { text: string; met: boolean }>;
  resolved?: Stamp & { summary?: string };
  /** Each replica that wrote to the incident: its machine and person, from its first event. */
  replicas: Dict<{ host: string; actor: string; at: string }>;
  /** The latest write of each register (severity, a role's holder): what a new write supersedes. */
  registers: Dict<{ id: string; replica: string }>;
  /** The latest draft of each message and channel ("template#channel" → hash). */
  latestDrafts: Dict<string>;
  /** Concurrent changes from several machines and how each was resolved (docs/journal.md). */
  conflicts: Conflict[];
  /**
   * The events folded, in fold order. A state restored from a checkpoint (services/journal/
   * checkpoint.ts) holds only those folded since: what the fold itself and the log need is kept in
   * the fields below, so only the runner (which folds every event) may read this whole.
   */
  events: JournalEvent[];
  /** How many events were folded: each one's position in fold order is the count before it. */
  eventCount: number;
  /** The latest `at` of any event: the time "Now" is measured from (a note --at can be earlier than its line). */
  latestAt: string;
  /** The last event in fold order that is not an `input` (bookkeeping for resume): what list and status show. */
  lastEvent?: { at: string; type: string; actor: string };
  /** Each media enquiry's latest record, by outlet and reporter, in order of first mention. */
  enquiries: Dict<{ first_at: string; data: EventData<"media_enquiry"> }>;
  /** The resolution that counts, as a conflict names it when a second one arrives. */
  resolvedSide?: ConflictSide;
  /** The latest write of each register as a conflict names the write it beats. */
  registerSides: Dict<ConflictSide>;
  /** Texts asked, approved or rejected and not published, in the order of `approvals`: what may be waiting. */
  awaiting: Dict<true>;
  /** Every text published. */
  publishedHashes: Dict<true>;
  lastSeq: number;
  lastLoggedAt: string;
}

export function emptyState(): IncidentState {
  return {
    id: "",
    title: "",
    playbook: { id: "", version: "", title: "", crisis_type: "" },
    drill: false,
    openedAt: "",
    status: "open",
    paused: false,
    severity: null,
    severityHistory: [],
    roles: dict(),
    roleHistory: [],
    answers: dict(),
    answerSteps: dict(),
    steps: dict(),
    position: undefined,
    visit: undefined,
    checklist: dict(),
    drafts: dict(),
    approvals: dict(),
    publications: [],
    skippedMessages: [],
    nextUpdateDue: null,
    cadenceMissed: [],
    pendingInputs: [],
    decisions: [],
    notes: [],
    snapshots: [],
    milestones: [],
    exitCriteria: dict(),
    replicas: dict(),
    registers: dict(),
    latestDrafts: dict(),
    conflicts: [],
    events: [],
    eventCount: 0,
    latestAt: "",
    enquiries: dict(),
    registerSides: dict(),
    awaiting: dict(),
    publishedHashes: dict(),
    lastSeq: -1,
    lastLoggedAt: "",
  };
}

function progress(visit: Visit, template: string): MessageProgress {
  let p = visit.messages[template];
  if (!p) {
    p = { template, drafts: dict(), accepted: dict(), decisions: dict(), published: dict(), skippedChannels: dict() };
    visit.messages[template] = p;
  }
  return p;
}

/** The visit's message that drafted this text, if any. */
function messageOf(visit: Visit | undefined, hash: string): MessageProgress | undefined {
  if (!visit) return undefined;
  for (const p of Object.values(visit.messages)) {
    for (const d of Object.values(p.drafts)) if (d.hash === hash) return p;
  }
  return undefined;
}

/**
 * Events that do not end a unit of questions: what other terminals, the timer or Ctrl+C write, and
 * the exit criteria a resolution records from its kept answers (a crash between them and
 * `resolved` replays the answers, and the criteria are recorded again, the later ones counting).
 */
function keepsInputs(e: JournalEvent): boolean {
  return (
    e.type === "input" ||
    e.type === "session_resumed" ||
    e.type === "cadence_missed" ||
    e.type === "exit_criterion" ||
    e.type === "replica_joined" ||
    (e.type === "session_paused" && e.data.how === "interrupted")
  );
}

/** Applies one event to the state, in place, and returns the state. */
export function foldEvent(s: IncidentState, e: JournalEvent): IncidentState {
  const position = s.eventCount++;
  s.events.push(e);
  if (e.at > s.latestAt) s.latestAt = e.at;
  if (e.type !== "input") s.lastEvent = { at: e.logged_at, type: e.type, actor: e.actor };
  if (!keepsInputs(e) && s.pendingInputs.length > 0) s.pendingInputs = [];
  s.lastSeq = position;
  s.lastLoggedAt = e.logged_at;
  const stamp: Stamp = { at: e.at, actor: e.actor, seq: position };
  foldRegister(s, e);
  // A replica is known from its first event: incident_opened and replica_joined name its machine.
  s.replicas[e.replica] ??= { host: hostIn(e), actor: e.actor, at: e.at };
  const visit = s.visit;
  switch (e.type) {
    case "incident_opened":
      s.id = e.data.incident_id;
      s.title = e.data.title;
      s.playbook = e.data.playbook;
      s.drill = e.data.drill;
      if (e.data.brand !== undefined) s.brand = e.data.brand;
      s.openedAt = e.at;
      break;
    case "declared":
      s.declaredAt = e.at;
      break;
    case "milestone":
      s.milestones.push({
        ...stamp,
        name: e.data.name,
        ...(e.data.step ? { step: e.data.step } : {}),
        ...(e.data.estimated ? { estimated: true } : {}),
      });
      break;
    case "role_assigned":
      s.roles[e.data.role] = e.data.person;
      s.roleHistory.push({ ...stamp, ...e.data });
      break;
    case "severity_scored":
      s.scored = { ...stamp, ...e.data };
      break;
    case "severity_changed":
      s.severity = e.data.to;
      s.severityHistory.push({ ...stamp, ...e.data });
      break;
    case "step_started": {
      const rec = (s.steps[e.data.step] ??= { visits: 0, status: "in-progress" });
      rec.visits++;
      rec.status = "in-progress";
      delete rec.skip;
      s.position = { step: e.data.step, status: "in-progress" };
      s.visit = {
        step: e.data.step,
        index: e.data.index,
        startSeq: position,
        startedAt: e.at,
        answered: dict(),
        checklist: dict(),
        messages: dict(),
      };
      s.paused = false;
      break;
    }
    case "step_completed":
    case "step_skipped": {
      const rec = (s.steps[e.data.step] ??= { visits: 0, status: "completed" });
      rec.status = e.type === "step_completed" ? "completed" : "skipped";
      if (e.type === "step_skipped") rec.skip = { reason: e.data.reason, by: e.data.by };
      // A repeating step the responder chose to go through again is the next step to start.
      s.position = { step: e.data.step, status: e.type === "step_completed" && e.data.again ? "target" : "done" };
      if (visit?.step === e.data.step) s.visit = undefined;
      break;
    }
    case "went_back":
      s.position = { step: e.data.to, status: "target" };
      s.visit = undefined;
      break;
    case "answer":
      s.answers[e.data.prompt] = e.data.value;
      // The declaration's one-sentence description names the incident.
      if (e.data.prompt === "what_happened" && typeof e.data.value === "string" && e.data.value.trim())
        s.title = e.data.value;
      s.answerSteps[e.data.prompt] = e.data.step;
      if (visit?.step === e.data.step) visit.answered[e.data.prompt] = e.data.value;
      break;
    case "checklist":
      s.checklist[`${e.data.step}#${e.data.item}`] = { ...stamp, ...e.data };
      if (visit?.step === e.data.step) visit.checklist[String(e.data.item)] = e.data.done;
      break;
    case "draft_created": {
      const d = e.data;
      const known = s.drafts[d.hash];
      s.latestDrafts[`${d.template}#${d.channel}`] = d.hash;
      if (known) {
        if (!known.channels.includes(d.channel)) known.channels.push(d.channel);
      } else {
        s.drafts[d.hash] = {
          ...stamp,
          step: d.step,
          template: d.template,
          text: d.text,
          channels: [d.channel],
          revision: d.revision,
          edited: d.edited,
          ...(d.next_update_due ? { next_update_due: d.next_update_due } : {}),
        };
      }
      if (visit?.step === d.step) {
        const p = progress(visit, d.template);
        p.drafts[d.channel] = {
          hash: d.hash,
          text: d.text,
          revision: d.revision,
          edited: d.edited,
          ...(d.next_update_due ? { next_update_due: d.next_update_due } : {}),
          ...(d.audience ? { audience: d.audience } : {}),
          ...(d.preapproved ? { preapproved: d.preapproved } : {}),
        };
        delete p.published[d.channel];
      }
      break;
    }
    case "approval_requested": {
      const a = approvalsOf(s, e.data.hash);
      a.requested = {
        ...stamp,
        roles: e.data.roles,
        ...(e.data.preapproved ? { preapproved: e.data.preapproved } : {}),
      };
      const p = messageOf(visit, e.data.hash);
      if (p) {
        p.accepted[e.data.hash] = e.data.roles;
        p.decisions[e.data.hash] = dict();
      }
      break;
    }
    case "approved":
    case "rejected": {
      noteOldTextDecision(s, e);
      const a = approvalsOf(s, e.data.hash);
      if (e.type === "approved") a.approved.push({ ...stamp, role: e.data.role, by: e.data.by, replica: e.replica });
      else a.rejected.push({ ...stamp, role: e.data.role, by: e.data.by, reason: e.data.reason });
      const p = messageOf(visit, e.data.hash);
      if (p) {
        const byRole = (p.decisions[e.data.hash] ??= dict());
        byRole[e.data.role] = {
          approved: e.type === "approved",
          by: e.data.by,
          ...(e.type === "rejected" ? { reason: e.data.reason } : {}),
        };
      }
      break;
    }
    case "published": {
      s.publications.push({ ...stamp, ...e.data });
      s.publishedHashes[e.data.hash] = true;
      delete s.awaiting[e.data.hash];
      if (e.data.audience === "public") {
        if (s.firstPublicAt === undefined || e.at < s.firstPublicAt) s.firstPublicAt = e.at;
        // Holding statements and updates set the promise (what their text states, or none); a
        // final statement ends it; replies, apologies and the rest leave it alone. Journals from
        // before kinds were recorded: every public message set it.
        const kind = e.data.kind;
        if (kind === undefined || kind === "holding" || kind === "update") s.nextUpdateDue = e.data.next_update_due;
        else if (kind === "final") s.nextUpdateDue = null;
      }
      const p = messageOf(visit, e.data.hash);
      if (p) p.published[e.data.channel] = e.data.hash;
      break;
    }
    case "message_skipped": {
      s.skippedMessages.push({ ...stamp, ...e.data });
      if (visit?.step === e.data.step) {
        const p = progress(visit, e.data.template);
        for (const c of e.data.channels) p.skippedChannels[c] = e.data.reason;
      }
      break;
    }
    case "cadence_missed":
      s.cadenceMissed.push(e.data.due);
      break;
    case "input":
      s.pendingInputs.push({ key: e.data.key, value: e.data.value, at: e.at });
      break;
    case "decision":
      s.decisions.push({ ...stamp, ...e.data });
      break;
    case "note":
      s.notes.push({ ...stamp, ...e.data });
      break;
    case "metric_snapshot":
      s.snapshots.push({ ...stamp, ...e.data });
      break;
    case "media_enquiry": {
      const key = enquiryKey(e.data);
      s.enquiries[key] = { first_at: s.enquiries[key]?.first_at ?? e.at, data: e.data };
      break;
    }
    case "exit_criterion":
      s.exitCriteria[e.data.id] = { ...stamp, text: e.data.text, met: e.data.met };
      break;
    case "session_paused":
      s.paused = true;
      break;
    case "session_resumed":
      s.paused = false;
      break;
    case "resolved":
      if (s.resolved) {
        // Two people closed it at once: the first in fold order counts, the other is shown.
        const first = s.resolvedSide;
        if (first)
          s.conflicts.push({
            kind: "resolved-twice",
            subject: "resolution",
            kept: first,
            other: side(e, "resolved"),
            rule: "the first resolution in (clock, id) order counts; the other is a duplicate",
          });
        break;
      }
      s.status = "resolved";
      s.resolvedSide = side(e, "resolved");
      s.resolved = { ...stamp, ...(e.data.summary !== undefined ? { summary: e.data.summary } : {}) };
      s.paused = false;
      break;
    default:
      // retro_item, action_item, postmortem_status belong to the post-mortem.
      break;
  }
  return s;
}

/** A text's approvals record, made at its first request, approval or rejection. */
function approvalsOf(s: IncidentState, hash: string): IncidentState["approvals"][string] {
  let a = s.approvals[hash];
  if (!a) {
    a = s.approvals[hash] = { approved: [], rejected: [] };
    if (!s.publishedHashes[hash]) s.awaiting[hash] = true;
  }
  return a;
}

/** Register writes: the latest in fold order wins; one that did not see the write it now follows is a conflict. */
function foldRegister(s: IncidentState, e: JournalEvent): void {
  const register = registerOf(e);
  if (register === undefined) return;
  const head = s.registers[register];
  if (head && isConcurrent(e, head)) {
    const loser = s.registerSides[register];
    if (loser)
      s.conflicts.push({
        kind: "register",
        subject: register,
        kept: side(e, registerValue(e)),
        other: loser,
        rule: "concurrent changes: the one with the highest (clock, id) wins",
      });
  }
  s.registers[register] = { id: e.id, replica: e.replica };
  s.registerSides[register] = side(e, registerValue(e));
}

/** An approval or rejection of a text that was redrafted meanwhile applies to the old text only: shown. */
function noteOldTextDecision(s: IncidentState, e: Extract<JournalEvent, { type: "approved" | "rejected" }>): void {
  const draft = s.drafts[e.data.hash];
  if (!draft) return;
  const newer = draft.channels
    .map((c) => s.latestDrafts[`${draft.template}#${c}`])
    .find((h) => h !== undefined && h !== e.data.hash);
  if (newer === undefined) return;
  const redraft = s.drafts[newer];
  s.conflicts.push({
    kind: "approved-redrafted",
    subject: `${draft.template} text ${e.data.hash.slice(0, 12)}`,
    kept: {
      id: "",
      actor: redraft?.actor ?? "",
      replica: "",
      at: redraft?.at ?? "",
      value: `redraft ${newer.slice(0, 12)} still waits`,
    },
    other: side(e, `${e.type === "approved" ? "approved" : "rejected"} as ${e.data.role} by ${e.data.by}`),
    rule: "an approval binds to the exact text (sha256): it applies to the old text only",
  });
}

/** Empties a state in place, so a holder of the object sees the re-fold. */
export function resetState(s: IncidentState): IncidentState {
  for (const key of Object.keys(s)) delete (s as unknown as Record<string, unknown>)[key];
  return Object.assign(s, emptyState());
}

export function foldEvents(events: Iterable<JournalEvent>, state: IncidentState = emptyState()): IncidentState {
  for (const e of events) foldEvent(state, e);
  return state;
}
