import path from "node:path";
import { z } from "zod";
import type { CommandInput } from "../cli.js";
import { EXIT } from "../errors.js";
import { activeIncident, incidentsRoot, listIncidents, loadIncident, findIncident } from "../incident/registry.js";
import { summarize } from "../incident/summary.js";
import { JOURNAL_FILE } from "../journal/store.js";
import { LOG_FILE } from "../log/render.js";
import { paint, writeJson, type Io } from "../ui/output.js";
import { oneLine } from "../ui/sanitize.js";
import { formatSpan, shortUtc } from "../util/time.js";
import { loadWorkspace } from "./context.js";
import { shown } from "./incident-io.js";
import { nextUpdateText } from "./list.js";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

const inputSchema = z.object({
  args: z.tuple([z.string().min(1).optional()]).or(z.tuple([])),
  options: z.object({ json: z.boolean().optional() }),
});

export async function run(io: Io, input: CommandInput) {
  const { args, options } = inputSchema.parse(input);
  const ws = loadWorkspace(io, input.global);
  const root = incidentsRoot(ws.config);
  let found;
  if (args[0]) found = loadIncident(findIncident(root, args[0]));
  else {
    // The active incident; with none open, the most recent one.
    const all = listIncidents(root);
    found = all.some((i) => i.state.status !== "resolved")
      ? activeIncident(root)
      : (all.sort((a, b) => (a.state.openedAt < b.state.openedAt ? 1 : -1))[0] ?? activeIncident(root));
  }
  const playbook = ws.catalog.playbooks.get(found.state.playbook.id);
  const now = io.now();
  const s = summarize(found.state, playbook, now);
  const files = { journal: path.join(found.dir, JOURNAL_FILE), log: path.join(found.dir, LOG_FILE) };
  if (options.json) {
    writeJson(io, { ...s, ...files, journal_damage: found.damage });
    return EXIT.ok;
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
      `${s.severity ?? "not set"}${state.severityHistory.length > 1 ? c.dim(` (${state.severityHistory.map((h) => h.to).join(" → ")})`) : ""}`,
    ],
    ["Playbook", `${oneLine(s.playbook.title)} (${s.playbook.id} ${s.playbook.version})`],
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
        .map(([r, p]) => `${r}: ${oneLine(p)}`)
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
    ["Log", shown(io, files.log)],
  ];
  io.stdout.write(`${c.bold(s.id)}  ${oneLine(s.title)}\n`);
  for (const [k, v] of rows) io.stdout.write(`  ${c.dim(k.padEnd(11))} ${v}\n`);
  if (found.damage.torn || found.damage.invalid.length > 0)
    io.stderr.write(`crisis: warning: the journal has damaged lines; crisis resume ${s.id} reports them\n`);
  if (s.status !== "resolved")
    io.stderr.write(`\nContinue with crisis resume ${s.id}; add to it from any terminal with crisis note "…".\n`);
  return EXIT.ok;
}
