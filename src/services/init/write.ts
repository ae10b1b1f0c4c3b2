import { mkdirSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { writeOutputFile } from "../../adapters/fs/durable-write.js";
import { readIfRegularFile } from "../../adapters/fs/read.js";
import path from "node:path";
import { mergeIntoYaml } from "../../core/init/config-merge.js";
import { ignoresFolder, missingLines, withoutFolder } from "../../core/init/gitignore.js";
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

/** A folder, a FIFO or a device where init expects a file: never written into or over. */
const notAFile = (full: string): boolean => !statSync(full).isFile();

function writeFile(full: string, planned: Extract<PlannedFile, { kind: "file" }>, options: WriteOptions): InitEntry {
  const base = { path: planned.path, what: planned.what };
  const existing = readIfRegularFile(full);
  if (existing !== undefined) {
    if (notAFile(full)) return { ...base, outcome: "kept", detail: "is not a file" };
    if (existing === planned.content) return { ...base, outcome: "kept", detail: "already up to date" };
    if (!options.force && planned.merge && planned.merge.length > 0) {
      // Answers given this time go into the team's file, every line of theirs left as it was.
      if (!options.dryRun) writeOutputFile(full, mergeIntoYaml(existing, planned.merge));
      return { ...base, outcome: "updated", detail: `set ${planned.merge.map((m) => m.path.join(".")).join(", ")}` };
    }
    if (!options.force) return { ...base, outcome: "kept", detail: "exists (--force overwrites it)" };
    if (!options.dryRun) writeOutputFile(full, planned.content);
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
      // Created but not written whole (a full disk): removed, so a second run writes it again
      // instead of keeping half a file.
      try {
        unlinkSync(full);
      } catch {
        // never created
      }
      throw error;
    }
  }
  return { ...base, outcome: "created" };
}

/**
 * Lines init needs in .gitignore are added, never rewritten; the only line it removes is the one
 * that ignores the incidents folder, when the team chose to commit incidents. So this never needs
 * --force, and every other line stays as it was.
 */
function ensureLines(full: string, planned: Extract<PlannedFile, { kind: "lines" }>, options: WriteOptions): InitEntry {
  const base = { path: planned.path, what: planned.what };
  const existing = readIfRegularFile(full);
  if (existing !== undefined && notAFile(full)) return { ...base, outcome: "kept", detail: "is not a file" };
  let text = existing ?? "";
  const removed = (planned.remove ?? []).filter((folder) => ignoresFolder(text, folder));
  for (const folder of removed) text = withoutFolder(text, folder);
  const missing = missingLines(text, planned.lines);
  if (missing.length === 0 && removed.length === 0)
    return { ...base, outcome: "kept", detail: `already lists ${planned.lines.join(", ")}` };
  if (missing.length > 0) text = `${text}${text === "" || text.endsWith("\n") ? "" : "\n"}${missing.join("\n")}\n`;
  if (!options.dryRun) {
    mkdirSync(path.dirname(full), { recursive: true });
    // Replaced whole (a temporary file renamed over it): a full disk leaves the team's .gitignore as it was.
    writeOutputFile(full, text);
  }
  if (existing === undefined) return { ...base, outcome: "created" };
  const detail = [
    ...(missing.length > 0 ? [`added ${missing.join(", ")}`] : []),
    ...(removed.length > 0
      ? [`removed the line ignoring ${removed.map((f) => `${f}/`).join(", ")} (incidents are committed)`]
      : []),
  ].join("; ");
  return { ...base, outcome: "updated", detail };
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
