import type { Report } from "./report.js";
import { eager, isoMinutes, type LazyList, type Many, type ViewObject } from "./view-list.js";

/**
 * The comms-grade sections as template values (messaging review, media, spokesperson,
 * stakeholders, audience response, evidence, business impact, and the retrospective's trigger,
 * root cause, five whys and resolution). Text goes through the same escaping as the rest of the
 * view, passed in so there is one escaper.
 */

type Escape = (text: string | undefined) => string;

/** The list names this module adds, for the has_<list> flags and the template check. */
export const COMMS_LISTS = [
  "messaging",
  "media",
  "appearances",
  "stakeholders",
  "audience",
  "evidence",
  "business_impact",
  "triggers",
  "root_causes",
  "five_whys",
  "resolution_steps",
] as const;

/** Names used inside the lists above. */
export const COMMS_ITEM_NAMES =
  "channels apology facts next_update channel_fit verdict outlet question asked deadline response answered " +
  "spokesperson format who how before after change description n";

export function commsView(
  r: Report,
  i: Escape,
  link: (url: string | undefined) => string,
  many: Many = eager,
): Record<(typeof COMMS_LISTS)[number], ViewObject[] | LazyList> {
  const c = r.comms;
  const when = (iso: string | undefined) => (iso ? isoMinutes(iso) : "");
  const texts = (items: readonly { text: string }[]) => many(items, (x) => ({ text: i(x.text) }));
  return {
    messaging: many(c.messaging, (m) => ({
      time: when(m.at),
      template: i(`${m.template}${m.kind ? ` (${m.kind})` : ""}`),
      channels: i(m.channels.join(", ")),
      // Already-formatted verdicts: bold marks come from comms.ts, the rest is escaped there by construction.
      apology: boldSafe(m.apology, i),
      facts: boldSafe(m.facts, i),
      next_update: boldSafe(m.next_update, i),
      channel_fit: boldSafe(m.channel_fit, i),
      verdict: m.verdict === "ok" ? "ok" : "**review**",
    })),
    media: many(c.media, (q) => ({
      outlet: i(`${q.outlet}${q.reporter ? `, ${q.reporter}` : ""}`),
      question: i(q.question),
      asked: when(q.asked_at),
      deadline: q.deadline ? when(q.deadline) : "none given",
      status: q.status === "open" ? "**open**" : i(q.status),
      answered: i(q.answered) || (q.status === "open" ? "**not answered**" : ""),
      response: i(q.response) || "none recorded",
    })),
    appearances: many(c.appearances, (a) => ({
      time: when(a.at),
      spokesperson: i(a.spokesperson),
      outlet: i(a.outlet),
      format: i(a.format),
      summary: i(a.summary) || "none recorded",
    })),
    stakeholders: many(c.stakeholders, (s) => ({
      time: when(s.at),
      who: i(s.who),
      how: i(s.how) || "not recorded",
      what: i(s.what) || "not recorded",
    })),
    audience: many(c.audience, (a) => ({
      time: when(a.at),
      template: i(a.template),
      before: i(a.before),
      after: i(a.after),
      change: i(a.change),
    })),
    evidence: many(c.evidence, (e) => ({
      time: when(e.at),
      actor: i(e.actor),
      link: link(e.link) || i(e.link),
      description: i(e.description),
    })),
    business_impact: many(c.business_impact, (b) => ({ label: i(b.label), value: i(b.value) })),
    triggers: texts(r.retro.trigger),
    root_causes: texts(r.retro.root_cause),
    five_whys: r.retro.why.slice(0, 5).map((w, n) => ({ n: String(n + 1), text: i(w.text) })),
    resolution_steps: texts(r.retro.resolution),
  };
}

/** Escapes a verdict but keeps the **bold** comms.ts put around a finding. */
function boldSafe(text: string, i: Escape): string {
  // Most verdicts have no finding in bold: one part, escaped with its outer spaces kept.
  if (!text.includes("**")) return text.trim() === "" ? text : keepSpaces(text, i);
  return text
    .split(/(\*\*[^*]+\*\*)/)
    .map((part) => {
      if (part.startsWith("**") && part.endsWith("**")) return `**${i(part.slice(2, -2))}**`;
      return part.trim() === "" ? part : keepSpaces(part, i);
    })
    .join("");
}

/** The escaper trims; the spaces around a part are kept. */
function keepSpaces(part: string, i: Escape): string {
  // trimStart/trimEnd strip exactly what \s matches; /\s*$/ would retry at every position of a long text.
  const lead = part.slice(0, part.length - part.trimStart().length);
  const trail = part.slice(part.trimEnd().length);
  return `${lead}${i(part)}${trail}`;
}
