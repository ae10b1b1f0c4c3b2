import type { FileOutcome } from "./file-run.js";
import { RULE_BY_ID } from "./rules/index.js";
import type { RawReport } from "./scope.js";

/**
 * A file's outcome as it crosses from a worker thread to the main one (structured clone): a rule
 * travels as its id, because a rule's checks are functions, and becomes the same rule again here.
 */
type WireReport = Omit<RawReport, "rule"> & { rule: string };
export type WireOutcome = Omit<FileOutcome, "reports" | "deferred"> & { reports: WireReport[]; deferred: WireReport[] };

const toWireReport = (r: RawReport): WireReport => ({ ...r, rule: r.rule.id });

function fromWireReport(r: WireReport): RawReport {
  const rule = RULE_BY_ID.get(r.rule);
  // Only built-in rules run in a worker (a run with extra rules stays in one thread).
  if (!rule) throw new Error(`a lint thread reported an unknown rule "${r.rule}"`);
  return { ...r, rule };
}

export const toWire = (o: FileOutcome): WireOutcome => ({
  ...o,
  reports: o.reports.map(toWireReport),
  deferred: o.deferred.map(toWireReport),
});

export const fromWire = (o: WireOutcome): FileOutcome => ({
  ...o,
  reports: o.reports.map(fromWireReport),
  deferred: o.deferred.map(fromWireReport),
});
