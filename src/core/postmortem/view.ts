import { shortTitle } from "../incident/summary.js";
import { mdFence, mdInline } from "../templates/markdown.js";
import { COMMS_ITEM_NAMES, COMMS_LISTS, commsView } from "./view-comms.js";
import { CANONICAL, eager, isoMinutes, LazyList, type Many, type ViewObject } from "./view-list.js";
import { preapprovedBy } from "../templates/preapproval.js";
import type { Metric } from "./metrics.js";
import type { Report } from "./report.js";
import { formatDuration, parseDuration, utcMinutes, utcSeconds } from "../time.js";

/**
 * The report as the view a post-mortem template renders. Every string in it is already safe
 * markdown: text from the journal goes through mdInline (one line at a time: table cells, list
 * items, paragraphs) or mdFence (statement texts), and links become autolinks only when they are
 * http(s) URLs. Templates are rendered without further escaping, so {{x}} and {{{x}}} both stay safe.
 */

const LIST_NAMES = [
  ...(
    "roles impact metrics targets decisions approvals statements promises timeline contributing_factors mitigators went_well went_wrong lucky " +
    "action_items todos exit_criteria open_checklist links statement_texts warnings"
  ).split(" "),
  ...COMMS_LISTS,
];

const NOT_RECORDED = "not recorded";
const durationText = (text: string | undefined): string => {
  const ms = text === undefined ? undefined : parseDuration(text);
  return ms === undefined ? "none" : formatDuration(ms);
};
/**
 * Text mdInline would return unchanged: no markdown specials, no controls, no leading digit, dash,
 * equals sign or space, no trailing space. Checked first because most cells are plain, and a
 * 100,000-event timeline is otherwise dominated by escaping.
 */
// eslint-disable-next-line no-control-regex
const PLAIN = /^(?![\s\d=-])[^\\`*_{}[\]()<>#+!|~&$@\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*(?<!\s)$/;
// What mdInline also escapes so GFM does not link it (www., mailto:, xmpp:).
const AUTOLINKISH = /www\.|mailto:|xmpp:/i;
/**
 * PLAIN but for a leading digit: a count or a duration ("2,682 mentions/h, …", "5 s"). mdInline
 * changes such a text only when it reads as an ordered list item ("12. …"), or when it holds a
 * URL's "://", which it marks so GFM does not link it.
 */
// eslint-disable-next-line no-control-regex
const DIGIT_PLAIN = /^\d[^\\`*_{}[\]()<>#+!|~&$@\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*(?<!\s)$/;
const ORDERED_ITEM = /^\d+\.(?:\s|$)/;
/**
 * mdInline of the texts neither check passes, remembered: most are a few texts repeated row after
 * row ("common/holding-update (holding)", "x: fits (99 of 280)"). Bounded in count, as the ones with
 * a time in them are all different, and in length: a long text (a note, a statement) rarely repeats.
 */
const ESCAPED = new Map<string, string>();
export const escapeInline = (text: string): string => {
  if (PLAIN.test(text)) return AUTOLINKISH.test(text) ? mdInline(text) : text;
  if (DIGIT_PLAIN.test(text) && !ORDERED_ITEM.test(text) && !text.includes("://") && !AUTOLINKISH.test(text))
    return text;
  if (text.length > 200) return mdInline(text);
  let escaped = ESCAPED.get(text);
  if (escaped === undefined) {
    escaped = mdInline(text);
    if (ESCAPED.size >= 10_000) ESCAPED.clear();
    ESCAPED.set(text, escaped);
  }
  return escaped;
};

// A bare http(s) URL in an answer; trailing punctuation is left out, as GitHub does.
const BARE_URL = /https?:\/\/[^\s<>"`|\\]+?(?=[.,;:!?)\]'*_~]*(?:[\s<>"`|\\]|$))/g;
const SLOT = /\uE000(\d+)\uE001/g;

/**
 * One line of answer text, escaped (mdInline) so it cannot add structure. A bare http(s) URL in it
 * becomes an autolink, which is what GitHub would show anyway and what markdownlint asks for.
 */
export const inlineText = (text: string | undefined): string => {
  if (text === undefined || text.trim() === "") return "";
  if (!text.includes("://")) return escapeInline(text);
  const urls: string[] = [];
  // Private-use characters hold each URL's place through escaping; mdInline leaves them alone.
  const held = text
    .replace(/[\uE000\uE001]/g, "\uFFFD")
    .replace(BARE_URL, (url) => `\uE000${urls.push(url) - 1}\uE001`);
  return escapeInline(held).replace(SLOT, (slot: string, n: string) => mdLink(urls[Number(n)]) || slot);
};
const i = inlineText;
const or = (text: string | undefined, fallback = NOT_RECORDED): string => i(text) || fallback;
const time = (isoText: string | undefined): string =>
  !isoText
    ? ""
    : CANONICAL.test(isoText)
      ? `${isoText.slice(0, 10)} ${isoText.slice(11, 19)}`
      : utcSeconds(Date.parse(isoText));
const prose = (isoText: string | undefined): string => (isoText ? isoMinutes(isoText) : NOT_RECORDED);

/** An http(s) URL as an autolink (with the characters that could end it or split a table encoded), else escaped text. */
function linkOf(url: string | undefined): string {
  if (url === undefined || url.trim() === "") return "";
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return mdInline(url);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return mdInline(url);
  const href = parsed.href.replace(
    /[|<>`\s"\\]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
  return `<${href}>`;
}

// The same statement links appear in the statements, the timeline and the links list: parse each once.
const LINKS = new Map<string, string>();
export function mdLink(url: string | undefined): string {
  if (url === undefined) return "";
  let link = LINKS.get(url);
  if (link === undefined) {
    link = linkOf(url);
    if (LINKS.size > 50_000) LINKS.clear();
    LINKS.set(url, link);
  }
  return link;
}

const STATUS_TEXT: Record<Report["status"], string> = {
  draft: "Draft",
  "in-review": "In review",
  reviewed: "Reviewed",
  closed: "Closed",
};
const RESULT_TEXT: Record<Metric["status"], string> = {
  met: "met",
  missed: "**missed**",
  "no target": "no target",
  "not recorded": NOT_RECORDED,
};
const OUTCOME_TEXT: Record<string, string> = {
  kept: "kept",
  late: "**late**",
  broken: "**broken**",
  closed: "resolved before due",
  pending: "not yet due",
};

/** The milestone marker in bold, then the event unless it only repeats the marker. */
const eventCell = (marker: string | undefined, event: string): string =>
  !marker
    ? i(event)
    : marker.toLowerCase() === event.toLowerCase()
      ? `**${i(marker)}**`
      : `**${i(marker)}**: ${i(event)}`;

/** A multi-line answer as one bullet per line (line breaks inside a paragraph would be lost); one line as a paragraph. */
const lines = (text: string | undefined): string => {
  const kept = (text ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  return kept.length > 1 ? kept.map((l) => `- ${i(l)}`).join("\n") : kept.length === 1 ? i(kept[0]) : "";
};

const list = (items: readonly { text: string }[]) => items.map((x) => ({ text: i(x.text) }));

export function toView(r: Report, many: Many = eager): ViewObject {
  const inc = r.incident;
  const res = r.response;
  const periods = inc.severity_periods
    .map((p) => `${p.severity} ${p.duration}${p.open ? " (to the last entry)" : ""}`)
    .join(", ");
  const view: ViewObject = {
    title: or(inc.title === undefined ? undefined : shortTitle(inc.title, 120), "Untitled incident"),
    status: STATUS_TEXT[r.status],
    review_meeting:
      inc.review_meeting && !Number.isNaN(Date.parse(inc.review_meeting))
        ? utcMinutes(Date.parse(inc.review_meeting))
        : i(inc.review_meeting),
    incident_id: or(inc.id),
    crisis_type: or(inc.crisis_type),
    playbook: inc.playbook ? i(`${inc.playbook.title}, ${inc.playbook.id} ${inc.playbook.version}`) : NOT_RECORDED,
    drill: inc.drill,
    highest_severity: or(inc.highest_severity),
    time_in_severity: periods ? i(periods) : NOT_RECORDED,
    opened_at: prose(inc.opened_at),
    declared_at: prose(inc.declared_at),
    resolved_at: inc.resolved_at ? prose(inc.resolved_at) : "not resolved",
    owner: or(inc.owner),
    roles: many(inc.roles, (role) => ({
      role_title: i(role.title),
      people: i(role.people.map((p) => `${p.person} from ${utcMinutes(Date.parse(p.from))}`).join(", then ")),
    })),
    summary: i(inc.summary),
    what_happened: lines(inc.what_happened),
    unconfirmed: lines(inc.unconfirmed),
    resolution: lines(inc.resolution),
    impact: many(inc.impact, (x) => ({ label: i(x.label), value: i(x.value) })),
    metrics: many(r.metrics, (m) => ({
      label: i(m.label),
      value: i(m.display),
      target: m.target ? i(m.target.display) : "none",
      result: RESULT_TEXT[m.status],
      note: i(m.note),
    })),
    targets: many(r.targets, (t) => ({
      severity: t.severity,
      first_response: durationText(t.first_response),
      update_interval: durationText(t.update_interval),
      source: i(t.source),
    })),
    impact_started_at: inc.detection.impact_started_at
      ? i(`${prose(inc.detection.impact_started_at)}${inc.detection.impact_start_estimated ? ", estimated" : ""}`)
      : NOT_RECORDED,
    aware_at: inc.detection.aware_at ? prose(inc.detection.aware_at) : "",
    detected_at: prose(inc.detection.detected_at),
    detected_how: or(inc.detection.how),
    time_to_detect: i(inc.detection.time_to_detect),
    time_to_declare: i(inc.detection.time_to_declare),
    origin: inc.detection.origin_url ? mdLink(inc.detection.origin_url) : NOT_RECORDED,
    posture: or(res.posture),
    posture_why: lines(res.posture_why),
    apology: or(res.apology),
    compensation: or(res.compensation),
    decisions: many(r.decisions, (d) => ({
      time: time(d.at),
      actor: i(d.actor),
      what: i(d.what),
      why: i(d.why),
      alternatives: or(d.alternatives, "none recorded"),
    })),
    approvals: many(res.approvals, (a) => ({
      what: i(a.what),
      requested: time(a.requested_at),
      needed: i(
        `${a.roles.join(", ")}${a.preapproved ? ` (the text was ${preapprovedBy(a.preapproved, (id) => id)})` : ""}`,
      ),
      approved_by: i(a.approved_by.map((x) => `${x.role} ${x.by}`).join(", ")) || "nobody",
      latency: i(a.latency) || "none",
      outcome:
        a.outcome === "approved"
          ? "approved"
          : a.outcome === "rejected"
            ? `**rejected**: ${i(a.rejected_by.map((x) => `${x.by}: ${x.reason}`).join("; "))}`
            : "**pending**",
    })),
    statements: many(res.statements, (s) => ({
      time: time(s.at),
      channel: i(s.channel),
      template: i(s.template),
      link: mdLink(s.url) || "none",
      next_update: s.next_update_due ? time(s.next_update_due) : "none",
    })),
    internal_messages: String(res.internal_messages),
    promises: many(res.promises, (p) => ({
      made: time(p.made_at),
      due: time(p.due),
      next: p.next_update_at ? time(p.next_update_at) : "none",
      outcome: `${OUTCOME_TEXT[p.outcome] ?? i(p.outcome)}${p.late_by ? ` by ${i(p.late_by)}` : ""}`,
    })),
    paused_what: lines(res.paused.what),
    paused_at: prose(res.paused.paused_at),
    resumed_at: res.paused.resumed_at
      ? prose(res.paused.resumed_at)
      : res.paused.paused_at
        ? "not recorded: still paused, or resumed without a record"
        : NOT_RECORDED,
    paused_for: i(res.paused.paused_for),
    timeline: many(r.timeline, (e) => ({
      time: time(e.at),
      marker: i(e.marker),
      event: eventCell(e.marker, e.event),
      actor: i(e.actor),
      details: i(e.details),
      link: mdLink(e.link),
    })),
    phases_chart: r.charts.phases ? mdFence(r.charts.phases, "mermaid") : "",
    mentions_chart: r.charts.mentions ? mdFence(r.charts.mentions, "mermaid") : "",
    negative_chart: r.charts.negative ? mdFence(r.charts.negative, "mermaid") : "",
    has_checkins: Boolean(r.charts.mentions ?? r.charts.negative),
    checkins_missing:
      (r.charts.mentions ?? r.charts.negative)
        ? ""
        : r.journal.check_ins > 0
          ? "No check-in recorded mentions per hour or the negative share."
          : "No check-ins recorded.",
    contributing_factors: list(r.retro.contributing_factor),
    mitigators: list(r.retro.mitigator),
    went_well: list(r.retro.went_well),
    went_wrong: list(r.retro.went_wrong),
    lucky: list(r.retro.lucky),
    action_items: many(r.action_items, (a) => ({
      action: i(a.action),
      type: i(a.type),
      owner: or(a.owner, "**none**"),
      due: or(a.due, "**none**"),
      issue: mdLink(a.issue_url) || "not opened",
    })),
    todos: many(r.todos, (t) => ({ time: time(t.at), actor: i(t.actor), text: i(t.text) })),
    exit_criteria: many(r.exit_criteria, (c) => ({ met: c.met ? "met" : "not met", text: i(c.text) })),
    open_checklist: many(r.open_checklist, (c) => ({ step: i(c.step), text: i(c.text) })),
    links: linksOf(r),
    statement_texts: many(
      res.statements.filter((s) => s.text !== undefined),
      (s) => ({ time: time(s.at), channel: i(s.channel), text: mdFence(s.text ?? "") }),
    ),
    events: String(r.journal.events),
    skipped_lines: r.journal.skipped_lines > 0 ? String(r.journal.skipped_lines) : "",
    warnings: many(r.warnings, (w) => ({ check: i(w.check), message: i(w.message) })),
    ...commsView(r, i, mdLink, many),
  };
  // Logic-less templates cannot ask "is this list empty?", so each list gets a has_<list> flag.
  for (const name of LIST_NAMES) {
    const value = view[name];
    view[`has_${name}`] = (Array.isArray(value) || value instanceof LazyList) && value.length > 0;
  }
  return view;
}

function linksOf(r: Report): ViewObject[] {
  const seen = new Set<string>();
  const out: ViewObject[] = [];
  const add = (label: string, url: string | undefined) => {
    const link = mdLink(url);
    if (!link.startsWith("<") || seen.has(link)) return;
    seen.add(link);
    out.push({ label: i(label), link });
  };
  add("Where it started", r.incident.detection.origin_url);
  for (const s of r.response.statements) add(`${s.channel} statement, ${utcSeconds(Date.parse(s.at))}`, s.url);
  return out;
}

/** Every name a post-mortem template may use (top level, has_<list> flags, and names inside lists); a test keeps it in step with toView. */
export const VIEW_NAMES: ReadonlySet<string> = new Set([
  ...LIST_NAMES,
  ...LIST_NAMES.map((n) => `has_${n}`),
  ...(
    "apology aware_at checkins_missing compensation crisis_type declared_at detected_at detected_how drill events has_checkins highest_severity impact_started_at " +
    "incident_id internal_messages mentions_chart negative_chart opened_at origin owner paused_at paused_for paused_what phases_chart playbook " +
    "posture posture_why resolution resolved_at resumed_at review_meeting skipped_lines status summary time_in_severity time_to_declare " +
    "time_to_detect title unconfirmed what_happened " +
    // inside lists
    "role_title people label value target result note severity first_response update_interval source time actor what why alternatives " +
    "requested needed approved_by latency outcome channel template link next_update made due next marker event details text type met step check message action issue " +
    COMMS_ITEM_NAMES
  ).split(" "),
]);
