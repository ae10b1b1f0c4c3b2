import type { TargetSource } from "./targets.js";

/** One metric as the post-mortem shows it, and the small helpers every metric module shares. */

export type MetricStatus = "met" | "missed" | "no target" | "not recorded";
export type MetricUnit = "seconds" | "count" | "percent" | "per_hour";

export interface Metric {
  id: string;
  label: string;
  value: number | null;
  unit: MetricUnit;
  display: string;
  target: { value: number; display: string; source: TargetSource | "fixed" } | null;
  status: MetricStatus;
  note?: string;
}

export const NOT_RECORDED = "not recorded";

// A loop, not Math.max(...values): a spread of 100,000 arguments overflows the stack.
export const maxOf = (values: readonly number[]): number => values.reduce((a, b) => (b > a ? b : a), -Infinity);

/** A metric with no target: a value, or not recorded when the value is null. */
export function plain(
  id: string,
  label: string,
  unit: MetricUnit,
  value: number | null,
  display: string,
  note?: string,
): Metric {
  return {
    id,
    label,
    unit,
    value,
    display,
    target: null,
    status: value === null ? "not recorded" : "no target",
    ...(note ? { note } : {}),
  };
}
