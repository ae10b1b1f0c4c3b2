import path from "node:path";
import { exists } from "../../adapters/fs/read.js";
import { readTextFile } from "../files.js";
import { LOG_TEMPLATE, renderLog } from "../../core/incident-log/render.js";
import { TemplateError, templateVariables } from "../../core/templates/render.js";
import { buildLogView } from "../../core/incident-log/view.js";
import type { IncidentState } from "../../core/journal/fold.js";
import type { Playbook } from "../../core/playbook/model.js";
import { snapshotPlaybook, workspaceSnapshot } from "../workspace/snapshot.js";
import { templateDirs } from "../workspace/dirs.js";
import type { Workspace } from "../workspace/workspace.js";

/**
 * The incident-log template: the first of the team's template folders that has a usable
 * incident-log.md, else the bundled one. `dirs` lists folders in override order (local first). A
 * team template whose tags the renderer would refuse (a partial, a delimiter change) is checked
 * here, once, and passed over with a warning: the log keeps being written through the incident
 * (crisis lint reports the same problem with its line).
 */
export function findLogTemplate(
  dirs: readonly string[],
  warn: (message: string) => void = () => {},
): { file: string; body: string } {
  for (const [i, dir] of dirs.entries()) {
    const file = path.join(dir, LOG_TEMPLATE);
    if (!exists(file)) continue;
    const body = readTextFile(file, { what: "the incident-log template" });
    if (i === dirs.length - 1) return { file, body };
    try {
      templateVariables(body, file);
      return { file, body };
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      warn(`${error.message}; the incident log uses the next template instead (crisis lint shows where)`);
    }
  }
  throw new Error(`no ${LOG_TEMPLATE} in ${dirs.join(", ")}`);
}

/**
 * Renders the incident log for an incident of this playbook, with the team's template if it has
 * one. Without a playbook, the one the journal names is looked up (an incident a sync brought in).
 */
export function logRenderer(
  ws: Workspace,
  playbook: Playbook | undefined,
  warn?: (message: string) => void,
  env: Readonly<Record<string, string | undefined>> = {},
): (state: IncidentState) => string {
  const dirs = templateDirs(ws.config)
    .map((d) => d.dir)
    .reverse();
  const template = findLogTemplate(dirs, warn);
  // The titles and the playbook come from the workspace snapshot: no template or playbook is parsed for a log.
  const snapshot = workspaceSnapshot(ws, env);
  const templateTitles = new Map(Object.entries(snapshot.templateTitles));
  return (state) =>
    renderLog(
      template.body,
      template.file,
      buildLogView(state, { playbook: playbook ?? snapshotPlaybook(ws, env, state.playbook.id), templateTitles }),
    );
}
