import path from "node:path";
import { createDir, createDirs, fsyncDir } from "../../adapters/fs/durable-write.js";
import { fileError } from "../../adapters/fs/errors.js";
import { exists, isRealDir, namesIn } from "../../adapters/fs/read.js";
import { CrisisError, EXIT } from "../../errors.js";
import { foldEvents, type IncidentState } from "../../core/journal/fold.js";
import { JOURNAL_FILE } from "../../core/incident/folder.js";
import type { JournalDamage } from "../../core/journal/lines.js";
import { readJournal } from "../journal/store.js";
import { suggest } from "../../core/suggest.js";

/**
 * Reserves a new incident folder named <UTC date>-<playbook id>, with -2, -3 … when that day
 * already has one. mkdir is atomic, so two responders starting at once get different ids.
 */
export function reserveIncident(root: string, playbookId: string, now: Date): { id: string; dir: string } {
  try {
    createDirs(root);
  } catch (error) {
    throw fileError(error, root, "create", `the incident was not opened: cannot create ${root}`);
  }
  const base = `${now.toISOString().slice(0, 10)}-${playbookId}`;
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    const dir = path.join(root, id);
    let created: boolean;
    try {
      created = createDir(dir);
    } catch (error) {
      throw fileError(error, dir, "create", `the incident was not opened: cannot create ${dir}`);
    }
    if (!created) continue;
    fsyncDir(root);
    return { id, dir };
  }
}

export interface IncidentSummary {
  id: string;
  dir: string;
  state: IncidentState;
  damage: JournalDamage;
}

/** The ids of every incident folder that has a journal, sorted. A folder that is a symbolic link is not one. */
export function incidentIds(root: string): string[] {
  return namesIn(root).filter(
    (name) => !name.startsWith(".") && isRealDir(path.join(root, name)) && exists(path.join(root, name, JOURNAL_FILE)),
  );
}

export function loadIncident(dir: string): IncidentSummary {
  const { events, torn, invalid } = readJournal(dir);
  return { id: path.basename(dir), dir, state: foldEvents(events), damage: { torn, invalid } };
}

export function listIncidents(root: string): IncidentSummary[] {
  return incidentIds(root).map((id) => loadIncident(path.join(root, id)));
}

/** The folder of incident `id`, or an error listing what exists. */
export function findIncident(root: string, id: string): string {
  const dir = path.join(root, id);
  const wellFormed = /^[A-Za-z0-9._-]+$/.test(id) && !id.startsWith(".");
  if (wellFormed && exists(dir) && !isRealDir(dir) && exists(path.join(dir, JOURNAL_FILE)))
    throw new CrisisError(
      `the incident folder ${dir} is a symbolic link; crisis does not follow links out of the incidents folder`,
      EXIT.usage,
      "move the incident folder itself into the incidents folder",
    );
  if (!wellFormed || !exists(path.join(dir, JOURNAL_FILE))) {
    const ids = incidentIds(root);
    const hint = suggest(id, ids);
    throw new CrisisError(
      `no incident "${id}" in ${root}${hint ? ` (did you mean "${hint}"?)` : ""}`,
      EXIT.noInput,
      ids.length > 0 ? "crisis list shows the incidents" : "start one with crisis start",
    );
  }
  return dir;
}

/**
 * The incident other commands work on: --incident when given, else the most recently opened one
 * that is not resolved.
 */
export function activeIncident(root: string, explicit?: string): IncidentSummary {
  if (explicit !== undefined) return loadIncident(findIncident(root, explicit));
  const open = listIncidents(root).filter((i) => i.state.status !== "resolved");
  open.sort((a, b) =>
    a.state.openedAt < b.state.openedAt ? 1 : a.state.openedAt > b.state.openedAt ? -1 : b.id.localeCompare(a.id),
  );
  const first = open[0];
  if (!first)
    throw new CrisisError(
      `no open incident in ${root}`,
      EXIT.noInput,
      "start one with crisis start <playbook>, or name one with --incident <id>",
    );
  return first;
}
