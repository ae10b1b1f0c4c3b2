import path from "node:path";
import { createDir, createDirs, fsyncDir } from "../../adapters/fs/durable-write.js";
import { fileError } from "../../adapters/fs/errors.js";
import { exists, isRealDir, namesIn } from "../../adapters/fs/read.js";
import { CrisisError, EXIT } from "../../errors.js";
import { emptyState, foldEvents, type IncidentState } from "../../core/journal/fold.js";
import { compareEvents } from "../../core/journal/order.js";
import { adoptState, checkpointHead, readCheckpoint } from "../journal/checkpoint.js";
import { JOURNAL_FILE } from "../../core/incident/folder.js";
import type { JournalDamage } from "../../core/journal/lines.js";
import { readJournal, readJournalFrom, readJournalText } from "../journal/store.js";
import { parseJournal } from "../../core/journal/lines.js";
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

/**
 * What status and list show of an incident: its state folded from the checkpoint beside its
 * journal and the lines appended since, when the checkpoint still describes the journal and
 * those lines all come after it in fold order; else from the whole journal. The state holds no
 * events (summarize needs none); anything that reads `state.events` uses loadIncident.
 */
export function incidentSummary(dir: string): IncidentSummary {
  const cp = readCheckpoint(dir, false);
  if (cp) {
    const tail = parseJournal(readJournalFrom(dir, cp.reader.offset));
    const last = cp.last;
    if (tail.events.every((e) => last === undefined || compareEvents(last, e) < 0)) {
      const state = adoptState(emptyState(), cp.state);
      state.events = [];
      foldEvents(tail.events, state);
      const line = (n: number) => n + cp.reader.line;
      return {
        id: path.basename(dir),
        dir,
        state,
        damage: {
          torn: tail.torn && { line: line(tail.torn.line), text: tail.torn.text },
          invalid: [...cp.reader.invalid, ...tail.invalid.map((d) => ({ ...d, line: line(d.line) }))],
        },
      };
    }
  }
  return loadIncident(dir);
}

export function listIncidents(root: string, load = loadIncident): IncidentSummary[] {
  return incidentIds(root).map((id) => load(path.join(root, id)));
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

/** Whether an incident is open and when it was opened: what choosing the active incident needs. */
export interface IncidentHead {
  id: string;
  dir: string;
  status: IncidentState["status"];
  openedAt: string;
}

/**
 * An incident's head, without parsing its journal: only the lines that can open or resolve an
 * incident (those that mention incident_opened or resolved) are parsed and folded, in fold order,
 * which gives the same status and opening time as folding every event. The bytes are still read,
 * but a journal of 100,000 events costs a text search, not 100,000 JSON parses.
 */
function incidentHead(dir: string): IncidentHead {
  // As of a checkpoint, when nothing appended since can open or resolve an incident.
  const cp = checkpointHead(dir);
  if (cp) {
    const tail = readJournalFrom(dir, cp.offset);
    if (!tail.includes("incident_opened") && !tail.includes("resolved"))
      return { id: path.basename(dir), dir, status: cp.status, openedAt: cp.openedAt };
  }
  const picked: string[] = [];
  for (const line of readJournalText(dir).split("\n"))
    if (line.includes("incident_opened") || line.includes("resolved")) picked.push(line);
  const { events } = parseJournal(picked.join("\n"));
  const state = foldEvents(events);
  return { id: path.basename(dir), dir, status: state.status, openedAt: state.openedAt };
}

/** The most recently opened of these (the id breaks a tie), or undefined for none. */
function latest<T extends { id: string; openedAt: string }>(heads: T[]): T | undefined {
  return [...heads].sort((a, b) =>
    a.openedAt < b.openedAt ? 1 : a.openedAt > b.openedAt ? -1 : b.id.localeCompare(a.id),
  )[0];
}

/**
 * The incident other commands work on, without folding any journal: --incident when given, else
 * the most recently opened one that is not resolved. With `orLatest`, the most recent one when
 * none is open (crisis status).
 */
export function activeHead(root: string, explicit?: string, orLatest = false): IncidentHead {
  if (explicit !== undefined) {
    const dir = findIncident(root, explicit);
    return incidentHead(dir);
  }
  const heads = incidentIds(root).map((id) => incidentHead(path.join(root, id)));
  const first = latest(heads.filter((h) => h.status !== "resolved")) ?? (orLatest ? latest(heads) : undefined);
  if (!first)
    throw new CrisisError(
      `no open incident in ${root}`,
      EXIT.noInput,
      "start one with crisis start <playbook>, or name one with --incident <id>",
    );
  return first;
}

/**
 * The incident other commands work on: --incident when given, else the most recently opened one
 * that is not resolved. Only that one journal is read whole and folded.
 */
export function activeIncident(root: string, explicit?: string): IncidentSummary {
  return loadIncident(activeHead(root, explicit).dir);
}
