import type { parse as chronoParse } from "chrono-node";
import { humanUtc } from "./time.js";

/**
 * Facts frozen in absolute terms. An answer written mid-crisis says "about 25 minutes ago",
 * "since 14:05" or "yesterday evening"; read a week later that means nothing, or something else.
 * Each such phrase is resolved against the time the answer was given (its own `at`, so the result
 * never shifts) and the absolute time is written beside it: "about 25 minutes ago (21 Nov 2026
 * 19:05 UTC)". The words stay as the responder wrote them. chrono-node finds the phrases; the
 * caller loads it (it is not needed for anything else a post-mortem does) and passes its parse.
 */

export type TimeParser = typeof chronoParse;
export type Freeze = (text: string, at: number) => string;

/** A phrase that already names its date (a year in it) needs nothing added. */
const HAS_YEAR = /\b\d{4}\b/;
/**
 * What counts as a time relative to when it was written: "… ago", "in 2 hours", yesterday, today,
 * tonight, this morning, last night, or a clock time. A bare weekday ("the Thursday newsletter")
 * or a duration ("for 26 days") is not one, though a date parser reads both as dates.
 */
const RELATIVE =
  /\bago\b|\bin\s+(?:\d+|an?|a few|half an)\s|\b(?:yesterday|today|tonight|tomorrow)\b|\bthis\s+(?:morning|afternoon|evening)\b|\blast\s+night\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}\s*[ap]\.?m\b/i;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const day = (d: Date) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;

/**
 * RELATIVE without its word boundaries: it matches a text whenever RELATIVE matches any piece of
 * it, so a text it does not match holds no phrase that would be frozen, and chrono (the costliest
 * step of a long post-mortem: a note per check-in) need not read it.
 */
const MAYBE_RELATIVE =
  /ago|in\s+(?:\d+|an?|a few|half an)\s|yesterday|today|tonight|tomorrow|this\s+(?:morning|afternoon|evening)|last\s+night|\d{1,2}:\d{2}|\d{1,2}\s*[ap]\.?m/i;

/** Whether freezeTimes could change a text; when it cannot, chrono need not even be loaded. */
export function mayFreeze(text: string): boolean {
  return (
    /\d|ago|yesterday|today|tonight|morning|afternoon|evening|night|last|since|hour/i.test(text) &&
    MAYBE_RELATIVE.test(text)
  );
}

export function freezeTimes(text: string, at: number, parse: TimeParser): string {
  if (!mayFreeze(text)) return text;
  const instant = new Date(at);
  let out = "";
  let from = 0;
  for (const r of parse(text, { instant, timezone: "UTC" })) {
    if (HAS_YEAR.test(r.text) || !RELATIVE.test(r.text) || r.index < from) continue;
    let when = r.start.date();
    const timed = r.start.isCertain("hour");
    // A bare clock time later than the answer is that time the day before: facts are about the past.
    if (timed && !r.start.isCertain("day") && when.getTime() > at + 60_000)
      when = new Date(when.getTime() - 86_400_000);
    const end = r.index + r.text.length;
    out += `${text.slice(from, end)} (${timed ? humanUtc(when) : day(when)})`;
    from = end;
  }
  return out + text.slice(from);
}
