import path from "node:path";
import { writeJson, type Io } from "../../adapters/terminal/io.js";
import { paint } from "../../adapters/terminal/paint.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import { displayPath, relativePath } from "../../core/display-path.js";
import { JOURNAL_FILE, LOG_FILE } from "../../core/incident/folder.js";
import { withJournalSchema } from "../../core/journal/lines.js";
import { nextUpdateText, summarize } from "../../core/incident/summary.js";
import { formatSpan, shortUtc } from "../../core/time.js";
import { loadIncidentWorkspace } from "../workspace/incident-workspace.js";
import type { WorkspaceOptions } from "../workspace/workspace.js";
import { activeHead, findIncident, incidentSummary } from "./registry.js";
import { snapshotPlaybook } from "../workspace/snapshot.js";
import { incidentsRoot } from "../workspace/incidents-dir.js";
import { activeRunner } from "./runner-claim.js";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** crisis status: one incident at a glance (the active one, else the most recent). */
export async function printIncidentStatus(
  io: Io,
  global: WorkspaceOptions,
  options: { id?: string | undefined; json?: boolean | undefined },
): Promise<void> {
  const ws = await loadIncidentWorkspace(io, global);
  const root = incidentsRoot(ws.config);
  // The named incident, else the active one, else the most recent: only that journal is read whole.
  const found = await withJournalSchema(() =>
    incidentSummary(options.id ? findIncident(root, options.id) : activeHead(root, undefined, true).dir),
  );
  const playbook = snapshotPlaybook(ws, io.env, found.state.playbook.id);
  const now = io.now();
  const s = summarize(found.state, playbook, now);
  const files = { journal: path.join(found.dir, JOURNAL_FILE), log: path.join(found.dir, LOG_FILE) };
  if (options.json) {
    writeJson(io, {
      version: 1,
      ...s,
      journal: relativePath(files.journal, io.cwd),
      log: relativePath(files.log, io.cwd),
      journal_damage: found.damage,
      conflicts: found.state.conflicts,
    });
    return;
  }
  const c = paint(io, "stdout");
  const state = found.state;
  const rows: [string, string][] = [
    [
      "Status",
      `${s.status}${s.drill ? c.magenta(" (DRILL)") : ""}${s.current_step ? `, step ${s.current_step.number} of ${s.current_step.of}: ${oneLine(s.current_step.title)}${s.current_step.done ? " (done)" : ""}` : ""}`,
    ],
    [
      "Severity",
      `${oneLine(s.severity ?? "not set")}${state.severityHistory.length > 1 ? c.dim(` (${state.severityHistory.map((h) => oneLine(h.to)).join(" → ")})`) : ""}`,
    ],
    ["Playbook", `${oneLine(s.playbook.title)} (${oneLine(s.playbook.id)} ${oneLine(s.playbook.version)})`],
    [
      "Declared",
      s.declared_at
        ? `${shortUtc(s.declared_at, now)}, ${s.status === "resolved" ? `resolved ${formatSpan((s.elapsed_seconds ?? 0) * 1000)} later` : `${formatSpan((s.elapsed_seconds ?? 0) * 1000)} ago`}`
        : "not yet",
    ],
    [
      "Next update",
      s.status === "resolved" ? "-" : s.update_overdue ? c.red.bold(nextUpdateText(s, now)) : nextUpdateText(s, now),
    ],
    [
      "Roles",
      Object.entries(s.roles)
        .map(([r, p]) => `${oneLine(r)}: ${oneLine(p)}`)
        .join(" · ") || "none",
    ],
    [
      "Open items",
      `${plural(s.open_checklist_items, "checklist item")}; ${plural(s.decisions, "decision")}, ${plural(s.notes, "note")}, ${plural(s.published, "publication")}`,
    ],
    [
      "Last event",
      s.last_event
        ? `${s.last_event.type} by ${oneLine(s.last_event.actor)}, ${formatSpan(now.getTime() - new Date(s.last_event.at).getTime())} ago`
        : "none",
    ],
    ["Log", displayPath(files.log, io.cwd)],
  ];
  // Changes made at once on different machines: what counts, what does not, and why (docs/journal.md).
  for (const conflict of state.conflicts)
    rows.push([
      "Conflict",
      `${oneLine(conflict.subject)}: ${oneLine(conflict.kept.value)} counts, not ${oneLine(conflict.other.value)} (${oneLine(conflict.other.actor)}); ${conflict.rule}`,
    ]);
  // Everything shown comes from the journal, so every text is neutralised, ids included.
  const id = oneLine(s.id);
  io.stdout.write(`${c.bold(id)}  ${oneLine(s.title)}\n`);
  for (const [k, v] of rows) io.stdout.write(`  ${c.dim(k.padEnd(11))} ${v}\n`);
  if (found.damage.torn || found.damage.invalid.length > 0)
    io.stderr.write(`crisis: warning: the journal has damaged lines; crisis resume ${id} reports them\n`);
  if (s.status === "resolved") return;
  const runner = activeRunner(found.dir);
  io.stderr.write(
    runner !== undefined
      ? `\ncrisis is running this incident in another terminal (process ${runner}); add to it from here with crisis note "…", decision, severity or checkin.\n`
      : `\nContinue with crisis resume ${id}; add to it from any terminal with crisis note "…".\n`,
  );
}
