import { createHash } from "node:crypto";
import path from "node:path";
import type { LogContext } from "../../core/incident-log/names.js";
import type { LogPlan } from "../../core/incident-log/sections.js";
import { cachedLogPlan } from "./log-plan-cache.js";
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
  const log = logTemplate(ws, playbook, warn, env);
  return (state) =>
    renderLog(log.template.body, log.template.file, buildLogView(state, log.context(state.playbook.id)));
}

/** The log's template and what names things in it (the playbook, the template titles), from the workspace snapshot. */
function logTemplate(
  ws: Workspace,
  playbook: Playbook | undefined,
  warn: ((message: string) => void) | undefined,
  env: Readonly<Record<string, string | undefined>>,
) {
  const dirs = templateDirs(ws.config)
    .map((d) => d.dir)
    .reverse();
  const template = findLogTemplate(dirs, warn);
  // The titles and the playbook come from the workspace snapshot: no template or playbook is parsed for a log.
  const snapshot = workspaceSnapshot(ws, env);
  const templateTitles = new Map(Object.entries(snapshot.templateTitles));
  const context = (playbookId: string): LogContext => ({
    playbook: playbook ?? snapshotPlaybook(ws, env, playbookId),
    templateTitles,
  });
  return { template, context };
}

/** What the incremental log of an incident renders with, and the key a checkpoint's rendered lists must match. */
export interface LogSetup {
  plan: LogPlan;
  context: LogContext;
  key: string;
}

/**
 * The incremental log's setup for an incident of a playbook, or undefined when the template must
 * be rendered whole (sections.ts says when). Made once per process, when first asked for.
 */
export function logSetup(
  ws: Workspace,
  playbook: Playbook | undefined,
  warn?: (message: string) => void,
  env: Readonly<Record<string, string | undefined>> = {},
): (playbookId: string) => LogSetup | undefined {
  let log: ReturnType<typeof logTemplate> | undefined;
  let plan: LogPlan | undefined | null;
  return (playbookId) => {
    log ??= logTemplate(ws, playbook, warn, env);
    if (plan === undefined) plan = cachedLogPlan(log.template.body, log.template.file, env) ?? null;
    if (plan === null) return undefined;
    const context = log.context(playbookId);
    const key = createHash("sha256")
      .update(
        JSON.stringify([
          log.template.file,
          log.template.body,
          context.playbook ?? null,
          [...(context.templateTitles ?? [])],
        ]),
      )
      .digest("hex");
    return { plan, context, key };
  };
}
