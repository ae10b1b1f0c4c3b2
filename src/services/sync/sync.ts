import path from "node:path";
import { createDir, createDirs, writeFileAtomic } from "../../adapters/fs/durable-write.js";
import { exists, fileSize, readIfRegularFile } from "../../adapters/fs/read.js";
import type { Io } from "../../adapters/terminal/io.js";
import { JOURNAL_FILE } from "../../core/incident/folder.js";
import type { JournalEvent } from "../../core/journal/events.js";
import { CrisisError, EXIT } from "../../errors.js";
import type { Workspace } from "../workspace/workspace.js";
import { SYNC_DIR } from "./replica.js";
import { FETCHED_REF, LOCAL_REF, type SyncStore } from "./store.js";

/**
 * One incident's sync: fetch its ref, append the events this journal lacks (union by id), commit a
 * pack of the events recorded here since the last sync, push. A rejected push (someone pushed
 * first) fetches, merges and tries again, a bounded number of times. Killing it at any moment
 * loses nothing: journal lines are fsynced before anything reads them, refs move atomically, and a
 * pack sent twice is harmless because events are merged by id.
 */

export interface SyncContext {
  io: Io;
  /** The workspace, loaded only when a merge renders the log: a no-op sync parses no playbook. */
  ws: () => Promise<Workspace>;
  root: string;
  store: SyncStore;
  actor: string;
  /** Says what the sync is doing (a spinner on a terminal when it takes more than a second). */
  step?: (text: string) => void;
}

export interface IncidentSync {
  id: string;
  /** Events this journal got from other machines. */
  received: number;
  /** Events recorded here that went to the remote. */
  sent: number;
  /** Pushes rejected because someone pushed first, then merged and retried. */
  retries: number;
  /** The incident was not here before (crisis join). */
  created: boolean;
  /** Lines of the remote's packs that were not valid events (set aside). */
  invalid: number;
}

const MAX_ATTEMPTS = 8;

/** How far the journal is in step with the local history: its byte offset after the last sync. */
const offsetFile = (root: string, id: string) => path.join(root, SYNC_DIR, "state", id);

function readOffset(root: string, id: string): number {
  const n = Number(readIfRegularFile(offsetFile(root, id))?.trim() ?? "0");
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

function writeOffset(root: string, id: string, offset: number): void {
  createDirs(path.dirname(offsetFile(root, id)));
  writeFileAtomic(offsetFile(root, id), `${offset}\n`);
}

/**
 * Two machines that opened an incident of the same playbook on the same day, offline, both named it
 * <date>-<playbook>: those are two incidents, never merged into one.
 */
function refuseAnotherIncident(id: string, here: readonly JournalEvent[], incoming: readonly JournalEvent[]): void {
  const mine = here.find((e) => e.type === "incident_opened");
  const theirs = incoming.find((e) => e.type === "incident_opened");
  if (!mine || !theirs || mine.id === theirs.id) return;
  throw new CrisisError(
    `incident ${id} on the sync remote is another incident with the same id (opened by ${theirs.actor} at ${theirs.at}); this one was opened here by ${mine.actor} at ${mine.at}; nothing was merged`,
    EXIT.usage,
    'two machines opened the same playbook on the same day before syncing; keep working on this one locally, and see docs/team.md ("Two incidents with one id")',
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function syncIncident(
  ctx: SyncContext,
  id: string,
  options: { fetched?: boolean; create?: boolean } = {},
): Promise<IncidentSync> {
  const { store, root } = ctx;
  const dir = path.join(root, id);
  const result: IncidentSync = { id, received: 0, sent: 0, retries: 0, created: false, invalid: 0 };
  ctx.step?.(`${id}: fetching from the sync remote`);
  if (!options.fetched) await store.fetch(id);
  let { fetched, local } = await store.refs(id);
  if (!exists(path.join(dir, JOURNAL_FILE))) {
    if (!options.create) return result;
    if (!fetched)
      throw new CrisisError(`no incident "${id}" on the sync remote`, EXIT.noInput, "crisis list --remote lists them");
    createDirs(root);
    if (!createDir(dir) && exists(path.join(dir, JOURNAL_FILE)))
      throw new CrisisError(`incident ${id} is already here`, EXIT.usage, `crisis sync ${id} brings it up to date`);
    // A history left from an incident folder that was removed: start again from the remote's.
    if (local) await store.deleteRef(LOCAL_REF(id), local);
    local = undefined;
    writeOffset(root, id, 0);
    result.created = true;
  }
  let offset = readOffset(root, id);
  if (fetched === local && (fileSize(path.join(dir, JOURNAL_FILE)) ?? 0) === offset) return result;

  // Past the no-op check: load what merging needs (the session, the workspace). The journal's
  // schema is loaded only when a line needs it (core/journal/lines.ts): the command that synced
  // after a note may not have loaded it. A read or merge that meets such a line has written
  // nothing of its own; it is made again with the schema, on a session opened afresh.
  const [{ openSession }, { packMessage, packText }, { withJournalSchema }, ws] = await Promise.all([
    import("../incident/session.js"),
    import("../../core/sync/pack.js"),
    import("../../core/journal/lines.js"),
    ctx.ws(),
  ]);
  const open = () => openSession(ws, dir, ctx.io, ctx.actor, undefined);
  let session = await withJournalSchema(open);
  for (let attempt = 1; ; attempt++) {
    ctx.step?.(`${id}: reading what the team recorded`);
    let again = false;
    const { incoming, merged } = await withJournalSchema(async () => {
      if (again) session = open();
      again = true;
      const incoming = fetched ? await store.eventsSince(fetched, local) : { events: [], invalid: 0 };
      refuseAnotherIncident(id, session.state.events, incoming.events);
      return { incoming, merged: session.merge(incoming.events, offset) };
    });
    result.invalid += incoming.invalid;
    result.received += merged.added;
    const pack = merged.local;
    const fetchedInLocal = fetched === undefined || (local !== undefined && (await store.isAncestor(fetched, local)));
    const localInFetched = local === undefined || (fetched !== undefined && (await store.isAncestor(local, fetched)));
    let head: string | undefined;
    if (pack.length > 0) {
      const parents = [local, fetchedInLocal ? undefined : fetched].filter((p): p is string => p !== undefined);
      head = await store.commitPack(packText(pack), parents, packMessage(pack, id));
    } else if (!localInFetched) {
      // Commits of ours the remote lacks (a push that failed last time): send them, merged if need be.
      head = fetchedInLocal ? local : await store.commitPack("", [local!, fetched!], packMessage([], id));
    } else head = fetched;
    if (head !== undefined && head !== local) await store.setRef(LOCAL_REF(id), head, local);
    local = head;
    writeOffset(root, id, merged.offset);
    offset = merged.offset;
    result.sent += pack.length;
    if (head === undefined || head === fetched) return result;
    ctx.step?.(`${id}: sending ${result.sent} event${result.sent === 1 ? "" : "s"}`);
    if ((await store.push(id, head)) === "ok") return result;
    if (attempt >= MAX_ATTEMPTS)
      throw new CrisisError(
        `the sync remote kept moving: ${attempt} pushes of ${id} were each rejected because someone else pushed first`,
        EXIT.usage,
        "everything is safe locally; run crisis sync again",
      );
    result.retries++;
    // Back off with jitter, so two machines that collided do not collide again.
    await sleep(Math.min(2000, 50 * 2 ** attempt) * (0.5 + Math.random()));
    await store.fetch(id);
    fetched = await store.ref(FETCHED_REF(id));
  }
}
