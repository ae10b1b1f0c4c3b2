import { PHASES } from "../playbook/levels.js";
import type { Facts, StepRun } from "./facts.js";
import { series, type Point } from "./series.js";
import { utcClock, utcDayClock } from "../time.js";
import { isoTime } from "./iso-time.js";

/**
 * Mermaid sources for the pictures (GitHub renders both): a gantt chart of the phases with the
 * milestones, and line charts of the check-ins. No text from answers goes into them: labels are
 * phase names, step ids reduced to safe characters, fixed milestone names and times.
 */

/** More runs than this in one phase are drawn as one bar from the first start to the last end. */
const MAX_RUNS_PER_PHASE = 12;
/** More check-ins than this are grouped into this many time buckets (the highest value of each). */
export const MAX_POINTS = 48;
const MIN_BAR_MS = 60_000;

const ganttTime = (ms: number) => isoTime(ms).slice(0, 19);
const safeLabel = (text: string) => text.replace(/[^A-Za-z0-9 _-]/g, "-").slice(0, 40) || "step";
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export interface MilestoneMark {
  label: string;
  at: number;
}

export function phaseGantt(runs: readonly StepRun[], marks: readonly MilestoneMark[]): string | undefined {
  if (runs.length === 0) return undefined;
  const byPhase = new Map<string, StepRun[]>();
  for (const run of runs) {
    const phase = (PHASES as readonly string[]).includes(run.phase) ? run.phase : "other";
    const list = byPhase.get(phase) ?? [];
    list.push(run);
    byPhase.set(phase, list);
  }
  let min = Infinity;
  let max = -Infinity;
  for (const r of runs) {
    min = Math.min(min, r.start);
    max = Math.max(max, r.end);
  }
  for (const m of marks) {
    min = Math.min(min, m.at);
    max = Math.max(max, m.at);
  }
  const lines = [
    "gantt",
    "  title Phases of the response (UTC)",
    "  dateFormat YYYY-MM-DDTHH:mm:ss",
    `  axisFormat ${max - min > 86_400_000 ? "%m-%d %H:%M" : "%H:%M"}`,
  ];
  let id = 0;
  const order = [...PHASES, "other"].filter((p) => byPhase.has(p));
  for (const phase of order) {
    const list = byPhase.get(phase) ?? [];
    lines.push(`  section ${capital(phase)}`);
    const bars =
      list.length > MAX_RUNS_PER_PHASE
        ? [
            {
              label: `${phase} ${list.length} runs`,
              start: list.reduce((a, r) => Math.min(a, r.start), Infinity),
              end: list.reduce((a, r) => Math.max(a, r.end), -Infinity),
            },
          ]
        : numbered(list);
    for (const bar of bars) {
      const end = Math.max(bar.end, bar.start + MIN_BAR_MS);
      lines.push(`  ${safeLabel(bar.label)} :p${++id}, ${ganttTime(bar.start)}, ${ganttTime(end)}`);
    }
  }
  if (marks.length > 0) {
    lines.push("  section Milestones");
    marks.forEach((m, i) => lines.push(`  ${safeLabel(m.label)} :milestone, m${i + 1}, ${ganttTime(m.at)}, 0m`));
  }
  return lines.join("\n");
}

/** Repeated steps (the update loop) are told apart as "update 2", "update 3". */
function numbered(list: readonly StepRun[]): { label: string; start: number; end: number }[] {
  const seen = new Map<string, number>();
  return list.map((r) => {
    const n = (seen.get(r.step) ?? 0) + 1;
    seen.set(r.step, n);
    return { label: n === 1 ? r.step : `${r.step} ${n}`, start: r.start, end: r.end };
  });
}

/** At most MAX_POINTS points: equal time buckets, each keeping its highest value (peaks survive). */
function downsample(points: readonly Point[]): Point[] {
  if (points.length <= MAX_POINTS) return [...points];
  const first = points[0]?.at ?? 0;
  const span = (points[points.length - 1]?.at ?? first) - first || 1;
  const buckets: (Point | undefined)[] = new Array<Point | undefined>(MAX_POINTS);
  for (const p of points) {
    const i = Math.min(MAX_POINTS - 1, Math.floor(((p.at - first) / span) * MAX_POINTS));
    const b = buckets[i];
    if (!b) buckets[i] = { at: first + (i * span) / MAX_POINTS, value: p.value };
    else if (p.value > b.value) b.value = p.value;
  }
  return buckets.filter((b): b is Point => b !== undefined);
}

const niceMax = (value: number) => {
  if (value <= 0) return 10;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return Math.ceil((value * 1.1) / magnitude) * magnitude;
};
const num = (v: number) => String(Math.round(v * 10) / 10);

function lineChart(title: string, axis: string, points: readonly Point[], yMax: number, flat?: number): string {
  const shown = downsample(points);
  const span = (shown[shown.length - 1]?.at ?? 0) - (shown[0]?.at ?? 0);
  const label = span > 86_400_000 ? utcDayClock : utcClock;
  const lines = [
    "xychart-beta",
    `  title "${title}"`,
    `  x-axis [${shown.map((p) => `"${label(p.at)}"`).join(", ")}]`,
    `  y-axis "${axis}" 0 --> ${num(yMax)}`,
    `  line [${shown.map((p) => num(p.value)).join(", ")}]`,
  ];
  if (flat !== undefined) lines.push(`  line [${shown.map(() => num(flat)).join(", ")}]`);
  return lines.join("\n");
}

export interface CheckInCharts {
  mentions?: string;
  negative?: string;
}

export function checkInCharts(
  facts: Facts,
  baselines: { mentions_per_hour?: number; negative_share?: number },
): CheckInCharts {
  const charts: CheckInCharts = {};
  const mentions = series(facts, "mentions_per_hour");
  if (mentions.length > 0) {
    const top = Math.max(baselines.mentions_per_hour ?? 0, ...downsample(mentions).map((p) => p.value));
    const base = baselines.mentions_per_hour;
    charts.mentions = lineChart(
      base === undefined ? "Mentions per hour (UTC)" : "Mentions per hour (UTC; flat line: normal)",
      "Mentions per hour",
      mentions,
      niceMax(top),
      base,
    );
  }
  const negative = series(facts, "negative_share");
  if (negative.length > 0) {
    const base = baselines.negative_share;
    charts.negative = lineChart(
      base === undefined ? "Negative share, percent (UTC)" : "Negative share, percent (UTC; flat line: normal)",
      "Negative share (%)",
      negative,
      100,
      base,
    );
  }
  return charts;
}
