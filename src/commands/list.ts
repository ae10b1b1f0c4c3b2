import { z } from "zod";
import type { CommandInput } from "../cli.js";
import { EXIT } from "../errors.js";
import { incidentsRoot, listIncidents } from "../incident/registry.js";
import { summarize, type IncidentSummaryJson } from "../incident/summary.js";
import { paint, writeJson, type Io } from "../ui/output.js";
import { oneLine } from "../ui/sanitize.js";
import { formatSpan, shortUtc } from "../util/time.js";
import { loadWorkspace } from "./context.js";
import { shown } from "./incident-io.js";

const optionsSchema = z.object({ json: z.boolean().optional(), open: z.boolean().optional() });

export function nextUpdateText(s: IncidentSummaryJson, now: Date): string {
  if (!s.next_update_due) return "-";
  const left = new Date(s.next_update_due).getTime() - now.getTime();
  return left < 0 ? `OVERDUE ${formatSpan(-left)}` : `${shortUtc(s.next_update_due, now)} (in ${formatSpan(left)})`;
}

export async function run(io: Io, input: CommandInput) {
  const options = optionsSchema.parse(input.options);
  const ws = loadWorkspace(io, input.global);
  const root = incidentsRoot(ws.config);
  const now = io.now();
  const rows = listIncidents(root)
    .map((i) => summarize(i.state, ws.catalog.playbooks.get(i.state.playbook.id), now))
    .filter((s) => !options.open || s.status !== "resolved")
    .sort((a, b) => ((a.declared_at ?? "") < (b.declared_at ?? "") ? 1 : -1));
  if (options.json) {
    writeJson(io, rows);
    return EXIT.ok;
  }
  if (rows.length === 0) {
    io.stderr.write(`No incidents in ${shown(io, root)}. Start one with crisis start.\n`);
    return EXIT.ok;
  }
  const c = paint(io, "stdout");
  const table = rows.map((s) => [
    s.id,
    `${s.status}${s.drill ? " (drill)" : ""}`,
    s.severity ?? "-",
    s.elapsed_seconds === null ? "-" : formatSpan(s.elapsed_seconds * 1000),
    s.status === "resolved" ? "-" : nextUpdateText(s, now),
    oneLine(s.title),
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
  return EXIT.ok;
}
