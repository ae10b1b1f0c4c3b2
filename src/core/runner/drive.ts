import path from "node:path";
import { localizeTemplates } from "../templates/variants.js";
import { EXIT, InputError, InterruptError, type ExitCode } from "../../errors.js";
import { JOURNAL_FILE, LOG_FILE } from "../incident/folder.js";
import type { Playbook } from "../playbook/model.js";
import type { Config } from "../config/schema.js";
import type { ChannelRegistry } from "../channels/registry.js";
import type { TemplateSet } from "../templates/parse.js";
import type { Paint } from "../../adapters/terminal/paint.js";
import type { Prompter } from "../../adapters/terminal/prompter.js";
import type { RunnerContext, RunnerJournal } from "./context.js";
import { runIncident } from "./engine.js";

/** The incident being driven: its journal, and what the drive says about it (services/incident/session.ts). */
interface DrivenIncident extends RunnerJournal {
  readonly id: string;
  readonly actor: string;
  /** Re-renders the incident log, whatever happened. */
  writeLog(): void;
}

export interface DriveInput {
  session: DrivenIncident;
  playbook: Playbook;
  config: Config;
  templates: TemplateSet;
  channels: ChannelRegistry;
  prompter: Prompter;
  now: () => Date;
  out: (text: string) => void;
  c: Paint;
  /** Relative path of the incident folder, for messages. */
  shownDir: string;
  plannedSkips?: Record<string, string>;
  /** The answers file, so the resume hint repeats it. */
  answersFile?: string;
  width?: number;
  /** Called after a resolution in an interactive run, when the responder wants the post-mortem now. */
  writePostmortem?: () => Promise<void>;
  /** The timer and the status line while questions wait (see RunnerContext). */
  every?: RunnerContext["every"];
  status?: RunnerContext["status"];
  /** With a sync remote: waiting at an approval for the approver's own machine (RunnerContext). */
  waitForApproval?: RunnerContext["waitForApproval"];
  /** The copy key at an approved text (RunnerContext). */
  copy?: RunnerContext["copy"];
}

/**
 * Runs the incident and turns how it ended into what the responder reads and the exit code:
 * resolved or paused → 0; Ctrl+C → a session_paused (interrupted) event, how to resume, 130;
 * an answers file that lacks a required answer → the problem, how to resume once fixed, 2.
 */
export async function driveIncident(input: DriveInput): Promise<ExitCode> {
  const { session, c, out } = input;
  const resumeCommand = `crisis resume ${session.id}${input.answersFile ? ` --answers ${input.answersFile}` : ""}`;
  try {
    const outcome = await runIncident({
      playbook: input.playbook,
      config: input.config,
      // Drafts come from the templates in the brand's language, where there are some (name.da.txt).
      templates: localizeTemplates(input.templates, input.config.brand?.locale),
      channels: input.channels,
      journal: session,
      prompter: input.prompter,
      now: input.now,
      out,
      c,
      actor: session.actor,
      resumeCommand,
      logPath: path.join(input.shownDir, LOG_FILE),
      interactive: input.answersFile === undefined,
      ...(input.width ? { width: input.width } : {}),
      ...(input.plannedSkips ? { plannedSkips: input.plannedSkips } : {}),
      ...(input.every ? { every: input.every } : {}),
      ...(input.status ? { status: input.status } : {}),
      ...(input.waitForApproval ? { waitForApproval: input.waitForApproval } : {}),
      ...(input.copy ? { copy: input.copy } : {}),
    });
    out(c.dim(`Journal: ${path.join(input.shownDir, JOURNAL_FILE)} · Log: ${path.join(input.shownDir, LOG_FILE)}`));
    if (outcome === "resolved" && input.answersFile === undefined && input.writePostmortem) {
      const now = await input.prompter.confirm({
        key: "offer.postmortem",
        message:
          "Write the post-mortem draft now? (a few retrospective questions; you can also run crisis postmortem later)",
        default: true,
        escape: "none",
      });
      if (now) await input.writePostmortem();
    }
    return outcome === "resolved" || outcome === "paused" ? EXIT.ok : EXIT.internal;
  } catch (error) {
    if (error instanceof InterruptError) {
      const step = session.state.visit?.step;
      session.append("session_paused", { ...(step ? { step } : {}), how: "interrupted" });
      out(
        `\n${c.bold("Interrupted.")} Everything answered so far is in ${path.join(input.shownDir, JOURNAL_FILE)} and the log is current.`,
      );
      out(`Continue with: ${c.bold(resumeCommand)}`);
      return EXIT.interrupted;
    }
    if (error instanceof InputError) {
      throw new InputError(
        error.what,
        error.problems,
        `the incident is recorded up to here; fix the answers file, then run ${resumeCommand}`,
      );
    }
    throw error;
  } finally {
    session.writeLog();
  }
}
