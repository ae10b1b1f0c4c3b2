import type { Paint } from "../../adapters/terminal/paint.js";
import type { AnswerValue } from "../expr/evaluate.js";
import type { ChannelRegistry } from "../channels/registry.js";
import type { Config } from "../config/schema.js";
import type { EventData, EventType, JournalEvent } from "../journal/events.js";
import type { IncidentState } from "../journal/fold.js";
import type { Playbook } from "../playbook/model.js";
import type { Severity, Targets } from "../playbook/schema.js";
import type { TemplateSet } from "../templates/parse.js";
import type { Prompter } from "../../adapters/terminal/prompter.js";
import { durationMs } from "../time.js";

/** Answers kept before a crash, replayed in order by a resume (see held.ts). */
export interface Replay {
  /** The kept answer to this question, if the next kept one is for it; any other key ends the replay. */
  take(key: string): { value: AnswerValue; at: Date } | undefined;
}

/** What the runner writes to: the journal (through a session) and the folded state it keeps current. */
export interface RunnerJournal {
  readonly state: IncidentState;
  append<T extends EventType>(type: T, data: EventData<T>, options?: { at?: Date; actor?: string }): JournalEvent;
  /** Picks up events other processes appended (crisis note in another terminal). */
  refresh(): void;
}

/** Everything the step engine needs, passed in: no module here touches the process or the clock. */
export interface RunnerContext {
  playbook: Playbook;
  config: Config;
  templates: TemplateSet;
  channels: ChannelRegistry;
  journal: RunnerJournal;
  prompter: Prompter;
  now: () => Date;
  /** Writes to the screen (stderr in the CLI). */
  out: (text: string) => void;
  c: Paint;
  /** The person at the keyboard; recorded as the actor of each event. */
  actor: string;
  /** Steps the answers file says to skip, with the reason. */
  plannedSkips?: Readonly<Record<string, string>>;
  /** How to continue later, shown on pause: e.g. crisis resume 2026-11-21-data-breach. */
  resumeCommand: string;
  /** Where the incident log is written, to tell the responder. */
  logPath?: string;
  /** False when answers come from a file: the screen leaves out the hints about keys. */
  interactive?: boolean;
  /** The terminal's width, for wrapping drafts inside their frame. */
  width?: number;
  /** Answers kept before a crash in the middle of a unit of questions, replayed in order (see held.ts). */
  replay?: Replay;
  /**
   * Runs `tick` every second while the runner waits at a question (the live status line, missed
   * promises recorded at their time); returns a function that stops it. Absent: no timer.
   */
  every?: (ms: number, tick: () => void) => () => void;
  /**
   * Copies an approved text to the clipboard (the terminal's through OSC 52, and the system's),
   * saying how in one line; never throws. Absent: no copy key (answers files, tests without one).
   */
  copy?: (text: string) => Promise<{ ok: boolean; line: string }>;
  /** Draws the live status line (a reserved bottom line on a terminal); undefined clears it. */
  status?: (line: string | undefined) => void;
  /** Set when a step's screen was just shown: its first question drops keys typed before it appeared. */
  freshScreen?: boolean;
  /**
   * With a sync remote: waits for a role's decision on an exact text made on another machine
   * (crisis approve there), syncing in the background; "decided" once it is in the journal,
   * "here" when the responder records it here after all, "pause" to stop. Absent: no such choice.
   */
  waitForApproval?: (wait: ApprovalWait) => Promise<"decided" | "here" | "pause">;
}

/** Whose decision on which exact text the runner waits for. */
export interface ApprovalWait {
  hash: string;
  role: string;
  /** "Legal counsel (Jordan Lee)". */
  label: string;
}

/** Targets for a severity: the playbook's, with the config's per-field overrides laid over them. */
export function targetsFor(
  ctx: Pick<RunnerContext, "playbook" | "config">,
  severity: Severity | null,
): Partial<Targets> {
  if (!severity) return {};
  return { ...ctx.playbook.targets[severity], ...ctx.config.targets?.[severity] };
}

/** The update interval in ms at the current severity (an hour when nothing says otherwise). */
export function updateIntervalMs(ctx: Pick<RunnerContext, "playbook" | "config">, severity: Severity | null): number {
  const interval = targetsFor(ctx, severity).update_interval;
  return interval ? durationMs(interval) : 3_600_000;
}

/** Pushed through the prompts when an action changes where the responder is. */
export class Navigate extends Error {
  override name = "Navigate";
  constructor(readonly kind: "skip" | "back" | "pause" | "resolved" | "redo") {
    super(kind);
  }
}

export const SKIP_CHOICE = "∅ skip";
