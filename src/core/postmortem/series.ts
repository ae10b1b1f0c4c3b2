import type { Facts } from "./facts.js";

/**
 * The check-ins as time series (mentions per hour, negative share): the peak, and the recovery,
 * which is the first check-in after the peak from which every later check-in stays at or under
 * the threshold. Linear: one sort, one backward pass.
 */

export interface Point {
  at: number;
  value: number;
}

export interface Recovery {
  peak: Point;
  /** Undefined when the last check-in is still above the threshold. */
  back?: Point;
  threshold: number;
}

/** Mentions per hour count as back to normal at or under 1.5 times the baseline. */
export const VOLUME_FACTOR = 1.5;
/** Negative share counts as back to normal within 5 points of the baseline. */
export const SENTIMENT_POINTS = 5;

export function series(
  facts: Facts,
  key: "mentions_per_hour" | "negative_share" | "media_pickups" | "support_tickets",
): Point[] {
  const points: Point[] = [];
  for (const s of facts.snapshots) {
    const value = s[key];
    if (value !== undefined) points.push({ at: s.at, value });
  }
  return points.sort((a, b) => a.at - b.at);
}

/** The highest point; the earliest one when several tie. */
export function peakOf(points: readonly Point[]): Point | undefined {
  let peak: Point | undefined;
  for (const p of points) if (!peak || p.value > peak.value) peak = p;
  return peak;
}

export function recovery(points: readonly Point[], threshold: number): Recovery | undefined {
  const peak = peakOf(points);
  if (!peak) return undefined;
  if (peak.value <= threshold) return { peak, back: peak, threshold };
  const peakIndex = points.indexOf(peak);
  let back: Point | undefined;
  for (let i = points.length - 1; i > peakIndex; i--) {
    const p = points[i];
    if (!p || p.value > threshold) break;
    back = p;
  }
  return back ? { peak, back, threshold } : { peak, threshold };
}
