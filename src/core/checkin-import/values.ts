import { DateTime } from "luxon";

/**
 * One mention's time and sentiment, as an export writes them. Times with an offset (or Z) mean
 * that instant; times without one are read in the zone given (--timezone, default UTC), with the
 * zone's own daylight-saving rules (Luxon, from the platform's time-zone data).
 */

/** Full date-and-time forms the exports use, in Luxon's tokens, after ISO 8601, SQL and Unix times. */
const DATE_TIME_FORMATS = [
  "dd-MMM-yyyy hh:mma",
  "dd-MMM-yyyy hh:mm a",
  "dd-MMM-yyyy h:mm a",
  "dd-MMM-yyyy HH:mm",
  "dd-MMM-yyyy HH:mm:ss",
  "MMM d, yyyy h:mm a",
  "MMM d, yyyy hh:mma",
  "MMM d, yyyy HH:mm",
  "d MMM yyyy HH:mm",
  "d MMM yyyy HH:mm:ss",
  "yyyy/MM/dd HH:mm",
  "yyyy/MM/dd HH:mm:ss",
];
/** Dates without a time of day: an hourly count cannot use them alone. */
const DATE_FORMATS = ["yyyy-MM-dd", "dd-MMM-yyyy", "MMM d, yyyy", "d MMM yyyy", "yyyy/MM/dd"];

const EXPECTED_TIME =
  "expected a date and time such as 2026-03-04 14:05, 2026-03-04T14:05:00Z, 04-Mar-2026 02:05PM, Mar 4, 2026 2:05 PM or a Unix time; give --date-format for another form";

export interface MentionTime {
  ms: number;
  /** The local time happens twice (clocks went back); the later (standard time) instant was taken. */
  ambiguous?: boolean;
  /** The local time does not exist (clocks went forward); it was moved an hour on. */
  nonexistent?: boolean;
}

function fullDateTime(text: string, zone: string, format: string | undefined): DateTime | undefined {
  const opts = { zone, locale: "en-US" };
  if (format !== undefined) {
    const d = DateTime.fromFormat(text, format, opts);
    return d.isValid ? d : undefined;
  }
  if (/^\d{10}$/.test(text)) return DateTime.fromSeconds(Number(text), { zone });
  if (/^\d{13}$/.test(text)) return DateTime.fromMillis(Number(text), { zone });
  // ISO 8601 with a time: a T between date and time, or Luxon reads a date alone as midnight.
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const d = DateTime.fromISO(text, opts);
    return d.isValid ? d : undefined;
  }
  if (/^\d{4}-\d{2}-\d{2} \d/.test(text)) {
    const d = DateTime.fromSQL(text, opts);
    return d.isValid ? d : undefined;
  }
  for (const f of DATE_TIME_FORMATS) {
    const d = DateTime.fromFormat(text, f, opts);
    if (d.isValid) return d;
  }
  return undefined;
}

const dateOnly = (text: string) => DATE_FORMATS.some((f) => DateTime.fromFormat(text, f, { locale: "en-US" }).isValid);

/** The instant of a mention, or what was expected. `time` is the separate time-of-day column, if any. */
export function mentionTime(
  date: string,
  time: string | undefined,
  zone: string,
  format?: string,
): MentionTime | { expected: string } {
  const d = date.trim();
  const t = time?.trim();
  if (d === "") return { expected: "expected a date; the date column is empty" };
  let parsed = fullDateTime(d, zone, format);
  let text = d;
  if (!parsed && t) {
    text = `${d} ${t}`;
    parsed = fullDateTime(text, zone, format);
  }
  if (!parsed) {
    if (!t && dateOnly(d))
      return { expected: `"${d}" is a date without a time of day; hourly counts need the time (time=<column>)` };
    return { expected: `"${text}": ${format ? `expected the form ${format} (--date-format)` : EXPECTED_TIME}` };
  }
  const out: MentionTime = { ms: parsed.toMillis() };
  // Only a time written without an offset, in a zone with daylight saving, can fall in a change.
  if (!parsed.zone.isUniversal && !/(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) && !/^\d+$/.test(text)) {
    if (parsed.getPossibleOffsets().length > 1) out.ambiguous = true;
    const wall = format
      ? DateTime.fromFormat(text, format, { zone: "UTC", locale: "en-US" })
      : fullDateTime(text, "UTC", undefined);
    if (wall && (wall.hour !== parsed.hour || wall.minute !== parsed.minute)) out.nonexistent = true;
  }
  return out;
}

export type Sentiment = "negative" | "neutral" | "positive";

const LABELS = new Map<string, Sentiment | null>(
  Object.entries({
    negative: "negative",
    "very negative": "negative",
    neg: "negative",
    neutral: "neutral",
    mixed: "neutral",
    positive: "positive",
    "very positive": "positive",
    pos: "positive",
    // Mentions the tool did not rate: counted as mentions, left out of the negative share.
    "": null,
    "not rated": null,
    unrated: null,
    unknown: null,
    "n/a": null,
    none: null,
  } satisfies Record<string, Sentiment | null>),
);

const EXPECTED_SENTIMENT = "expected negative, neutral, positive, not rated, or a score (below 0 is negative)";

/** A sentiment label or a signed score (Talkwalker's -5…5, or any scale centred on 0); null when not rated. */
export function sentimentOf(text: string): Sentiment | null | { expected: string } {
  const key = text.trim().toLowerCase();
  const label = LABELS.get(key);
  if (label !== undefined) return label;
  if (/^[+-]?\d+(?:\.\d+)?$/.test(key)) {
    const n = Number(key);
    return n < 0 ? "negative" : n > 0 ? "positive" : "neutral";
  }
  return { expected: `"${text.trim().slice(0, 40)}": ${EXPECTED_SENTIMENT}` };
}
