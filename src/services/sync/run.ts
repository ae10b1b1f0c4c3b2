import path from "node:path";
import { writeJson, type Io } from "../../adapters/terminal/io.js";
import { startProgress } from "../../adapters/terminal/progress.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import type { IncidentSummaryJson } from "../../core/incident/summary.js";
import { JOURNAL_FILE } from "../../core/incident/folder.js";
import { isIncidentId } from "../../core/sync/ids.js";
import { exists } from "../../adapters/fs/read.js";
import { CrisisError, EXIT } from "../../errors.js";
import { resolveActor } from "../incident/actor.js";
import { incidentsRoot } from "../workspace/incidents-dir.js";
import type { Workspace, WorkspaceOptions } from "../workspace/workspace.js";
import { syncRemote } from "./remote.js";
import { FETCHED_REF, SyncStore } from "./store.js";
import { syncIncident, type IncidentSync, type SyncContext } from "./sync.js";

/** crisis sync, crisis join, crisis list --remote: what a responder who never types git runs. */

/** What a sync needs: the config now, the workspace (playbooks, templates) only once a merge renders a log. */
export async function syncContext(
  io: Io,
  source: Workspace | WorkspaceOptions,
  timeoutMs?: number,
): Promise<SyncContext> {
  let ws = "catalog" in source ? source : undefined;
  // Parsing a config loads yaml and zod: an incident command syncing after a note has its config already.
  const config =
    ws?.config ??
    (await import("../workspace/config.js")).loadConfig(io.cwd, io.env, (source as WorkspaceOptions).config);
  const root = incidentsRoot(config);
  const store = await SyncStore.open(root, await syncRemote(config), timeoutMs);
  // Playbooks and templates are parsed only when a log is rendered: a no-op sync reads none.
  const workspace = async () => {
    if (ws) return ws;
    const { loadWorkspace } = await import("../workspace/workspace.js");
    return (ws = loadWorkspace(io, source as WorkspaceOptions));
  };
  return { io, ws: workspace, root, store, actor: resolveActor(io, undefined) };
}

function checkId(id: string): void {
  if (!isIncidentId(id))
    throw new CrisisError(
      `"${id}" is not an incident id`,
      EXIT.usage,
      "crisis list --remote lists the team's incidents",
    );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** One line per synced incident: what came in, what went out, and any retries or damaged lines. */
function describe(r: IncidentSync): string {
  const parts = [`${plural(r.received, "event")} in`, `${plural(r.sent, "event")} out`];
  if (r.retries > 0) parts.push(`${plural(r.retries, "retry")} after someone else pushed first`);
  if (r.invalid > 0) parts.push(`${plural(r.invalid, "damaged line")} on the remote set aside`);
  return `${oneLine(r.id)}: ${parts.join(", ")}`;
}

/** The team's incidents as the remote has them (fetched into the sync store). */
async function remoteSummaries(ctx: SyncContext): Promise<(IncidentSummaryJson & { here: boolean })[]> {
  const [{ incidentIds }, { summarize }, { foldEvents }, { orderEvents }, { withJournalSchema }, ws] =
    await Promise.all([
      import("../incident/registry.js"),
      import("../../core/incident/summary.js"),
      import("../../core/journal/fold.js"),
      import("../../core/journal/order.js"),
      import("../../core/journal/lines.js"),
      ctx.ws(),
    ]);
  const here = new Set(incidentIds(ctx.root));
  const rows = [];
  for (const id of await ctx.store.fetchedIds()) {
    if (!isIncidentId(id)) continue;
    const tip = await ctx.store.ref(FETCHED_REF(id));
    if (!tip) continue;
    // crisis list --remote loads the journal's schema only for a pack with a line that needs it.
    const { events } = await withJournalSchema(() => ctx.store.eventsSince(tip, undefined));
    const state = foldEvents(orderEvents(events));
    const summary = summarize(state, ws.catalog.playbooks.get(state.playbook.id), ctx.io.now());
    rows.push({ ...summary, id, here: here.has(id) });
  }
  return rows.sort((a, b) => ((a.declared_at ?? "") < (b.declared_at ?? "") ? 1 : -1));
}

/** Runs `work` with a spinner on stderr once it has taken a second (only on a terminal, never in CI). */
async function withProgress<T>(io: Io, ctx: SyncContext, text: string, work: () => Promise<T>): Promise<T> {
  const progress = await startProgress(io, text, { delayMs: 1000 });
  ctx.step = (step) => progress.update(step);
  try {
    return await work();
  } finally {
    progress.stop();
    delete ctx.step;
  }
}

export async function runSync(
  io: Io,
  global: WorkspaceOptions,
  options: { id?: string | undefined; json?: boolean | undefined },
): Promise<void> {
  const ctx = await syncContext(io, global);
  const { results, others } = await withProgress(io, ctx, "Syncing with the team", () => syncAll(ctx, options.id));
  if (options.json) {
    writeJson(io, { version: 1, synced: results, not_here: others });
    return;
  }
  for (const r of results) io.stderr.write(`Synced ${describe(r)}\n`);
  if (results.length === 0 && options.id === undefined) io.stderr.write("No incidents here to sync.\n");
  for (const o of others)
    io.stderr.write(
      `On the remote, not here: ${oneLine(o.id)} (${o.severity ?? "no severity"}, ${o.status}) ${oneLine(o.title)}; crisis join ${oneLine(o.id)} to work on it\n`,
    );
}

/** One incident, or every incident here and the team's open ones that are not. */
async function syncAll(ctx: SyncContext, id: string | undefined) {
  let results: IncidentSync[];
  let others: Awaited<ReturnType<typeof remoteSummaries>> = [];
  if (id !== undefined) {
    checkId(id);
    if (!exists(path.join(ctx.root, id, JOURNAL_FILE)))
      throw new CrisisError(`incident ${id} is not here`, EXIT.noInput, `crisis join ${id} fetches it`);
    results = [await syncIncident(ctx, id)];
  } else {
    await ctx.store.fetch("*");
    results = [];
    const { incidentIds } = await import("../incident/registry.js");
    for (const here of incidentIds(ctx.root)) results.push(await syncIncident(ctx, here, { fetched: true }));
    others = (await remoteSummaries(ctx)).filter((r) => !r.here && r.status !== "resolved");
  }
  return { results, others };
}

export async function joinIncident(io: Io, global: WorkspaceOptions, id: string): Promise<void> {
  checkId(id);
  const ctx = await syncContext(io, global);
  const r = await withProgress(io, ctx, `Joining ${id}`, () => syncIncident(ctx, id, { create: true }));
  if (!r.created) {
    io.stderr.write(`${oneLine(id)} was already here. Synced ${describe(r)}\n`);
    return;
  }
  io.stderr.write(
    `Joined ${oneLine(id)}: ${plural(r.received, "event")} from the team, in ${path.join(path.relative(io.cwd, ctx.root) || ".", id)}.\n` +
      `Add to it with crisis note --incident ${oneLine(id)} "…", approve waiting messages with crisis approve ${oneLine(id)}, and crisis sync to send and receive.\n`,
  );
}

export async function printRemoteList(io: Io, global: WorkspaceOptions, options: { json?: boolean | undefined }) {
  const ctx = await syncContext(io, global);
  await ctx.store.fetch("*");
  const rows = await remoteSummaries(ctx);
  if (options.json) {
    writeJson(io, { version: 1, incidents: rows });
    return;
  }
  if (rows.length === 0) {
    io.stderr.write(`No incidents on the sync remote ${ctx.store.remote}.\n`);
    return;
  }
  const table = rows.map((s) => [oneLine(s.id), s.status, s.severity ?? "-", s.here ? "yes" : "no", oneLine(s.title)]);
  const head = ["ID", "STATUS", "SEV", "HERE", "TITLE"];
  const widths = head.map((h, i) => table.reduce((w, r) => Math.max(w, (r[i] ?? "").length), h.length));
  for (const cells of [head, ...table])
    io.stdout.write(`${cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i] ?? 0) : c)).join("  ")}\n`);
  const away = rows.filter((r) => !r.here);
  if (away.length > 0)
    io.stderr.write(
      `crisis join ${away.length === 1 ? oneLine(away[0]!.id) : "<id>"} fetches it to work on it here.\n`,
    );
}
