/**
 * Times and numbers as the post-mortem prints them. Everything is UTC and locale-free, so the
 * same journal gives byte-identical output on every machine.
 */

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "30m", "2h", "3d" (the playbook duration format) in milliseconds; undefined if malformed. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)(m|h|d)$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/** 2026-03-04 14:06:12 — for tables whose header says (UTC). */
export function utcSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

/** 2026-03-04 14:06 UTC — for prose. */
export function utcMinutes(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** 14:06 — chart labels, when every point is on the same day. */
export function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

/** 03-04 14:06 — chart labels when the points span several days. */
export function dayClock(ms: number): string {
  return new Date(ms).toISOString().slice(5, 16).replace("T", " ");
}

/**
 * A duration in words a reader takes in at a glance: seconds are shown below an hour (so a target
 * missed by seconds does not read as met), minutes below a day, hours beyond. Rounds down.
 */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? "-" : "";
  const total = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  let text: string;
  if (total < 60) text = `${s} s`;
  else if (total < 3600) text = s > 0 ? `${m} min ${s} s` : `${m} min`;
  else if (total < 86_400) text = m > 0 ? `${h} h ${m} min` : `${h} h`;
  else text = h > 0 ? `${d} d ${h} h` : `${d} d`;
  return `${sign}${text}`;
}

/** 12,345.6 — thousands separated with commas, at most one decimal, whatever the locale. */
export function formatNumber(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  const [whole = "0", fraction] = Math.abs(rounded).toString().split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${rounded < 0 ? "-" : ""}${grouped}${fraction ? `.${fraction}` : ""}`;
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
