import { SEVERITIES } from "../playbook/levels.js";
import type { Severity } from "../playbook/schema.js";
import type { Facts } from "./facts.js";

export interface SeverityPeriod {
  severity: Severity;
  start: number;
  end: number;
  /** The last period of an unresolved incident runs to the last journal entry. */
  open: boolean;
}

/** Where the incident's clock stops: the resolution, else the last journal entry. */
function endOf(facts: Facts): { at: number; open: boolean } | undefined {
  if (facts.resolved) return { at: facts.resolved.at, open: false };
  return facts.lastAt === undefined ? undefined : { at: facts.lastAt, open: true };
}

/** The declaration and every change, in time order, as back-to-back periods (repeats merged). */
export function severityPeriods(facts: Facts): SeverityPeriod[] {
  const end = endOf(facts);
  if (!end) return [];
  const changes = [...facts.severities].sort((a, b) => a.at - b.at || a.seq - b.seq);
  const periods: SeverityPeriod[] = [];
  for (const change of changes) {
    if (change.at > end.at) break;
    let last = periods[periods.length - 1];
    if (last?.severity === change.to) continue;
    if (last) {
      last.end = change.at;
      // A level replaced at the same instant (set, then corrected at once) never was in effect.
      if (last.end === last.start) {
        periods.pop();
        last = periods[periods.length - 1];
        if (last?.severity === change.to) {
          last.end = end.at;
          continue;
        }
      }
    }
    periods.push({ severity: change.to, start: change.at, end: end.at, open: end.open });
  }
  for (let i = 0; i < periods.length - 1; i++) {
    const p = periods[i];
    if (p) p.open = false;
  }
  return periods;
}

/** The severity in effect at a moment (binary search); undefined before the declaration. */
export function severityAt(periods: readonly SeverityPeriod[], at: number): Severity | undefined {
  let lo = 0;
  let hi = periods.length - 1;
  let found: SeverityPeriod | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = periods[mid];
    if (!p) break;
    if (p.start <= at) {
      found = p;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found?.severity;
}

/** SEV1 is the most severe: the lowest index in SEVERITIES. */
export function highestSeverity(facts: Facts): Severity | undefined {
  let best: number | undefined;
  for (const s of facts.severities) {
    const i = SEVERITIES.indexOf(s.to);
    if (best === undefined || i < best) best = i;
  }
  return best === undefined ? undefined : SEVERITIES[best];
}

/** Total time in each severity, in SEVERITIES order. */
export function timeInSeverity(
  periods: readonly SeverityPeriod[],
): { severity: Severity; ms: number; open: boolean }[] {
  const totals = new Map<Severity, { ms: number; open: boolean }>();
  for (const p of periods) {
    const t = totals.get(p.severity) ?? { ms: 0, open: false };
    t.ms += p.end - p.start;
    t.open ||= p.open;
    totals.set(p.severity, t);
  }
  return SEVERITIES.filter((s) => totals.has(s)).map((s) => ({
    severity: s,
    ...(totals.get(s) ?? { ms: 0, open: false }),
  }));
}
