import type { Io } from "../../adapters/terminal/io.js";
import { localizeTemplates } from "../../core/templates/variants.js";
import { paint } from "../../adapters/terminal/paint.js";
import type { Prompter } from "../../adapters/terminal/prompter.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import { openStatusLine, type StatusLine } from "../../adapters/terminal/status-line.js";
import { terminalWidth } from "../../adapters/terminal/screen-writer.js";
import { displayPath } from "../../core/display-path.js";
import type { Playbook } from "../../core/playbook/model.js";
import type { LoadedAnswers } from "../../core/runner/answers-file.js";
import { createAnswersPrompter } from "../../core/runner/answers-prompter.js";
import { driveIncident } from "../../core/runner/drive.js";
import type { RunnerContext } from "../../core/runner/context.js";
import { CrisisError, EXIT, type ExitCode } from "../../errors.js";
import { channelsOf, type Workspace } from "../workspace/workspace.js";
import type { IncidentSession } from "./session.js";

/** What crisis start and resume share: who asks the questions, and driving an open incident to its end. */

export const NO_TTY_MESSAGE = "crisis start asks questions, and there is no terminal to ask them in";
export const NO_TTY_HINT =
  "to run it without a terminal, give the answers in a file: crisis start <playbook> --answers answers.yaml (see docs/start.md)";

/** The journal's view the answers file needs: how often each step was visited. Bound once the incident is open. */
export interface StepVisits {
  visits: (step: string) => number;
}

/** The answers file's prompter when there is one (echoing each answer), else the terminal's. */
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
  return io.prompter({ dim: true, interrupted });
}

function plannedSkips(answers: LoadedAnswers | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [step, plan] of Object.entries(answers?.answers.steps ?? {})) if (plan.skip) out[step] = plan.skip;
  return out;
}

/** Start's and resume's run once the incident is open: who is at the keyboard, how they answer, where the screen goes. */
export interface DriveContext {
  io: Io;
  ws: Workspace;
  prompter: Prompter;
  actor: string;
  out: (text: string) => void;
  answers: LoadedAnswers | undefined;
  answersFile: string | undefined;
}

/** Drives the open incident to resolved or paused, and offers the post-mortem at the end. */
export async function driveOpenIncident(
  ctx: DriveContext,
  session: IncidentSession,
  playbook: Playbook,
): Promise<ExitCode> {
  const { io } = ctx;
  // The live status line: only for a person at a terminal (never with an answers file, in CI or a pipe).
  const line = ctx.answers ? undefined : openStatusLine(io.stderr, io.env, io.stdinIsTTY && io.stdout.isTTY === true);
  try {
    return await drive(ctx, session, playbook, line);
  } finally {
    line?.close();
  }
}

function drive(ctx: DriveContext, session: IncidentSession, playbook: Playbook, line: StatusLine | undefined) {
  const { io, ws, prompter } = ctx;
  return driveIncident({
    session,
    playbook,
    config: ws.config.config,
    templates: localizeTemplates(ws.templates, ws.config.config.brand?.locale),
    channels: channelsOf(ws),
    prompter,
    now: io.now,
    out: ctx.out,
    c: paint(io, "stderr"),
    shownDir: displayPath(session.dir, io.cwd),
    width: terminalWidth(io),
    writePostmortem: async () => {
      const { runPostmortem } = await import("../postmortem/run.js");
      await runPostmortem({ io, incidentDir: session.dir, config: ws.config, playbook, prompter, actor: ctx.actor });
    },
    plannedSkips: plannedSkips(ctx.answers),
    ...(ctx.answersFile ? { answersFile: ctx.answersFile } : {}),
    ...(io.every && !ctx.answers ? { every: io.every } : {}),
    ...(line ? { status: (text: string | undefined) => line.draw(text) } : {}),
    ...waiting(ctx, session),
    ...(ctx.answers ? {} : { copy: (text: string) => copyApproved(io, text) }),
  });
}

/** The copy key: OSC 52 to the terminal when stdout is one, and the system clipboard (both loaded on first use). */
async function copyApproved(io: DriveContext["io"], text: string) {
  const { copyText } = await import("../../adapters/terminal/clipboard.js");
  return copyText(text, { tty: io.stdout.isTTY === true ? io.stdout : undefined, tmux: io.env.TMUX !== undefined });
}

/**
 * With a sync remote and a person at the keyboard, an approval can be waited for from the
 * approver's own machine: crisis syncs in the background until their decision arrives.
 */
function waiting(ctx: DriveContext, session: IncidentSession): { waitForApproval?: RunnerContext["waitForApproval"] } {
  const sync = ctx.ws.config.config.sync;
  if (!sync || ctx.answers) return {};
  const interval = (sync.interval_seconds ?? 5) * 1000;
  let waiter: RunnerContext["waitForApproval"];
  return {
    waitForApproval: async (wait) => {
      const { approvalWaiter } = await import("../sync/wait.js");
      waiter ??= approvalWaiter(ctx.io, ctx.ws, session, ctx.prompter, ctx.out, interval);
      return waiter(wait);
    },
  };
}
