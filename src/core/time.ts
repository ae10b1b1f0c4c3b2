/**
 * Times and durations: as responders type them, as playbooks write them, and as the tool shows
 * them. Everything is stored in UTC ISO-8601 and printed locale-free, so the same journal gives
 * byte-identical output on every machine. What people type may be relative ("-15m", "2h ago"), a
 * UTC clock time ("14:05") or a full ISO time with or without an offset; playbooks write
 * durations as "30m", "2h", "3d".
 */

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * The bounds every time and duration crisis accepts lies within, here and nowhere else, so lint,
 * start and the side commands refuse the same values: a duration is at most ten years
 * (`3650d`) and more than nothing; a point in time lies between 1970 and 9999.
 */
const MAX_DURATION_MS = 3650 * UNIT_MS.d;
export const MAX_DURATION_TEXT = "3650d";
const MIN_TIME_MS = 0;
const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

/** A time crisis can store and print: a valid date between 1970 and 9999. */
function inRange(d: Date): Date | undefined {
  const t = d.getTime();
  return Number.isFinite(t) && t >= MIN_TIME_MS && t <= MAX_TIME_MS ? d : undefined;
}

export const WHEN_HELP =
  "now, a relative time such as -15m or -2h, a UTC time such as 14:05, or an ISO time such as 2026-11-21T14:05Z";

/** Parses a point in time; returns undefined when the text is not one. */
export function parseWhen(input: string, now: Date): Date | undefined {
  const text = input.trim().toLowerCase();
  if (text === "" || text === "now") return new Date(now);
  const rel = /^-?\s*(\d{1,12}(?:\.\d{1,6})?)\s*(s|m|h|d)(?:\s*ago)?$/.exec(text);
  if (rel && (text.startsWith("-") || text.endsWith("ago"))) {
    const ms = Number(rel[1]) * UNIT_MS[rel[2] as keyof typeof UNIT_MS];
    if (ms > MAX_DURATION_MS) return undefined;
    return inRange(new Date(now.getTime() - ms));
  }
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:z|utc)?$/.exec(text);
  if (clock) {
    const [h, m, sec] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
    if (h > 23 || m > 59 || sec > 59) return undefined;
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), h, m, sec));
    // A clock time later than now means that time yesterday: incidents are recorded after the fact.
    if (d.getTime() > now.getTime() + 60_000) d.setUTCDate(d.getUTCDate() - 1);
    return d;
  }
  const iso =
    /^(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(z|utc|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (iso) {
    const zone =
      iso[7] === undefined || iso[7] === "utc"
        ? "Z"
        : iso[7] === "z"
          ? "Z"
          : iso[7].replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
    const d = new Date(
      `${iso[1]}-${iso[2]}-${iso[3]}T${iso[4] ?? "00"}:${iso[5] ?? "00"}:${iso[6] ?? "00"}${zone.toUpperCase()}`,
    );
    return inRange(d);
  }
  return undefined;
}

/**
 * Parses a time still to come, as a promise is typed: a UTC clock time is its next occurrence
 * ("09:00" typed at 19:30 is tomorrow morning), "+2h" or "in 2h" is from now, an ISO time is as
 * written. Undefined when the text is not one, or not in the future.
 */
export function parseFuture(input: string, now: Date): Date | undefined {
  const text = input.trim().toLowerCase();
  const rel = /^(?:\+|in\s+)\s*(\d+(?:\.\d+)?)\s*(m|h|d)$/.exec(text);
  let d: Date | undefined;
  if (rel) d = new Date(now.getTime() + Number(rel[1]) * UNIT_MS[rel[2] as keyof typeof UNIT_MS]);
  else if (/^\d{1,2}:\d{2}/.test(text)) {
    d = parseWhen(text, new Date(now.getTime() + 86_400_000 - 60_000));
    // parseWhen reads a clock time as the latest one not after its "now": a day ahead, then back.
    if (d && d.getTime() - now.getTime() > 86_400_000) d = new Date(d.getTime() - 86_400_000);
  } else d = parseWhen(text, now);
  return d && d.getTime() > now.getTime() ? d : undefined;
}

/** How a typed time is shown once answered: "-10m (21 Nov 2026 20:02 UTC)". */
export function showWhen(input: string, now: Date): string {
  const d = parseWhen(input, now);
  return d ? `${input.trim() || "now"} (${humanUtc(d)})` : input;
}

/** Checks a typed time for a prompt: true, or what is expected. */
export function validateWhen(input: string, now: Date, options: { past?: boolean } = {}): true | string {
  const d = parseWhen(input, now);
  if (!d) {
    const text = input.trim().toLowerCase();
    const rel = /^-?\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)(?:\s*ago)?$/.exec(text);
    if (rel && (text.startsWith("-") || text.endsWith("ago")))
      return `that is too far back; expected at most ${MAX_DURATION_TEXT} ago, or ${WHEN_HELP}`;
    return `expected ${WHEN_HELP}`;
  }
  if (options.past && d.getTime() > now.getTime() + 60_000)
    return "that is in the future; expected a time that has already happened";
  return true;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/** "21 Nov 2026 20:30 UTC": the form public messages use. */
export function humanUtc(iso: string | Date): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** "2026-11-21 20:30": a UTC time as a responder would type it (parseWhen reads it back). */
export function typedUtc(d: Date): string {
  return d.toISOString().slice(0, 16).replace("T", " ");
}

/** "2026-11-21T20:30:05Z": the form the incident log uses (ISO-8601, sortable, whole seconds). */
export function logUtc(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** "20:30 UTC" for times today, else the full human form. */
export function shortUtc(iso: string, now: Date): string {
  const d = new Date(iso);
  if (d.toISOString().slice(0, 10) === now.toISOString().slice(0, 10))
    return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
  return humanUtc(d);
}

/** 2026-03-04 14:06:12 — for tables whose header says (UTC). */
export function utcSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

/** 2026-03-04 14:06 UTC — for prose. */
export function utcMinutes(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/**
 * "2026-03-04 14:06:12 to 14:31:40 UTC": the absolute times beside a duration, so a reader can
 * check it against the timeline; the date is written once when both ends are on the same day.
 */
export function utcSpan(from: number, to: number): string {
  const a = utcSeconds(from);
  const b = utcSeconds(to);
  return `${a} to ${a.slice(0, 10) === b.slice(0, 10) ? b.slice(11) : b} UTC`;
}

/** 14:06 — chart labels, when every point is on the same day. */
export function utcClock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

/** 03-04 14:06 — chart labels when the points span several days. */
export function utcDayClock(ms: number): string {
  return new Date(ms).toISOString().slice(5, 16).replace("T", " ");
}

/** The playbook duration format ("30m", "2h", "3d"); the playbook schema checks durations with it. */
export const DURATION_PATTERN = /^\d{1,7}(?:m|h|d)$/;
export const DURATION_HELP = `expected a duration such as "30m", "2h" or "3d", more than 0 and at most ${MAX_DURATION_TEXT}`;

/** "30m", "2h", "3d" in milliseconds; undefined if malformed, zero or longer than MAX_DURATION_MS. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION_PATTERN.test(text)) return undefined;
  const ms = Number(text.slice(0, -1)) * UNIT_MS[text.slice(-1) as "m" | "h" | "d"];
  return ms > 0 && ms <= MAX_DURATION_MS ? ms : undefined;
}

/** A duration the schema has already checked, in milliseconds; a malformed one is a bug. */
export function durationMs(duration: string): number {
  const ms = parseDuration(duration);
  if (ms === undefined) throw new Error(`not a duration: ${duration}`);
  return ms;
}

/** "1h 05m", "12m", "45s", "2d 3h": elapsed or remaining time for people. */
export function formatSpan(ms: number): string {
  const abs = Math.abs(ms);
  const s = Math.floor(abs / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${pad(m % 60)}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/**
 * A duration in words a reader takes in at a glance (the post-mortem's form), rounded to the
 * nearest of its smallest unit, never cut: below an hour to the second (so a target missed by
 * seconds does not read as met: 7.99 s is "8 s", 4 min 59.6 s is "5 min"), beyond to the minute.
 * From a day on, every unit down to the minutes is shown, zeros in between included ("1 d 0 h 7 min");
 * trailing zero units are left out ("1 d", "2 h").
 */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? "-" : "";
  const abs = Math.abs(ms);
  let text: string;
  if (abs < 3_599_500) {
    const total = Math.round(abs / 1000);
    const m = Math.floor(total / 60);
    const s = total % 60;
    text = total < 60 ? `${total} s` : s > 0 ? `${m} min ${s} s` : `${m} min`;
  } else {
    const minutes = Math.round(abs / 60_000);
    const d = Math.floor(minutes / 1440);
    const h = Math.floor((minutes % 1440) / 60);
    const m = minutes % 60;
    if (d === 0) text = m > 0 ? `${h} h ${m} min` : `${h} h`;
    else text = m > 0 ? `${d} d ${h} h ${m} min` : h > 0 ? `${d} d ${h} h` : `${d} d`;
  }
  return `${sign}${text}`;
}

/** Rounds up to the next five minutes: a promised time people can remember. */
export function roundUp5(d: Date): Date {
  const step = 5 * 60_000;
  return new Date(Math.ceil(d.getTime() / step) * step);
}
