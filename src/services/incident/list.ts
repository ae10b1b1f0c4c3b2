import { writeJson, type Io } from "../../adapters/terminal/io.js";
import { paint } from "../../adapters/terminal/paint.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import { displayPath } from "../../core/display-path.js";
import { nextUpdateText, shortTitle, summarize } from "../../core/incident/summary.js";
import { withJournalSchema } from "../../core/journal/lines.js";
import { formatSpan } from "../../core/time.js";
import { loadIncidentWorkspace } from "../workspace/incident-workspace.js";
import type { WorkspaceOptions } from "../workspace/workspace.js";
import { incidentSummary, listIncidents } from "./registry.js";
import { snapshotPlaybook } from "../workspace/snapshot.js";
import { incidentsRoot } from "../workspace/incidents-dir.js";

/** crisis list: every incident with its status, severity, time since declaration and next update due. */
export async function printIncidentList(
  io: Io,
  global: WorkspaceOptions,
  options: { json?: boolean | undefined; open?: boolean | undefined },
): Promise<void> {
  const ws = await loadIncidentWorkspace(io, global);
  const root = incidentsRoot(ws.config);
  const now = io.now();
  const rows = (await withJournalSchema(() => listIncidents(root, incidentSummary)))
    .map((i) => summarize(i.state, snapshotPlaybook(ws, io.env, i.state.playbook.id), now))
    .filter((s) => !options.open || s.status !== "resolved")
    .sort((a, b) => ((a.declared_at ?? "") < (b.declared_at ?? "") ? 1 : -1));
  if (options.json) {
    writeJson(io, { version: 1, incidents: rows });
    return;
  }
  if (rows.length === 0) {
    io.stderr.write(`No incidents in ${displayPath(root, io.cwd)}. Start one with crisis start.\n`);
    return;
  }
  const c = paint(io, "stdout");
  // Every cell from a journal is neutralised: an incident id is the journal's text, not the folder name.
  const table = rows.map((s) => [
    oneLine(s.id),
    `${s.status}${s.drill ? " (drill)" : ""}`,
    s.severity ?? "-",
    s.elapsed_seconds === null ? "-" : formatSpan(s.elapsed_seconds * 1000),
    s.status === "resolved" ? "-" : nextUpdateText(s, now),
    oneLine(shortTitle(s.title, 60)),
  ]);
  const head = ["ID", "STATUS", "SEV", "ELAPSED", "NEXT UPDATE", "TITLE"];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i < cells.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell)).join("  ");
  io.stdout.write(`${c.bold(line(head))}\n`);
  for (const r of table) {
    const text = line(r);
    io.stdout.write(
      `${r[4]?.startsWith("OVERDUE") ? c.red(text) : r[1]?.startsWith("resolved") ? c.dim(text) : text}\n`,
    );
  }
  return;
}
