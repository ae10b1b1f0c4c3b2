import type { ReadJournal } from "../journal/lines.js";
import { currentActions, type Facts } from "./facts.js";
import type { TimelineEntry } from "./timeline.js";
import { formatDuration } from "../time.js";
import { isoMinutesOf } from "./iso-time.js";

/**
 * Checks on the post-mortem itself, reported as warnings (they never stop the report): follow-ups
 * nobody owns or dated, stretches of the incident with nothing in the timeline, and findings that
 * name a person as the cause, which a blameless review avoids.
 */

type CheckId = "action-owner" | "action-due" | "timeline-gap" | "blame" | "journal" | "approval-order";

export interface Warning {
  check: CheckId;
  message: string;
}

/** Gaps longer than this in the timeline are flagged unless the caller sets another threshold. */
export const DEFAULT_MAX_GAP_MS = 4 * 3_600_000;

const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}...` : text);

export function actionItemChecks(facts: Facts): Warning[] {
  const out: Warning[] = [];
  for (const a of currentActions(facts)) {
    if (!a.owner?.trim()) out.push({ check: "action-owner", message: `action item "${clip(a.action)}" has no owner` });
    if (!a.due) out.push({ check: "action-due", message: `action item "${clip(a.action)}" has no due date` });
  }
  return out;
}

/** Public statements that went out before the approvals their text needed were complete. */
export function approvalOrderChecks(unapproved: Facts["published"]): Warning[] {
  return unapproved.map((s) => ({
    check: "approval-order",
    message: `the ${s.template} statement on ${s.channel} was published at ${isoMinutesOf(s.at)}, before its approvals were complete: check the times recorded, or record the approval`,
  }));
}

/** Gaps between consecutive timeline entries from the declaration to the end of the incident. */
export function timelineGapChecks(timeline: readonly TimelineEntry[], facts: Facts, maxGapMs: number): Warning[] {
  const from = facts.declared?.at;
  if (from === undefined) return [];
  const to = facts.resolved?.at ?? facts.lastAt ?? from;
  const out: Warning[] = [];
  let previous: number | undefined;
  for (const entry of timeline) {
    const at = Date.parse(entry.at);
    if (at < from || at > to) continue;
    if (previous !== undefined && at - previous > maxGapMs) {
      out.push({
        check: "timeline-gap",
        message: `nothing in the timeline for ${formatDuration(at - previous)}, from ${isoMinutesOf(previous)} to ${isoMinutesOf(at)} (more than ${formatDuration(maxGapMs)}): add what happened with crisis note --at`,
      });
    }
    previous = at;
  }
  return out;
}

const BLAME_WORDS =
  /\b(?:fault|blame[sd]?|blaming|human error|negligen(?:t|ce)|incompeten(?:t|ce)|careless(?:ly|ness)?)\b/i;
const POSSESSIVE_FAULT = /\b(\p{Lu}[\p{L}'-]*)(?:'s|’s)\s+(?:fault|mistake|error|blunder|failure)\b/u;
const BECAUSE_NAME = /\b[Bb]ecause\s+(\p{Lu}\p{Ll}+)\b/u;
// Capitalised words after "because" that are not people: pronouns, teams, platforms. The check is
// a prompt for the reviewer, so an unknown proper noun is still flagged.
const NOT_PEOPLE = new Set(
  (
    "We Our The This That These Those It Its They Their There A An No Nobody Everyone Someone Support Legal Marketing Security Engineering " +
    "Twitter Facebook Instagram Threads Bluesky Mastodon Reddit TikTok Tiktok YouTube Youtube LinkedIn Google Apple Slack"
  ).split(" "),
);

/** People who took part: named in role assignments or as the actor of an event. */
function participants(facts: Facts): string[] {
  const names = new Set<string>();
  for (const r of facts.roles) names.add(r.person.trim());
  for (const list of [facts.notes, facts.decisions, facts.published, facts.snapshots])
    for (const e of list) names.add(e.actor.trim());
  names.delete("crisis");
  names.delete("");
  return [...names].sort();
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Contributing factors and what went wrong should describe conditions, not name a culprit. */
export function blameChecks(facts: Facts): Warning[] {
  const people = participants(facts);
  const fullNames = people.map((p) => ({ p, re: new RegExp(`(?<![\\p{L}])${escapeRe(p)}(?![\\p{L}])`, "iu") }));
  const tokens = new Map<string, string>();
  for (const p of people) for (const t of p.split(/[\s.]+/)) if (t.length >= 3 && /^\p{Lu}/u.test(t)) tokens.set(t, p);
  const tokenRes = [...tokens].map(([t, p]) => ({
    t,
    p,
    re: new RegExp(`(?<![\\p{L}])${escapeRe(t)}(?![\\p{L}])`, "u"),
  }));
  const out: Warning[] = [];
  for (const item of facts.retro) {
    if (item.section !== "contributing_factor" && item.section !== "went_wrong") continue;
    const where = item.section === "contributing_factor" ? "contributing factor" : "went wrong";
    const named = fullNames.find((n) => n.re.test(item.text))?.p ?? tokenRes.find((n) => n.re.test(item.text))?.p;
    const possessive = POSSESSIVE_FAULT.exec(item.text);
    const because = BECAUSE_NAME.exec(item.text);
    let reason: string | undefined;
    if (named) reason = `names ${named}, who took part in the response`;
    else if (possessive) reason = `calls it ${possessive[1]}'s ${possessive[0].split(/\s+/).pop()}`;
    else if (because?.[1] && !NOT_PEOPLE.has(because[1])) reason = `gives a person (${because[1]}) as the reason`;
    else if (BLAME_WORDS.test(item.text)) reason = "uses blame language";
    if (reason)
      out.push({
        check: "blame",
        message: `${where} "${clip(item.text)}" ${reason}; describe the conditions that made it possible instead (blameless review)`,
      });
  }
  return out;
}

export function journalChecks(read: Pick<ReadJournal, "invalid" | "torn">): Warning[] {
  const out: Warning[] = read.invalid.map((i) => ({
    check: "journal" as const,
    message: `journal line ${i.line} was skipped: ${i.message}`,
  }));
  if (read.torn)
    out.push({
      check: "journal",
      message: `journal line ${read.torn.line} is incomplete (cut off by a crash) and was skipped`,
    });
  return out;
}
