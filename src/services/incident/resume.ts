import path from "node:path";
import { trapInterrupt } from "../../adapters/terminal/interrupt.js";
import type { Io } from "../../adapters/terminal/io.js";
import { paint } from "../../adapters/terminal/paint.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import { screenWriter } from "../../adapters/terminal/screen-writer.js";
import { displayPath } from "../../core/display-path.js";
import { JOURNAL_FILE } from "../../core/incident/folder.js";
import type { IncidentState } from "../../core/journal/fold.js";
import type { JournalDamage } from "../../core/journal/lines.js";
import { getPlaybook } from "../../core/playbook/catalog.js";
import type { Playbook } from "../../core/playbook/model.js";
import { formatSpan } from "../../core/time.js";
import { CrisisError, EXIT, type ExitCode } from "../../errors.js";
import { loadWorkspace, type WorkspaceOptions } from "../workspace/workspace.js";
import { resolveActor } from "./actor.js";
import { loadAnswers } from "./answers-file.js";
import { driveOpenIncident, makePrompter, NO_TTY_HINT } from "./drive.js";
import { activeIncident, findIncident } from "./registry.js";
import { incidentsRoot } from "../workspace/incidents-dir.js";
import { claimRunner } from "./runner-claim.js";
import { openSession } from "./session.js";

export interface ResumeOptions {
  /** The incident id; default the most recently opened open incident. */
  id?: string | undefined;
  answers?: string | undefined;
  actor?: string | undefined;
  /** Resume even if another crisis process seems to be running it. */
  force?: boolean | undefined;
}

/** Tells the responder what a crash left in the journal; never fatal. */
function reportDamage(io: Io, journal: string, damage: JournalDamage): void {
  const c = paint(io, "stderr");
  if (damage.torn) {
    io.stderr.write(
      `${c.yellow("crisis: warning:")} ${journal}:${damage.torn.line}: the last line was cut off mid-write (the process stopped while writing it); it is ignored, and everything before it is intact\n`,
    );
  }
  for (const bad of damage.invalid)
    io.stderr.write(
      `${c.yellow("crisis: warning:")} ${journal}:${bad.line}: not a valid event (${oneLine(bad.message)}); ignored\n`,
    );
}

/** "Resuming …: SEV2, opened 1h 05m ago, at step 3 of 9 (…). Last event 4m ago." */
function whereItStands(state: IncidentState, playbook: Playbook, id: string, now: Date): string {
  const where = state.position ? playbook.steps.find((s) => s.id === state.position?.step) : undefined;
  return (
    ` (${id}${state.drill ? ", DRILL" : ""}): ${state.severity ?? "severity not set"}, opened ${formatSpan(now.getTime() - new Date(state.openedAt).getTime())} ago` +
    (where
      ? `, at step ${playbook.steps.indexOf(where) + 1} of ${playbook.steps.length} (${oneLine(where.title)}${state.position?.status === "done" ? ", done" : ""})`
      : "") +
    `. Last event ${formatSpan(now.getTime() - new Date(state.lastLoggedAt).getTime())} ago.`
  );
}

/** crisis resume: report what a crash left, then continue the incident exactly where it stopped. */
export async function resumeIncident(io: Io, global: WorkspaceOptions, options: ResumeOptions): Promise<ExitCode> {
  const answers = options.answers ? loadAnswers(path.resolve(io.cwd, options.answers)) : undefined;
  const ws = loadWorkspace(io, global);
  const root = incidentsRoot(ws.config);
  const dir = options.id ? findIncident(root, options.id) : activeIncident(root).dir;
  const c = paint(io, "stderr");
  const out = screenWriter(io);
  const actor = resolveActor(io, options.actor);
  const release = claimRunner(dir, options.force === true);
  const trap = trapInterrupt();
  try {
    const probe = openSession(ws, dir, io, actor, undefined);
    const state = probe.state;
    reportDamage(io, displayPath(path.join(dir, JOURNAL_FILE), io.cwd), probe.damageAtOpen);
    if (state.status === "resolved") {
      throw new CrisisError(
        `incident ${probe.id} is resolved; there is nothing to resume`,
        EXIT.noInput,
        `crisis status ${probe.id} shows it; crisis postmortem ${probe.id} writes the review`,
      );
    }
    if (!state.playbook.id)
      throw new CrisisError(`the journal of ${probe.id} does not start with incident_opened`, EXIT.usage);
    if (!answers && !io.stdinIsTTY) {
      throw new CrisisError(
        "crisis resume asks questions, and there is no terminal to ask them in",
        EXIT.usage,
        NO_TTY_HINT.replace("crisis start <playbook>", `crisis resume ${probe.id}`),
      );
    }
    const playbook = getPlaybook(ws.catalog, state.playbook.id);
    if (playbook.version !== state.playbook.version) {
      out(
        c.yellow(
          `The playbook ${playbook.id} changed since this incident began (${state.playbook.version} → ${playbook.version}); continuing with ${playbook.version}.`,
        ),
      );
    }
    const session = openSession(ws, dir, io, actor, playbook);
    const prompter = await makePrompter(io, answers, trap.interrupted, {
      visits: (step) => session.state.steps[step]?.visits ?? 0,
    });
    out(`${c.bold(`Resuming ${oneLine(state.title)}`)}${whereItStands(state, playbook, probe.id, io.now())}`);
    session.append("session_resumed", state.visit ? { step: state.visit.step } : {});
    return await driveOpenIncident(
      { io, ws, prompter, actor, out, answers, answersFile: options.answers },
      session,
      playbook,
    );
  } finally {
    trap.release();
    release();
  }
}
