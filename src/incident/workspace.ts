import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildChannelRegistry } from "../channels/registry.js";
import type { Workspace } from "../commands/context.js";
import { templateDirs } from "../commands/context.js";
import { CrisisError, EXIT } from "../errors.js";
import type { IncidentState } from "../journal/fold.js";
import { buildLogView } from "../log/view.js";
import { findLogTemplate, renderLog } from "../log/render.js";
import type { Playbook } from "../playbook/model.js";
import type { Io } from "../ui/output.js";
import { IncidentSession } from "./session.js";

/** Who is acting: --actor, then $CRISIS_ACTOR, then the operating-system user name. */
export function resolveActor(io: Io, explicit: string | undefined): string {
  const name = explicit?.trim() || io.env.CRISIS_ACTOR?.trim();
  if (name) return name;
  try {
    return os.userInfo().username || "unknown";
  } catch {
    return io.env.USER ?? io.env.USERNAME ?? "unknown";
  }
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

export function openSession(
  ws: Workspace,
  dir: string,
  io: Io,
  actor: string,
  playbook: Playbook | undefined,
): IncidentSession {
  let warned = false;
  return IncidentSession.open(dir, {
    actor,
    now: io.now,
    renderLog: logRenderer(ws, playbook),
    onLogError: (error) => {
      if (warned) return;
      warned = true;
      io.stderr.write(
        `crisis: warning: the incident log could not be written (${error instanceof Error ? error.message : String(error)}); the journal is safe\n`,
      );
    },
  });
}

export function channelsOf(ws: Workspace) {
  return buildChannelRegistry(ws.config.config.channels ?? {});
}

const RUNNER_FILE = ".runner.pid";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Marks the incident as being run by this process, so a second crisis start/resume on the same
 * incident is refused (notes, decisions and check-ins from other terminals are fine). A marker
 * left by a killed process is ignored.
 */
export function claimRunner(dir: string, force: boolean): () => void {
  const file = path.join(dir, RUNNER_FILE);
  if (!force && existsSync(file)) {
    const pid = Number(readFileSync(file, "utf8").trim());
    if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) {
      throw new CrisisError(
        `incident ${path.basename(dir)} is already being run by another crisis process (pid ${pid})`,
        EXIT.usage,
        "use crisis note / decision / severity / checkin from this terminal, or pass --force if that process is gone",
      );
    }
  }
  writeFileSync(file, `${process.pid}\n`);
  return () => rmSync(file, { force: true });
}
