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
