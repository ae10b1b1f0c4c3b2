import { appendFileSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { readIfRegularFile } from "../../adapters/fs/read.js";
import path from "node:path";
import type { PlannedFile } from "../../core/init/plan.js";

export type Outcome = "created" | "overwritten" | "updated" | "kept";

interface InitEntry {
  path: string;
  outcome: Outcome;
  what: string;
  /** Why a file was kept, or what was added to it. */
  detail?: string;
}

export interface InitReport {
  root: string;
  dryRun: boolean;
  entries: InitEntry[];
  /** The file init could not write; nothing after it was attempted. */
  failure?: { path: string; reason: string };
}

export interface WriteOptions {
  force: boolean;
  dryRun: boolean;
}

function writeFile(full: string, planned: Extract<PlannedFile, { kind: "file" }>, options: WriteOptions): InitEntry {
  const base = { path: planned.path, what: planned.what };
  const existing = readIfRegularFile(full);
  if (existing !== undefined) {
    if (existing === planned.content) return { ...base, outcome: "kept", detail: "already up to date" };
    if (!options.force) return { ...base, outcome: "kept", detail: "exists (--force overwrites it)" };
    if (!statSync(full).isFile()) return { ...base, outcome: "kept", detail: "is not a file" };
    if (!options.dryRun) writeFileSync(full, planned.content);
    return { ...base, outcome: "overwritten" };
  }
  if (!options.dryRun) {
    mkdirSync(path.dirname(full), { recursive: true });
    try {
      // "wx" fails if the file appeared since the check: a user's file is never replaced by accident.
      writeFileSync(full, planned.content, { flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST")
        return { ...base, outcome: "kept", detail: "exists (--force overwrites it)" };
      throw error;
    }
  }
  return { ...base, outcome: "created" };
}

/** Lines are only ever added (to .gitignore), so this never needs --force and never removes anything. */
function ensureLines(full: string, planned: Extract<PlannedFile, { kind: "lines" }>, options: WriteOptions): InitEntry {
  const base = { path: planned.path, what: planned.what };
  const existing = readIfRegularFile(full);
  const present = new Set((existing ?? "").split(/\r?\n/).map((l) => l.trim()));
  const missing = planned.lines.filter((l) => !present.has(l));
  if (missing.length === 0) return { ...base, outcome: "kept", detail: `already lists ${planned.lines.join(", ")}` };
  if (existing === undefined) {
    if (!options.dryRun) {
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, `${missing.join("\n")}\n`);
    }
    return { ...base, outcome: "created" };
  }
  if (!options.dryRun)
    appendFileSync(full, `${existing === "" || existing.endsWith("\n") ? "" : "\n"}${missing.join("\n")}\n`);
  return { ...base, outcome: "updated", detail: `added ${missing.join(", ")}` };
}

/** Writes the plan under root: creates what is missing, keeps what exists unless force, only appends to .gitignore. */
export function applyPlan(root: string, plan: readonly PlannedFile[], options: WriteOptions): InitReport {
  const entries: InitEntry[] = [];
  for (const planned of plan) {
    const full = path.join(root, ...planned.path.split("/"));
    try {
      entries.push(planned.kind === "file" ? writeFile(full, planned, options) : ensureLines(full, planned, options));
    } catch (error) {
      // Permissions, a file where a folder should be, a full disk: the user's to fix, not a bug.
      // Stop here, and report what was written before it.
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      return { root, dryRun: options.dryRun, entries, failure: { path: planned.path, reason } };
    }
  }
  return { root, dryRun: options.dryRun, entries };
}
