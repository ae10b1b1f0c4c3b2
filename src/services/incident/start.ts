import path from "node:path";
import { trapInterrupt } from "../../adapters/terminal/interrupt.js";
import type { Io } from "../../adapters/terminal/io.js";
import { paint } from "../../adapters/terminal/paint.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import { screenWriter } from "../../adapters/terminal/screen-writer.js";
import { displayPath } from "../../core/display-path.js";
import { shortTitle } from "../../core/incident/summary.js";
import { getPlaybook } from "../../core/playbook/catalog.js";
import { CrisisError, EXIT, InterruptError, type ExitCode } from "../../errors.js";
import { loadWorkspace, type WorkspaceOptions } from "../workspace/workspace.js";
import { resolveActor } from "./actor.js";
import { loadAnswers } from "./answers-file.js";
import { driveOpenIncident, makePrompter, NO_TTY_HINT, NO_TTY_MESSAGE, type StepVisits } from "./drive.js";
import { openIncident } from "./open.js";
import { claimRunner } from "./runner-claim.js";

export interface StartOptions {
  /** The playbook id; asked (a searchable list) when neither this nor the answers file names one. */
  playbook?: string | undefined;
  answers?: string | undefined;
  drill?: boolean | undefined;
  actor?: string | undefined;
}

/** crisis start: choose the playbook, name the incident, open it, and drive it. */
export async function startIncident(io: Io, global: WorkspaceOptions, options: StartOptions): Promise<ExitCode> {
  const answers = options.answers ? loadAnswers(path.resolve(io.cwd, options.answers)) : undefined;
  if (!answers && !io.stdinIsTTY) throw new CrisisError(NO_TTY_MESSAGE, EXIT.usage, NO_TTY_HINT);
  const ws = loadWorkspace(io, global);
  const c = paint(io, "stderr");
  const out = screenWriter(io);
  const actor = resolveActor(io, options.actor);
  const trap = trapInterrupt();
  try {
    const hooks: StepVisits = { visits: () => 0 };
    const prompter = await makePrompter(io, answers, trap.interrupted, hooks);
    let id = options.playbook ?? answers?.answers.playbook;
    if (!id) {
      const choices = [...ws.catalog.playbooks.values()]
        .sort((a, b) => a.title.localeCompare(b.title))
        .map((p) => ({ value: p.id, name: `${oneLine(p.title)} (${p.id})`, description: oneLine(p.summary) }));
      if (choices.length === 0)
        throw new CrisisError(
          "no playbooks found",
          EXIT.noInput,
          "check playbook_dirs in crisis.config.yaml, or run crisis playbooks",
        );
      out(c.bold("Which playbook fits? Type to filter."));
      id = await prompter.search({ key: "playbook", message: "Playbook", choices, escape: "none" });
    }
    const playbook = getPlaybook(ws.catalog, id);
    out(
      `${c.bold(oneLine(shortTitle(playbook.title, 120)))}${options.drill ? c.magenta.bold("  DRILL") : ""}\n${c.dim(oneLine(playbook.summary))}`,
    );
    // Named by the playbook until the declaration's first answer (what happened, in one sentence) names it.
    const title = answers?.answers.title ?? playbook.title;
    const session = openIncident(io, ws, playbook, { title, drill: options.drill === true, actor });
    hooks.visits = (step) => session.state.steps[step]?.visits ?? 0;
    const release = claimRunner(session.dir, false);
    try {
      out(
        c.dim(`Incident ${session.id} opened in ${displayPath(session.dir, io.cwd)}. Every answer is saved as you go.`),
      );
      const context = { io, ws, prompter, actor, out, answers, answersFile: options.answers };
      return await driveOpenIncident(context, session, playbook);
    } finally {
      release();
    }
  } catch (error) {
    if (error instanceof InterruptError) {
      out("\nInterrupted before the incident was opened; nothing was recorded.");
      return EXIT.interrupted;
    }
    throw error;
  } finally {
    trap.release();
  }
}
