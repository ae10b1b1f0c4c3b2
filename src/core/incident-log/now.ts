import type { IncidentState } from "../journal/fold.js";
import { mdInline } from "../templates/markdown.js";
import { formatSpan, logUtc } from "../time.js";
import type { LogNames } from "./names.js";
import type { LogRow } from "./timeline.js";

/**
 * The "Now" section for someone joining mid-crisis: status, severity, lead, the next update due,
 * what is waiting for whom, and the last five events. Every "in 20m" or "overdue 5m" is measured
 * from the last event's time, never the wall clock, so every replica renders the same bytes from
 * the same journal (and the section says which time it is as of).
 */

export interface NowView {
  as_of: string;
  lead: string;
  next_update: string;
  waiting: { text: string }[];
  last_events: LogRow[];
}

const m = mdInline;

/** `timeline` may be only its last rows: the section shows the last five that are not notifications. */
export function buildNow(state: IncidentState, n: LogNames, timeline: readonly LogRow[]): NowView {
  // The latest time in the journal: when something last happened (a note --at can be earlier than its line).
  const asOf = state.latestAt || state.openedAt;
  const ref = Date.parse(asOf);
  const since = (iso: string) => `${logUtc(iso)}, ${formatSpan(ref - Date.parse(iso))} before`;
  const person = (role: string) => state.roles[role];
  const who = (role: string) => `${n.roleTitle(role)}${person(role) ? ` (${person(role)})` : ""}`;

  let next = "no public message yet";
  if (state.status === "resolved") next = "none: the crisis is resolved";
  else if (state.nextUpdateDue) {
    const left = Date.parse(state.nextUpdateDue) - ref;
    const missed = state.cadenceMissed.includes(state.nextUpdateDue);
    next =
      left > 0 && !missed
        ? `${logUtc(state.nextUpdateDue)}, ${formatSpan(left)} after the last event`
        : `${logUtc(state.nextUpdateDue)}, **missed**${left < 0 ? `: overdue by ${formatSpan(-left)} at the last event` : ""}`;
  } else if (state.firstPublicAt !== undefined) next = "none promised";

  const waiting: string[] = [];
  if (state.status !== "resolved") {
    // Only texts not published can be waiting: a long incident has published thousands.
    const awaiting = Object.keys(state.awaiting).map((hash) => [hash, state.approvals[hash]!] as const);
    for (const [hash, a] of awaiting) {
      const req = a.requested;
      if (!req || req.roles.length === 0 || a.rejected.some((r) => r.seq > req.seq)) continue;
      const done = new Set(a.approved.filter((x) => x.seq > req.seq).map((x) => x.role));
      const missing = req.roles.filter((r) => !done.has(r));
      if (missing.length === 0) continue;
      const what = n.templateTitle(n.draftOf(hash)?.template ?? "message");
      waiting.push(`${m(missing.map(who).join(" and "))} to approve ${m(what)}, asked ${since(req.at)}`);
    }
    for (const [hash, a] of awaiting) {
      const rejected = a.rejected[a.rejected.length - 1];
      if (!rejected || (a.requested && a.requested.seq > rejected.seq)) continue;
      const what = n.templateTitle(n.draftOf(hash)?.template ?? "message");
      waiting.push(
        `the drafter to redraft ${m(what)}: ${m(who(rejected.role))} rejected it ${since(rejected.at)} (${m(rejected.reason)})`,
      );
    }
    for (const { data: q } of Object.values(state.enquiries).filter((x) => x.data.status === "open")) {
      const deadline = q.deadline
        ? Date.parse(q.deadline) >= ref
          ? `, deadline ${logUtc(q.deadline)} (${formatSpan(Date.parse(q.deadline) - ref)} after the last event)`
          : `, deadline ${logUtc(q.deadline)} **passed** ${formatSpan(ref - Date.parse(q.deadline))} before the last event`
        : "";
      waiting.push(`${m(who("spokesperson"))} to answer ${m(q.outlet)}${deadline}: ${m(q.question)}`);
    }
    const pos = state.position;
    if (pos && pos.status !== "done") {
      const role = n.stepRole(pos.step);
      waiting.push(`${role ? m(who(role)) : "the responder"} to finish the step ${m(n.stepTitle(pos.step))}`);
    }
  }
  return {
    as_of: logUtc(asOf),
    lead: m(person("lead") ?? "not assigned"),
    next_update: next,
    waiting: waiting.map((text) => ({ text })),
    // Notification rows (the tool telling the team) are left out: the last events are what people did.
    last_events: timeline
      .filter((r) => r.event !== "notified")
      .slice(-5)
      .reverse(),
  };
}
