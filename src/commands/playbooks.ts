import { z } from "zod";
import type { CommandInput } from "../cli.js";
import { EXIT, formatProblem } from "../errors.js";
import { paint, writeJson, type Io } from "../ui/output.js";
import { oneLine } from "../ui/sanitize.js";
import { loadWorkspace } from "./context.js";

const optionsSchema = z.object({ json: z.boolean().optional() });

export async function run(io: Io, input: CommandInput) {
  const options = optionsSchema.parse(input.options);
  const { catalog } = loadWorkspace(io, input.global);
  const rows = [...catalog.playbooks.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((p) => ({
      id: p.id,
      title: p.title,
      crisis_type: p.crisis_type,
      version: p.version,
      steps: p.steps.length,
      source: p.source,
      file: p.file,
      owner: p.owner,
      last_reviewed: p.last_reviewed,
    }));
  if (options.json) {
    writeJson(io, rows);
  } else {
    const c = paint(io, "stdout");
    const widths = [
      Math.max(2, ...rows.map((r) => r.id.length)),
      Math.max(5, ...rows.map((r) => r.title.length)),
      Math.max(4, ...rows.map((r) => r.crisis_type.length)),
    ] as const;
    const line = (cells: string[]) =>
      cells
        .map((cell, i) => (i < widths.length ? cell.padEnd(widths[i] ?? 0) : cell))
        .join("  ")
        .trimEnd();
    io.stdout.write(`${c.bold(line(["ID", "TITLE", "TYPE", "STEPS", "SOURCE"]))}\n`);
    for (const r of rows)
      io.stdout.write(
        `${line([oneLine(r.id), oneLine(r.title), r.crisis_type, String(r.steps).padStart(5), r.source])}\n`,
      );
    if (rows.length > 0)
      io.stderr.write(`\nNext: crisis playbooks show <id> to read one, or crisis start <id> to run it.\n`);
  }
  if (catalog.problems.length > 0) {
    for (const p of catalog.problems) io.stderr.write(`${oneLine(formatProblem(p))}\n`);
    io.stderr.write(`crisis: some playbook files have problems (run crisis lint for details)\n`);
    return EXIT.usage;
  }
  return EXIT.ok;
}
