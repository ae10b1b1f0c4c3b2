import path from "node:path";
import { createDirs, writeFileAtomic } from "../../adapters/fs/durable-write.js";
import { fileError } from "../../adapters/fs/errors.js";
import { writeJson, type Io } from "../../adapters/terminal/io.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import { relativePath } from "../../core/display-path.js";
import { approvedMessages } from "../../core/incident/export-messages.js";
import { CrisisError, EXIT, type ExitCode } from "../../errors.js";
import { incidentsRoot } from "../workspace/incidents-dir.js";
import { loadConfig } from "../workspace/config.js";
import type { WorkspaceOptions } from "../workspace/workspace.js";
import { activeIncident, listIncidents, type IncidentSummary } from "./registry.js";

const INDEX_FILE = "messages.json";

/** The named incident; else the open one; else, all resolved, the most recent (as crisis status). */
function chosenIncident(root: string, id: string | undefined): IncidentSummary {
  if (id !== undefined) return activeIncident(root, id);
  const all = listIncidents(root);
  if (all.some((i) => i.state.status !== "resolved")) return activeIncident(root);
  const latest = all.sort((a, b) => (a.state.openedAt < b.state.openedAt ? 1 : -1))[0];
  return latest ?? activeIncident(root);
}

/**
 * crisis export --messages: each approved text per channel as its own file (written atomically),
 * and messages.json, the index, beside them. stdout lists what was written (or, with --json, the index).
 */
export function exportMessages(
  io: Io,
  global: WorkspaceOptions,
  options: { id?: string | undefined; dir?: string | undefined; json?: boolean | undefined },
): ExitCode {
  const config = loadConfig(io.cwd, io.env, global.config);
  const incident = chosenIncident(incidentsRoot(config), options.id);
  const messages = approvedMessages(incident.state);
  if (messages.length === 0)
    throw new CrisisError(
      `no approved messages in ${incident.id} yet`,
      EXIT.noInput,
      "a text is exported once every role it needs has approved it (or it is published): see crisis status",
    );
  const dir = path.resolve(io.cwd, options.dir ?? path.join(incident.dir, "messages"));
  try {
    createDirs(dir);
  } catch (error) {
    throw fileError(error, dir, "create");
  }
  const written: string[] = [];
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    // Names are built from a safe alphabet; this is the last guard against a path leaving the folder.
    if (path.dirname(file) !== dir) throw new Error(`unsafe export file name: ${name}`);
    try {
      writeFileAtomic(file, text);
    } catch (error) {
      throw fileError(error, file, "write");
    }
    written.push(file);
  };
  for (const m of messages) write(m.file, `${m.text}\n`);
  const index = {
    version: 1,
    incident: incident.id,
    title: incident.state.title,
    drill: incident.state.drill,
    exported_at: io.now().toISOString(),
    dir: relativePath(dir, io.cwd),
    messages: messages.map(({ text, ...m }) => ({ ...m, characters: [...text].length })),
  };
  write(INDEX_FILE, `${JSON.stringify(index, null, 2)}\n`);
  if (options.json) writeJson(io, index);
  else for (const file of written) io.stdout.write(`${relativePath(file, io.cwd)}\n`);
  const texts = new Set(messages.map((m) => m.hash)).size;
  io.stderr.write(
    `Exported ${texts} approved text${texts === 1 ? "" : "s"} as ${messages.length} file${messages.length === 1 ? "" : "s"} (one per channel) and ${INDEX_FILE} from ${oneLine(incident.id)}. Publishing is still yours: record each post with its link in crisis start.\n`,
  );
  return EXIT.ok;
}
