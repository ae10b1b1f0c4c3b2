/**
 * Date.prototype.toISOString for the post-mortem's times, several times faster: a long incident's
 * report writes a few hundred thousand of them (every approval, statement, promise and check),
 * and the built-in takes microseconds each. The date part is kept from the last call, since
 * consecutive times are mostly on the same day; the time of day is plain arithmetic. The string is
 * made in one piece (String.fromCharCode), not joined from parts: a joined string is a tree of
 * pieces that costs more memory than the flat one, and is flattened again when it is read.
 * Anything outside years 1970-9999 or not a whole millisecond goes to the built-in, which also
 * throws for NaN exactly as before.
 */

const DAY_MS = 86_400_000;
/** 10000-01-01T00:00:00.000Z: from here toISOString writes a six-digit year. */
const YEAR_10000 = 253_402_300_800_000;
const ZERO = 48;

let dayStart = Number.NaN;
/** The character codes of "YYYY-MM-DDT" for the day starting at dayStart. */
const day: number[] = [];

/** The same string as new Date(ms).toISOString(). */
export function isoTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms >= YEAR_10000) return new Date(ms).toISOString();
  let rest = ms - dayStart;
  if (!(rest >= 0 && rest < DAY_MS)) {
    dayStart = ms - (ms % DAY_MS);
    const prefix = new Date(dayStart).toISOString();
    for (let k = 0; k < 11; k++) day[k] = prefix.charCodeAt(k);
    rest = ms - dayStart;
  }
  const milli = rest % 1000;
  const seconds = (rest - milli) / 1000;
  const minutes = Math.floor(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const s = seconds % 60;
  const d = day as [number, number, number, number, number, number, number, number, number, number, number];
  return String.fromCharCode(
    d[0],
    d[1],
    d[2],
    d[3],
    d[4],
    d[5],
    d[6],
    d[7],
    d[8],
    d[9],
    d[10],
    ZERO + Math.floor(h / 10),
    ZERO + (h % 10),
    58, // :
    ZERO + Math.floor(m / 10),
    ZERO + (m % 10),
    58,
    ZERO + Math.floor(s / 10),
    ZERO + (s % 10),
    46, // .
    ZERO + Math.floor(milli / 100),
    ZERO + (Math.floor(milli / 10) % 10),
    ZERO + (milli % 10),
    90, // Z
  );
}

/** "2026-03-04 14:06 UTC", as utcMinutes writes it. */
export function isoMinutesOf(ms: number): string {
  const iso = isoTime(ms);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** "YYYY-MM-DDT" of the day parsed last, and its time; checked against Date.parse when it is cached. */
let parsedDay = "";
let parsedDayMs = Number.NaN;
const DAY_PREFIX = /^\d{4}-\d{2}-\d{2}T$/;
/** Where the digits of "HH:MM:SS.mmm" are in the canonical form. */
const TIME_DIGITS = [11, 12, 14, 15, 17, 18, 20, 21, 22];

/**
 * Date.parse for the post-mortem's times, several times faster for the canonical form the journal
 * writer writes (toISOString's: each event's `at`): its day is parsed once and cached, its time of
 * day read digit by digit. Every other text, and any time of day out of range, goes to Date.parse.
 */
export function parseIsoTime(text: string): number {
  if (
    text.length !== 24 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(19) !== 46 ||
    text.charCodeAt(23) !== 90
  )
    return Date.parse(text);
  for (const k of TIME_DIGITS) {
    const c = text.charCodeAt(k);
    if (c < ZERO || c > ZERO + 9) return Date.parse(text);
  }
  if (!text.startsWith(parsedDay) || parsedDay === "") {
    const prefix = text.slice(0, 11);
    const ms = DAY_PREFIX.test(prefix) ? Date.parse(`${prefix}00:00:00.000Z`) : Number.NaN;
    if (Number.isNaN(ms)) return Date.parse(text);
    parsedDay = prefix;
    parsedDayMs = ms;
  }
  const two = (k: number) => (text.charCodeAt(k) - ZERO) * 10 + text.charCodeAt(k + 1) - ZERO;
  const h = two(11);
  const m = two(14);
  const s = two(17);
  if (h > 23 || m > 59 || s > 59) return Date.parse(text);
  return parsedDayMs + h * 3_600_000 + m * 60_000 + s * 1000 + two(20) * 10 + text.charCodeAt(22) - ZERO;
}
