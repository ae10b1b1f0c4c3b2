import type { Sentiment } from "./values.js";

/**
 * Mentions counted per clock hour (UTC hours: every zone's hours start at a whole UTC hour except
 * a few half-hour zones, and a check-in is a point in time anyway). Each hour becomes one check-in
 * at the hour's end: "mentions in the last hour", as a responder would type it at that moment.
 */

const HOUR_MS = 3_600_000;
/** A longer span is refused: a year of hourly check-ins is already more than any chart shows. */
export const MAX_HOURS = 24 * 400;

interface Tally {
  mentions: number;
  negative: number;
  /** Mentions with a sentiment (negative, neutral or positive): the negative share's denominator. */
  rated: number;
}

export interface HourCheckIn {
  /** The hour's start (ms, UTC). */
  hour: number;
  /** When the check-in is recorded: the hour's end. */
  at: number;
  mentions: number;
  /** Percent of the rated mentions that were negative, to one decimal; absent when none was rated. */
  negative_share?: number;
}

export class HourTally {
  private readonly hours = new Map<number, Tally>();
  mentions = 0;

  add(ms: number, sentiment: Sentiment | null): void {
    const hour = Math.floor(ms / HOUR_MS) * HOUR_MS;
    let t = this.hours.get(hour);
    if (!t) {
      t = { mentions: 0, negative: 0, rated: 0 };
      this.hours.set(hour, t);
    }
    t.mentions++;
    this.mentions++;
    if (sentiment !== null) t.rated++;
    if (sentiment === "negative") t.negative++;
  }

  /** The span from the first hour to the last, in hours; 0 when empty. */
  span(): number {
    if (this.hours.size === 0) return 0;
    const keys = [...this.hours.keys()];
    return (Math.max(...keys) - Math.min(...keys)) / HOUR_MS + 1;
  }

  /**
   * One check-in per hour from the first mention's hour to the last one's, in order; an hour
   * between them without mentions is a real zero, so it is a check-in of 0.
   */
  checkIns(): HourCheckIn[] {
    if (this.hours.size === 0) return [];
    let first = Infinity;
    let last = -Infinity;
    for (const h of this.hours.keys()) {
      first = Math.min(first, h);
      last = Math.max(last, h);
    }
    const out: HourCheckIn[] = [];
    for (let hour = first; hour <= last; hour += HOUR_MS) {
      const t = this.hours.get(hour) ?? { mentions: 0, negative: 0, rated: 0 };
      out.push({
        hour,
        at: hour + HOUR_MS,
        mentions: t.mentions,
        ...(t.rated > 0 ? { negative_share: Math.round((t.negative / t.rated) * 1000) / 10 } : {}),
      });
    }
    return out;
  }
}
