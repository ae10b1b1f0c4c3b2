import path from "node:path";
import { writeFileAtomic } from "../../adapters/fs/durable-write.js";
import { fileError, fsReasonWithCode } from "../../adapters/fs/errors.js";
import type { Io } from "../../adapters/terminal/io.js";
import { neutralise } from "../../adapters/terminal/sanitize.js";
import { JOURNAL_FILE, LOG_FILE } from "../../core/incident/folder.js";
import type { EventData, EventType, JournalEvent } from "../../core/journal/events.js";
import { emptyState, foldEvent, type IncidentState } from "../../core/journal/fold.js";
import { buildEvent, type JournalDamage } from "../../core/journal/lines.js";
import type { Playbook } from "../../core/playbook/model.js";
import { eventNoun, JournalBusyError, JournalReader, withJournalLock, writeEventLine } from "../journal/store.js";

/** How long opening waits for the lock before reading without it (appending waits the full LOCK_WAIT_MS). */
const OPEN_WAIT_MS = 1000;
import type { Workspace } from "../workspace/workspace.js";
import { logRenderer } from "./incident-log.js";

export interface SessionOptions {
  actor: string;
  now: () => Date;
  /** Renders the incident log from the state; without it no log is written. */
  renderLog?: (state: IncidentState) => string;
  /** Told when the log cannot be written; the journal line is already safe by then. */
  onLogError?: (error: unknown) => void;
}

export interface AppendOptions {
  at?: Date;
  actor?: string;
}

/**
 * One process's handle on an incident: the folded state, kept current event by event, and the
 * only way that process writes to the journal. Each append happens under the journal lock:
 * catch up with lines other processes wrote, write and fsync the new line, fold it, then
 * re-render the incident log atomically. So the log always matches the journal as of the last
 * write, whichever process made it.
 */
export class IncidentSession {
  readonly state: IncidentState = emptyState();
  readonly reader: JournalReader;
  /** What was wrong with the journal when it was opened: a torn last line, damaged lines. */
  readonly damageAtOpen: JournalDamage;

  private constructor(
    readonly dir: string,
    private readonly options: SessionOptions,
  ) {
    this.reader = new JournalReader(path.join(dir, JOURNAL_FILE));
    const look = () => {
      this.catchUp();
      return { torn: this.reader.torn, invalid: [...this.reader.invalid] };
    };
    // Under the lock, a line being written right now is not mistaken for a torn one. A lock that
    // cannot even be created (a full or read-only disk), or that another writer holds for long,
    // does not stop reading: the first append then waits, or says what was not recorded.
    let locked: JournalDamage | undefined;
    try {
      locked = withJournalLock(dir, look, "nothing", OPEN_WAIT_MS);
    } catch (error) {
      if (!lockUnavailable(error) && !(error instanceof JournalBusyError)) throw error;
    }
    this.damageAtOpen = locked ?? look();
  }

  static open(dir: string, options: SessionOptions): IncidentSession {
    return new IncidentSession(dir, options);
  }

  get id(): string {
    return path.basename(this.dir);
  }

  get actor(): string {
    return this.options.actor;
  }

  private catchUp(): JournalEvent[] {
    const events = this.reader.readNew();
    for (const e of events) foldEvent(this.state, e);
    return events;
  }

  /** Folds in whatever other processes appended since the last look. */
  refresh(): JournalEvent[] {
    return this.catchUp();
  }

  append<T extends EventType>(type: T, data: EventData<T>, options: AppendOptions = {}): JournalEvent {
    const what = eventNoun(type);
    return withJournalLock(
      this.dir,
      () => {
        try {
          this.catchUp();
        } catch (error) {
          throw fileError(error, this.reader.file, "read", `${what} was not recorded: the journal could not be read`);
        }
        const now = this.options.now();
        const event = buildEvent(
          this.reader.nextSeq,
          { type, data, actor: options.actor ?? this.options.actor, ...(options.at ? { at: options.at } : {}) },
          now,
        );
        writeEventLine(this.reader.file, event);
        this.catchUp();
        this.writeLog();
        return event;
      },
      what,
    );
  }

  /**
   * Re-renders incident-log.md from the state: a complete, synced file replaces the old one, so
   * readers never see half a log, and a failure (disk full) leaves the previous log in place.
   */
  writeLog(): void {
    if (!this.options.renderLog || this.state.events.length === 0) return;
    try {
      writeFileAtomic(path.join(this.dir, LOG_FILE), this.options.renderLog(this.state), { noSymlink: true });
    } catch (error) {
      if (!this.options.onLogError) throw error;
      this.options.onLogError(error);
    }
  }
}

/** True when the lock failed for lack of room or permission (not because another process holds it). */
function lockUnavailable(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return code !== undefined && ["ENOSPC", "EDQUOT", "EROFS", "EACCES", "EPERM", "EIO"].includes(code);
}

/** A session on the incident in `dir` whose log is rendered with the workspace's template; a log that cannot be written is warned about once. */
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
    renderLog: logRenderer(ws, playbook, (message) => io.stderr.write(`crisis: warning: ${neutralise(message)}\n`)),
    onLogError: (error) => {
      if (warned) return;
      warned = true;
      io.stderr.write(
        `crisis: warning: the incident log ${neutralise(path.join(dir, LOG_FILE))} could not be updated (${neutralise(fsReasonWithCode(error))}); the previous version is kept and the journal is safe\n`,
      );
    },
  });
}
