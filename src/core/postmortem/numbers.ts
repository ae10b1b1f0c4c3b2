/**
 * Numbers as the post-mortem prints them: locale-free, so the same journal gives byte-identical
 * output on every machine. (Times and durations: core/time.ts.)
 */

/** 12,345.6 — thousands separated with commas, at most one decimal, whatever the locale. */
export function formatNumber(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  // Most numbers (check-in counts, shares) are whole and under 1,000: nothing to group or split.
  if (Number.isInteger(rounded) && rounded < 1000 && rounded > -1000) return String(rounded === 0 ? 0 : rounded);
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
