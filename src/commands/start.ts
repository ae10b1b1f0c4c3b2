import path from "node:path";
import { z } from "zod";
import type { CommandInput } from "../cli.js";
import { CrisisError, EXIT, InterruptError, type ExitCode } from "../errors.js";
import { openIncident } from "../incident/open.js";
import type { IncidentSession } from "../incident/session.js";
import { channelsOf, claimRunner, resolveActor } from "../incident/workspace.js";
import { getPlaybook } from "../playbook/catalog.js";
import type { Playbook } from "../playbook/model.js";
import { loadAnswers, type LoadedAnswers } from "../runner/answers.js";
import { createAnswersPrompter } from "../runner/answers-prompter.js";
import { driveIncident } from "../runner/drive.js";
import { paint, type Io } from "../ui/output.js";
import type { Prompter } from "../ui/prompter.js";
import { oneLine } from "../ui/sanitize.js";
import { loadWorkspace, type Workspace } from "./context.js";
import { screenWriter, shown, terminalWidth, trapInterrupt } from "./incident-io.js";

const inputSchema = z.object({
  args: z.tuple([z.string().min(1).optional()]).or(z.tuple([])),
  options: z.object({
    answers: z.string().min(1).optional(),
    drill: z.boolean().optional(),
    actor: z.string().min(1).optional(),
  }),
});

export const NO_TTY_MESSAGE = "crisis start asks questions, and there is no terminal to ask them in";
export const NO_TTY_HINT =
  "to run it without a terminal, give the answers in a file: crisis start <playbook> --answers answers.yaml (see docs/start.md)";

/** The journal's view the answers file needs: how often each step was visited. Bound once the incident is open. */
export interface StepVisits {
  visits: (step: string) => number;
}

export async function makePrompter(
  io: Io,
  answers: LoadedAnswers | undefined,
  interrupted: () => boolean,
  hooks?: StepVisits,
): Promise<Prompter> {
  if (answers) {
    const c = paint(io, "stderr");
    return createAnswersPrompter(answers, {
      interrupted,
      echo: (question, answer) => io.stderr.write(`${c.green("✔")} ${oneLine(question)} ${c.cyan(oneLine(answer))}\n`),
      ...(hooks ? { visits: (step) => hooks.visits(step) } : {}),
    });
  }
  if (!io.stdinIsTTY) throw new CrisisError(NO_TTY_MESSAGE, EXIT.usage, NO_TTY_HINT);
  const { createInquirerPrompter } = await import("../ui/inquirer-prompter.js");
  return createInquirerPrompter({ env: io.env, dim: paint(io, "stdout").dim, interrupted });
}

export function plannedSkips(answers: LoadedAnswers | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [step, plan] of Object.entries(answers?.answers.steps ?? {})) if (plan.skip) out[step] = plan.skip;
  return out;
}

/** What start and resume share once the incident is open: drive it, and offer the post-mortem at the end. */
export function driveFromCommand(o: {
  io: Io;
  ws: Workspace;
  session: IncidentSession;
  playbook: Playbook;
  prompter: Prompter;
  actor: string;
  out: (text: string) => void;
  answers: LoadedAnswers | undefined;
  answersFile: string | undefined;
}): Promise<ExitCode> {
  const { io, ws, session, playbook, prompter } = o;
  return driveIncident({
    session,
    playbook,
    config: ws.config.config,
    templates: ws.templates,
    channels: channelsOf(ws),
    prompter,
    now: io.now,
    out: o.out,
    c: paint(io, "stderr"),
    shownDir: shown(io, session.dir),
    width: terminalWidth(io),
    writePostmortem: async () => {
      const { runPostmortem } = await import("../postmortem/run.js");
      await runPostmortem({ io, incidentDir: session.dir, config: ws.config, playbook, prompter, actor: o.actor });
    },
    plannedSkips: plannedSkips(o.answers),
    ...(o.answersFile ? { answersFile: o.answersFile } : {}),
  });
}

export async function run(io: Io, input: CommandInput) {
  const { args, options } = inputSchema.parse(input);
  const answers = options.answers ? loadAnswers(path.resolve(io.cwd, options.answers)) : undefined;
  if (!answers && !io.stdinIsTTY) throw new CrisisError(NO_TTY_MESSAGE, EXIT.usage, NO_TTY_HINT);
  const ws = loadWorkspace(io, input.global);
  const c = paint(io, "stderr");
  const out = screenWriter(io);
  const actor = resolveActor(io, options.actor);
  const trap = trapInterrupt();
  try {
    const hooks: StepVisits = { visits: () => 0 };
    const prompter = await makePrompter(io, answers, trap.interrupted, hooks);
    let id = args[0] ?? answers?.answers.playbook;
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
      `${c.bold(oneLine(playbook.title))}${options.drill ? c.magenta.bold("  DRILL") : ""}\n${c.dim(oneLine(playbook.summary))}`,
    );
    const title = await prompter.text({
      key: "title",
      message: "A short title for this incident",
      required: true,
      escape: "none",
    });

    const session = openIncident(io, ws, playbook, { title, drill: options.drill === true, actor });
    const dir = session.dir;
    hooks.visits = (step) => session.state.steps[step]?.visits ?? 0;
    const release = claimRunner(dir, false);
    try {
      out(c.dim(`Incident ${session.id} opened in ${shown(io, dir)}. Every answer is saved as you go.`));
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
