import path from "node:path";
import { exists } from "../../adapters/fs/read.js";
import { readTextFile } from "../files.js";
import { LOG_TEMPLATE, renderLog } from "../../core/incident-log/render.js";
import { buildLogView } from "../../core/incident-log/view.js";
import type { IncidentState } from "../../core/journal/fold.js";
import type { Playbook } from "../../core/playbook/model.js";
import { templateDirs, type Workspace } from "../workspace/workspace.js";

/**
 * The incident-log template: the first of the team's template folders that has incident-log.md,
 * else the bundled one. `dirs` lists folders in override order (local first).
 */
export function findLogTemplate(dirs: readonly string[]): { file: string; body: string } {
  for (const dir of dirs) {
    const file = path.join(dir, LOG_TEMPLATE);
    if (exists(file)) return { file, body: readTextFile(file, { what: "the incident-log template" }) };
  }
  throw new Error(`no ${LOG_TEMPLATE} in ${dirs.join(", ")}`);
}

/** Renders the incident log for an incident of this playbook, with the team's template if it has one. */
export function logRenderer(ws: Workspace, playbook: Playbook | undefined): (state: IncidentState) => string {
  const dirs = templateDirs(ws.config)
    .map((d) => d.dir)
    .reverse();
  const template = findLogTemplate(dirs);
  const templateTitles = new Map([...ws.templates.templates.values()].map((t) => [t.id, t.meta.title]));
  return (state) => renderLog(template.body, template.file, buildLogView(state, { playbook, templateTitles }));
}
