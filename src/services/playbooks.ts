import { writeJson, type Io } from "../adapters/terminal/io.js";
import { paint } from "../adapters/terminal/paint.js";
import { oneLine } from "../adapters/terminal/sanitize.js";
import { relativePath } from "../core/display-path.js";
import { jsonData } from "../core/json-data.js";
import { EXIT, formatProblem, type ExitCode } from "../errors.js";
import { loadIncidentWorkspace } from "./workspace/incident-workspace.js";
import type { WorkspaceOptions } from "./workspace/workspace.js";
import { workspaceSnapshot } from "./workspace/snapshot.js";

/** crisis playbooks: every playbook with its type, steps and source; problems in any file make it exit 2. */
export async function listPlaybooks(
  io: Io,
  global: WorkspaceOptions,
  options: { json?: boolean | undefined },
): Promise<ExitCode> {
  // From the workspace snapshot: the playbooks are parsed and validated only when a file changed.
  const catalog = workspaceSnapshot(await loadIncidentWorkspace(io, global), io.env);
  const rows = Object.values(catalog.playbooks)
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((p) => ({
      id: p.id,
      title: p.title,
      crisis_type: p.crisis_type,
      version: p.version,
      steps: p.steps.length,
      source: p.source,
      file: relativePath(p.file, io.cwd),
      owner: p.owner,
      last_reviewed: p.last_reviewed,
    }));
  if (options.json) {
    writeJson(io, { version: 1, playbooks: rows });
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

/** crisis playbooks show: one playbook as a checklist, markdown or JSON. */
export async function showPlaybook(
  io: Io,
  global: WorkspaceOptions,
  id: string,
  options: { markdown?: boolean | undefined; json?: boolean | undefined },
): Promise<void> {
  // The whole catalog, parsed: imported here so that the list above (from the snapshot) loads none of it.
  const [{ getPlaybook }, { renderChecklist, renderPlaybookMarkdown }, { loadWorkspace }] = await Promise.all([
    import("../core/playbook/catalog.js"),
    import("../core/playbook/render.js"),
    import("./workspace/workspace.js"),
  ]);
  const { catalog } = loadWorkspace(io, global);
  const playbook = getPlaybook(catalog, id);
  if (options.json) writeJson(io, { version: 1, playbook: jsonData(playbook, (file) => relativePath(file, io.cwd)) });
  else if (options.markdown) io.stdout.write(renderPlaybookMarkdown(playbook));
  else io.stdout.write(renderChecklist(playbook, paint(io, "stdout")));
}
