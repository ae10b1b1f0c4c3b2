import type { EventData, JournalEvent } from "../journal/events.js";
import type { IncidentState } from "../journal/fold.js";
import type { Severity } from "../playbook/schema.js";
import { rank } from "../severity/score.js";
import type { NotifyConfig, NotifyRoute } from "./config.js";
import type { NotifyEvent } from "./kinds.js";

/**
 * Which notifications an incident owes, derived from its journal alone: every notifying event
 * (and the next promised update, shortly before it is due) times every route that wants it. Each
 * has an idempotency key, `<source>/<route>`; the `notification_attempt` events recorded under that
 * key say whether it was delivered. Only the replica that wrote the source event sends it, so two
 * machines that synced the same events never both send one (docs/notifications.md).
 */

/** A notification older than this is not sent any more: news of yesterday is noise. */
const EXPIRE_MS = 24 * 3600_000;
/** Attempts at one key, over all runs, after which it is given up. */
export const MAX_ATTEMPTS = 12;
const DEFAULT_UPDATE_DUE_MINUTES = 10;

type NotificationStatus =
  | "pending" // to be sent by this replica now
  | "delivered"
  | "given-up"
  | "elsewhere" // another replica sends it
  | "obsolete" // an approval request decided before a retry came round
  | "expired"
  | "not-yet"; // an update due later

export interface Planned {
  key: string;
  route: string;
  kind: NotifyEvent;
  source: string;
  /** When the thing it tells of happened. */
  at: string;
  /** The replica that sends it: the one that wrote the source event. */
  sender: string;
  severity: Severity | null;
  status: NotificationStatus;
  attempts: EventData<"notification_attempt">[];
  event?: JournalEvent;
  /** For update_due: the promised time. */
  due?: string;
}

interface Source {
  kind: NotifyEvent;
  source: string;
  at: string;
  sender: string;
  severity: Severity | null;
  event?: JournalEvent;
  due?: string;
}

const worse = (a: Severity | null, b: Severity | null): Severity | null =>
  a === null ? b : b === null ? a : rank(a) >= rank(b) ? a : b;

/** The events that owe a notification, with the severity in force when each happened. */
function sources(state: IncidentState): Source[] {
  const out: Source[] = [];
  let severity: Severity | null = null;
  let resolved = false;
  const of = (e: JournalEvent, kind: NotifyEvent, sev: Severity | null) =>
    out.push({ kind, source: e.id, at: e.at, sender: e.replica, severity: sev, event: e });
  for (const e of state.events) {
    switch (e.type) {
      case "declared":
        severity = e.data.severity;
        of(e, "declared", severity);
        break;
      case "severity_changed":
        if (e.data.from !== null && state.declaredAt !== undefined)
          of(e, "severity_changed", worse(e.data.from, e.data.to));
        severity = e.data.to;
        break;
      case "approval_requested":
        if (e.data.roles.length > 0) of(e, "approval_waiting", severity);
        break;
      case "cadence_missed":
        of(e, "update_missed", severity);
        break;
      case "resolved":
        if (!resolved) of(e, "resolved", severity);
        resolved = true;
        break;
      default:
        break;
    }
  }
  // The promise in force: the latest publication that set it says who sends its reminder.
  const due = state.nextUpdateDue;
  if (due && state.status !== "resolved") {
    const setBy = [...state.events].reverse().find((e) => e.type === "published" && e.data.next_update_due === due);
    out.push({
      kind: "update_due",
      source: `update_due@${due}`,
      at: due,
      sender: setBy?.replica ?? "",
      severity: state.severity,
      due,
    });
  }
  return out;
}

function routeWants(route: NotifyRoute, kind: NotifyEvent, severity: Severity | null, drill: boolean): boolean {
  if (route.events && !route.events.includes(kind)) return false;
  if (drill && route.drills === false) return false;
  if (route.min_severity && (severity === null || rank(severity) < rank(route.min_severity))) return false;
  return true;
}

/** True once a text waiting for approval was approved by every role asked, rejected or published. */
function decided(state: IncidentState, hash: string): boolean {
  const a = state.approvals[hash];
  if (!a?.requested) return true;
  if (state.publications.some((p) => p.hash === hash) || a.rejected.some((r) => r.seq > a.requested!.seq)) return true;
  const done = new Set(a.approved.filter((x) => x.seq > a.requested!.seq).map((x) => x.role));
  return a.requested.roles.every((r) => done.has(r));
}

export function planNotifications(state: IncidentState, config: NotifyConfig, replica: string, now: Date): Planned[] {
  const attempts = new Map<string, EventData<"notification_attempt">[]>();
  for (const e of state.events)
    if (e.type === "notification_attempt") attempts.set(e.data.key, [...(attempts.get(e.data.key) ?? []), e.data]);
  const leadMs = (config.update_due_minutes ?? DEFAULT_UPDATE_DUE_MINUTES) * 60_000;
  const out: Planned[] = [];
  for (const s of sources(state)) {
    for (const [route, spec] of Object.entries(config.routes)) {
      if (!routeWants(spec, s.kind, s.severity, state.drill)) continue;
      const key = `${s.source}/${route}`;
      const tried = attempts.get(key) ?? [];
      out.push({ ...s, key, route, attempts: tried, status: statusOf(state, s, tried, replica, now, leadMs) });
    }
  }
  return out;
}

function statusOf(
  state: IncidentState,
  s: Source,
  tried: readonly EventData<"notification_attempt">[],
  replica: string,
  now: Date,
  leadMs: number,
): NotificationStatus {
  if (tried.some((a) => a.outcome === "delivered")) return "delivered";
  const last = tried[tried.length - 1];
  if (tried.length >= MAX_ATTEMPTS || (last && !last.retry)) return "given-up";
  if (s.due !== undefined) {
    const due = Date.parse(s.due);
    if (now.getTime() >= due || state.cadenceMissed.includes(s.due)) return "obsolete";
    if (now.getTime() < due - leadMs) return "not-yet";
  }
  if (s.sender !== replica) return "elsewhere";
  if (now.getTime() - Date.parse(s.at) > EXPIRE_MS) return "expired";
  // A request is always tried once; a retry of one decided meanwhile would only be noise.
  if (s.kind === "approval_waiting" && tried.length > 0 && s.event?.type === "approval_requested")
    if (decided(state, s.event.data.hash)) return "obsolete";
  return "pending";
}

/** When the next update_due notification falls due (for a timer in a long-running process). */
export function nextReminderAt(state: IncidentState, config: NotifyConfig, now: Date): number | undefined {
  const due = state.nextUpdateDue;
  if (!due || state.status === "resolved") return undefined;
  const at = Date.parse(due) - (config.update_due_minutes ?? DEFAULT_UPDATE_DUE_MINUTES) * 60_000;
  return at > now.getTime() ? at : undefined;
}
