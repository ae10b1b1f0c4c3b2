import path from "node:path";
import { z } from "zod";
import type { CommandInput } from "../cli.js";
import { CrisisError, EXIT } from "../errors.js";
import { activeIncident, findIncident, incidentsRoot } from "../incident/registry.js";
import { claimRunner, openSession, resolveActor } from "../incident/workspace.js";
import type { JournalDamage } from "../journal/store.js";
import { getPlaybook } from "../playbook/catalog.js";
import { loadAnswers } from "../runner/answers.js";
import { paint, type Io } from "../ui/output.js";
import { oneLine } from "../ui/sanitize.js";
import { formatSpan } from "../util/time.js";
import { loadWorkspace } from "./context.js";
import { screenWriter, shown, trapInterrupt } from "./incident-io.js";
import { driveFromCommand, makePrompter, NO_TTY_HINT } from "./start.js";

const inputSchema = z.object({
  args: z.tuple([z.string().min(1).optional()]).or(z.tuple([])),
  options: z.object({
    answers: z.string().min(1).optional(),
    actor: z.string().min(1).optional(),
    force: z.boolean().optional(),
  }),
});

/** Tells the responder what a crash left in the journal; never fatal. */
export function reportDamage(io: Io, journal: string, damage: JournalDamage): void {
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

export async function run(io: Io, input: CommandInput) {
  const { args, options } = inputSchema.parse(input);
  const answers = options.answers ? loadAnswers(path.resolve(io.cwd, options.answers)) : undefined;
  const ws = loadWorkspace(io, input.global);
  const root = incidentsRoot(ws.config);
  const dir = args[0] ? findIncident(root, args[0]) : activeIncident(root).dir;
  const c = paint(io, "stderr");
  const out = screenWriter(io);
  const actor = resolveActor(io, options.actor);
  const release = claimRunner(dir, options.force === true);
  const trap = trapInterrupt();
  try {
    const probe = openSession(ws, dir, io, actor, undefined);
    const state = probe.state;
    reportDamage(io, shown(io, path.join(dir, "journal.jsonl")), probe.damageAtOpen);
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
    const now = io.now();
    const where = state.position ? playbook.steps.find((s) => s.id === state.position?.step) : undefined;
    out(
      `${c.bold(`Resuming ${oneLine(state.title)}`)} (${probe.id}${state.drill ? ", DRILL" : ""}): ${state.severity ?? "severity not set"}, opened ${formatSpan(now.getTime() - new Date(state.openedAt).getTime())} ago` +
        (where
          ? `, at step ${playbook.steps.indexOf(where) + 1} of ${playbook.steps.length} (${oneLine(where.title)}${state.position?.status === "done" ? ", done" : ""})`
          : "") +
        `. Last event ${formatSpan(now.getTime() - new Date(state.lastLoggedAt).getTime())} ago.`,
    );
    session.append("session_resumed", state.visit ? { step: state.visit.step } : {});
    return await driveFromCommand({
      io,
      ws,
      session,
      playbook,
      prompter,
      actor,
      out,
      answers,
      answersFile: options.answers,
    });
  } finally {
    trap.release();
    release();
  }
}
