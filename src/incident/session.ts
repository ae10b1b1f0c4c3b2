import path from "node:path";
import type { EventData, EventType, JournalEvent } from "../journal/events.js";
import { emptyState, foldEvent, type IncidentState } from "../journal/fold.js";
import {
  buildEvent,
  JOURNAL_FILE,
  JournalReader,
  withJournalLock,
  writeEventLine,
  type JournalDamage,
} from "../journal/store.js";
import { LOG_FILE } from "../log/render.js";
import { writeFileAtomic } from "./files.js";

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
    this.damageAtOpen = withJournalLock(dir, () => {
      this.catchUp();
      return { torn: this.reader.torn, invalid: [...this.reader.invalid] };
    });
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
    return withJournalLock(this.dir, () => {
      this.catchUp();
      const now = this.options.now();
      const event = buildEvent(
        this.reader.lastSeq + 1,
        { type, data, actor: options.actor ?? this.options.actor, ...(options.at ? { at: options.at } : {}) },
        now,
      );
      writeEventLine(this.reader.file, event);
      this.catchUp();
      this.writeLog();
      return event;
    });
  }

  /** Re-renders incident-log.md from the state; atomic, so readers never see half a log. */
  writeLog(): void {
    if (!this.options.renderLog || this.state.events.length === 0) return;
    try {
      writeFileAtomic(path.join(this.dir, LOG_FILE), this.options.renderLog(this.state));
    } catch (error) {
      if (!this.options.onLogError) throw error;
      this.options.onLogError(error);
    }
  }
}
