import path from "node:path";
import { writeFileAtomic } from "../../adapters/fs/durable-write.js";
import { fileError, fsReasonWithCode } from "../../adapters/fs/errors.js";
import type { Io } from "../../adapters/terminal/io.js";
import { neutralise } from "../../adapters/terminal/sanitize.js";
import { JOURNAL_FILE, LOG_FILE } from "../../core/incident/folder.js";
import type { EventData, EventType, JournalEvent } from "../../core/journal/events.js";
import { registerOf } from "../../core/journal/conflicts.js";
import { emptyState, foldEvent, foldEvents, resetState, type IncidentState } from "../../core/journal/fold.js";
import {
  buildEvent,
  JournalSchemaNeeded,
  mergedLine,
  WrittenBeforeSchema,
  type AppendInput,
  type JournalDamage,
} from "../../core/journal/lines.js";
import { fileSize } from "../../adapters/fs/read.js";
import { compareEvents, orderEvents, V1_REPLICA } from "../../core/journal/order.js";
import { randomBase32 } from "../../adapters/process.js";
import { localReplica, type Replica } from "../sync/replica.js";
import type { Playbook } from "../../core/playbook/model.js";
import {
  eventNoun,
  JournalBusyError,
  JournalReader,
  withJournalLock,
  writeEventLine,
  writeLines,
} from "../journal/store.js";

/** How long opening waits for the lock before reading without it (appending waits the full LOCK_WAIT_MS). */
const OPEN_WAIT_MS = 1000;
import type { Workspace } from "../workspace/workspace.js";
import { logRenderer, logSetup, type LogSetup } from "./incident-log.js";
import { IncrementalLog } from "../../core/incident-log/incremental.js";
import { adoptState, bytesOf, readCheckpoint, writeCheckpoint } from "../journal/checkpoint.js";

export interface SessionOptions {
  actor: string;
  /** The replica this process writes as (services/sync/replica.ts); by default the incidents folder's. */
  replica?: Replica;
  now: () => Date;
  /** Renders the incident log from the state; without it no log is written. */
  renderLog?: (state: IncidentState) => string;
  /** Told when the log cannot be written; the journal line is already safe by then. */
  onLogError?: (error: unknown) => void;
  /** Told after each event this process appended is on disk and folded (notifications wake here). */
  afterAppend?: (event: JournalEvent, session: IncidentSession) => void;
  /**
   * Keep a checkpoint beside the journal (services/journal/checkpoint.ts) and the log current
   * event by event: opening folds only what was appended since, an append renders only its own
   * rows. Given the playbook's id, the log's setup; undefined when the template must be rendered
   * whole (then no checkpoint is used). Only for sessions that never read `state.events`: a
   * session restored from a checkpoint holds the events folded since it, not every event.
   */
  checkpoint?: (playbookId: string) => LogSetup | undefined;
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
  reader: JournalReader;
  /** What was wrong with the journal when it was opened: a torn last line, damaged lines. */
  readonly damageAtOpen: JournalDamage;

  private constructor(
    readonly dir: string,
    private readonly options: SessionOptions,
  ) {
    this.reader = new JournalReader(path.join(dir, JOURNAL_FILE));
    const look = () => {
      this.restore();
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

  /**
   * Folds what was appended since the last look. Local appends come in fold order; events a sync
   * merged in may belong earlier, and then the whole state is folded again in (clock, id) order.
   */
  private catchUp(): JournalEvent[] {
    return this.foldIn(this.reader.readNew());
  }

  private foldIn(read: readonly JournalEvent[]): JournalEvent[] {
    const events = read.filter((e) => !this.ids.has(e.id));
    if (events.length === 0) return events;
    const last = this.last;
    const ordered = orderEvents(events);
    for (const e of ordered) this.ids.add(e.id);
    if (last === undefined || compareEvents(last, ordered[0]!) < 0) {
      for (const e of ordered) {
        if (this.log && !IncrementalLog.appendable(this.state, e)) {
          // The log cannot take this event as one more row: build it from every event.
          if (this.partial) return this.foldWhole();
          this.log = undefined;
        }
        const joins = this.state.replicas[e.replica] === undefined;
        foldEvent(this.state, e);
        this.log?.add(this.state, e, joins);
      }
    } else {
      // A sync brought events that belong earlier in fold order: fold every event again, in order.
      if (this.partial) return this.foldWhole();
      foldEvents(orderEvents([...this.state.events, ...ordered]), resetState(this.state));
      this.log = undefined;
    }
    const end = ordered[ordered.length - 1]!;
    if (last === undefined || compareEvents(last, end) < 0) this.last = { clock: end.clock, id: end.id };
    return ordered;
  }

  private readonly ids = new Set<string>();
  /** The last event folded, in fold order. */
  private last: { clock: number; id: string } | undefined;
  /** True while the state comes from a checkpoint: it holds only the events folded since. */
  private partial = false;
  /** The incident log kept current event by event (checkpoint sessions only); undefined: build it from every event. */
  private log: IncrementalLog | undefined;
  private setup: LogSetup | undefined;

  /** Starts from the checkpoint, if there is one that still describes the journal and this log. */
  private restore(): void {
    const setupFor = this.options.checkpoint;
    if (!setupFor || this.last !== undefined || this.reader.offset > 0) return;
    const cp = readCheckpoint(this.dir);
    if (!cp) return;
    const setup = setupFor(cp.state.playbook.id);
    if (!setup || setup.key !== cp.key) return;
    adoptState(this.state, cp.state).events = [];
    this.reader = JournalReader.from(this.reader.file, cp.reader);
    this.last = cp.last;
    this.partial = true;
    this.setup = setup;
    this.log = IncrementalLog.restore(setup.plan, this.state, setup.context, cp.log);
  }

  /** Forgets the checkpoint and folds the whole journal, as a session without one does. */
  private foldWhole(): JournalEvent[] {
    this.reader = new JournalReader(this.reader.file);
    this.ids.clear();
    this.last = undefined;
    this.partial = false;
    this.log = undefined;
    resetState(this.state);
    return this.foldIn(this.reader.readNew());
  }

  /** The log kept event by event, built from every event when it is not there yet. */
  private incrementalLog(): IncrementalLog | undefined {
    if (this.log || !this.options.checkpoint) return this.log;
    this.setup ??= this.options.checkpoint(this.state.playbook.id);
    if (this.setup) this.log = IncrementalLog.full(this.setup.plan, this.state, this.setup.context);
    return this.log;
  }

  /** Saves where this session stands, so the next command folds and renders only what comes after. */
  private saveCheckpoint(log: IncrementalLog): void {
    if (!this.setup) return;
    writeCheckpoint(this.dir, {
      key: this.setup.key,
      reader: this.reader.mark(),
      last: this.last,
      state: this.state,
      log: log.cache,
    });
  }

  /** Folds in whatever other processes appended since the last look. */
  refresh(): JournalEvent[] {
    return this.catchUp();
  }

  append<T extends EventType>(type: T, data: EventData<T>, options: AppendOptions = {}): JournalEvent {
    const what = eventNoun(type);
    const appended = this.caughtUpUnderLock(what, `${what} was not recorded`, (now, replica) => {
      if (type !== "incident_opened" && this.joinsNow(replica.id))
        this.write(
          { type: "replica_joined", data: { host: replica.host }, actor: options.actor ?? this.options.actor },
          now,
        );
      const event = this.writeLine(
        {
          type,
          data: type === "incident_opened" ? ({ ...data, host: replica.host } as unknown as EventData<T>) : data,
          actor: options.actor ?? this.options.actor,
          ...(options.at ? { at: options.at } : {}),
          supersedes: this.supersedes(type, data),
        },
        now,
      );
      try {
        this.catchUp();
        this.writeLog();
      } catch (error) {
        // The line is on disk: whoever retries must not write it again, only fold and render.
        if (error instanceof JournalSchemaNeeded) throw new WrittenBeforeSchema(event);
        throw error;
      }
      return event;
    });
    this.options.afterAppend?.(appended, this);
    return appended;
  }

  /**
   * The prelude every append shares: under the journal lock, catch up with what other processes
   * appended (`notRecorded` begins the message when the journal cannot be read), then `write` with
   * the time and this machine's replica.
   */
  private caughtUpUnderLock<R>(what: string, notRecorded: string, write: (now: Date, replica: Replica) => R): R {
    return withJournalLock(
      this.dir,
      () => {
        try {
          this.catchUp();
        } catch (error) {
          throw fileError(error, this.reader.file, "read", `${notRecorded}: the journal could not be read`);
        }
        const now = this.options.now();
        const replica = (this.options.replica ??= localReplica(path.dirname(this.dir), {}));
        return write(now, replica);
      },
      what,
    );
  }

  /**
   * Finishes an append another session of this process wrote (WrittenBeforeSchema): under the
   * lock, folds what is new and renders the log, then tells the listeners, as append does.
   */
  completeAppend(event: JournalEvent): void {
    withJournalLock(
      this.dir,
      () => {
        this.catchUp();
        this.writeLog();
      },
      eventNoun(event.type),
    );
    this.options.afterAppend?.(event, this);
  }

  /**
   * Appends several events (none of them a register write: nothing supersedes) as one write and
   * one fsync, all or none, then renders the log once: `crisis checkin --from` records a day of
   * hourly check-ins this way. `what` names them for the message when they cannot be recorded.
   */
  appendAll<T extends EventType>(
    items: readonly { type: T; data: EventData<T>; at?: Date }[],
    what: string,
  ): JournalEvent[] {
    if (items.length === 0) return [];
    const appended = this.caughtUpUnderLock(what, `${what} were not recorded`, (now, replica) => {
      const actor = this.options.actor;
      const inputs: AppendInput<EventType>[] = [];
      if (this.joinsNow(replica.id)) inputs.push({ type: "replica_joined", data: { host: replica.host }, actor });
      for (const item of items) {
        if (registerOf({ type: item.type, data: item.data } as JournalEvent) !== undefined)
          throw new Error(`appendAll cannot write the register write ${item.type}`);
        inputs.push({ type: item.type, data: item.data, actor, ...(item.at ? { at: item.at } : {}) });
      }
      const events = inputs.map((input, i) =>
        buildEvent(
          {
            id: randomBase32(26),
            replica: replica.id,
            clock: this.reader.maxClock + 1 + i,
            seq: this.reader.nextSeq + i,
          },
          input,
          now,
        ),
      );
      writeLines(
        this.reader.file,
        events.map((e) => JSON.stringify(e)),
        what,
      );
      this.catchUp();
      this.writeLog();
      return events.slice(events.length - items.length);
    });
    for (const event of appended) this.options.afterAppend?.(event, this);
    return appended;
  }

  /**
   * True before this replica's first event in an incident other replicas wrote: it then records
   * its machine (replica_joined). A v1 journal continued on its own machine needs none.
   */
  private joinsNow(replica: string): boolean {
    const known = Object.keys(this.state.replicas);
    return known.length > 0 && !known.includes(replica) && known.some((r) => r !== V1_REPLICA);
  }

  /**
   * Merges events from other machines (a sync): under the journal lock, appends each one this
   * journal does not hold yet, in fold order, as one fsynced write; folds again; re-renders the
   * log. Returns the events recorded here since byte `since` that did not come in (what the sync
   * sends), and the offset up to which the journal is now in step.
   */
  merge(incoming: readonly JournalEvent[], since: number): { local: JournalEvent[]; added: number; offset: number } {
    return withJournalLock(
      this.dir,
      () => {
        // What the sync sends is read from the journal itself: a session from a checkpoint knows only its tail.
        if (this.partial) this.foldWhole();
        this.catchUp();
        const arriving = new Set(incoming.map((e) => e.id));
        const local = this.reader.eventsFrom(since).filter((e) => !arriving.has(e.id));
        const fresh = orderEvents(incoming.filter((e) => !this.ids.has(e.id)));
        const first = this.reader.nextSeq;
        const lines = fresh.map((e, i) => mergedLine(e, first + i));
        const sizeBefore = fileSize(this.reader.file) ?? 0;
        writeLines(this.reader.file, lines, `${fresh.length} events from the sync`);
        // The lines just written are these events: fold them without reading them back.
        const written = fresh.map((e, i) => ({ ...e, seq: first + i }));
        if (this.reader.adopt(lines, written, sizeBefore)) this.foldIn(written);
        else this.catchUp();
        if (fresh.length > 0) this.writeLog();
        return { local, added: fresh.length, offset: fileSize(this.reader.file) ?? 0 };
      },
      "the events from the sync",
    );
  }

  /** Writes one event as the next line (inside the lock, after catching up) and folds it. */
  private write<T extends EventType>(input: AppendInput<T>, now: Date): JournalEvent {
    const event = this.writeLine(input, now);
    this.catchUp();
    return event;
  }

  /** Writes one event as the next line (inside the lock, after catching up), without folding it. */
  private writeLine<T extends EventType>(input: AppendInput<T>, now: Date): JournalEvent {
    const place = {
      id: randomBase32(26),
      replica: (this.options.replica ??= localReplica(path.dirname(this.dir), {})).id,
      clock: this.reader.maxClock + 1,
      seq: this.reader.nextSeq,
    };
    const event = buildEvent(place, input, now);
    writeEventLine(this.reader.file, event);
    return event;
  }

  /** The register write a new one replaces (severity, a role's holder), as this replica last saw it. */
  private supersedes<T extends EventType>(type: T, data: EventData<T>): string | undefined {
    const register = registerOf({ type, data } as JournalEvent);
    return register === undefined ? undefined : this.state.registers[register]?.id;
  }

  /**
   * Re-renders incident-log.md from the state: a complete, synced file replaces the old one, so
   * readers never see half a log, and a failure (disk full) leaves the previous log in place.
   */
  writeLog(): void {
    if (!this.options.renderLog || this.state.eventCount === 0) return;
    const log = this.incrementalLog();
    try {
      const text = log ? bytesOf(log.render(this.state)) : this.options.renderLog(this.state);
      writeFileAtomic(path.join(this.dir, LOG_FILE), text, { noSymlink: true });
    } catch (error) {
      if (!this.options.onLogError) throw error;
      this.options.onLogError(error);
    }
    if (log) this.saveCheckpoint(log);
  }
}

/** True when the lock failed for lack of room or permission (not because another process holds it). */
function lockUnavailable(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return code !== undefined && ["ENOSPC", "EDQUOT", "EROFS", "EACCES", "EPERM", "EIO"].includes(code);
}

/**
 * A session on the incident in `dir` whose log is rendered with the workspace's template; a log
 * that cannot be written is warned about once. `ws` may be a function: the workspace (playbooks,
 * templates) is then loaded only when a log is rendered (a sync that merges nothing renders none).
 */
export function openSession(
  ws: Workspace | (() => Workspace),
  dir: string,
  io: Io,
  actor: string,
  playbook: Playbook | undefined,
  options: { notify?: boolean; checkpoint?: boolean } = {},
): IncidentSession {
  // Notifications (docs/notifications.md) are loaded only when the config routes any: without
  // notify:, no module of theirs is imported. The sender's own session passes notify: false.
  const notifying = typeof ws !== "function" && ws.config.config.notify && options.notify !== false ? ws : undefined;
  const wake = (session: IncidentSession, event?: JournalEvent) => {
    if (!notifying) return;
    void import("../notify/kick.js")
      .then((kick) => kick.wakeSender(io, notifying, session, event))
      .catch((error: unknown) =>
        io.stderr.write(`crisis: warning: notifications were not started (${neutralise(String(error))})\n`),
      );
  };
  let warned = false;
  let render: ((state: IncidentState) => string) | undefined;
  const renderer = () =>
    (render ??= logRenderer(
      typeof ws === "function" ? ws() : ws,
      playbook,
      (message) => io.stderr.write(`crisis: warning: ${neutralise(message)}\n`),
      io.env,
    ));
  if (typeof ws !== "function") renderer();
  const session = IncidentSession.open(dir, {
    actor,
    replica: localReplica(path.dirname(dir), io.env),
    now: io.now,
    ...(notifying ? { afterAppend: (event: JournalEvent, s: IncidentSession) => wake(s, event) } : {}),
    renderLog: (state) => renderer()(state),
    // Notifications read every event (what was already notified): with a checkpoint they read
    // the journal for them (services/notify/kick.ts), without folding or rendering it again.
    ...(options.checkpoint && typeof ws !== "function" ? { checkpoint: logSetup(ws, playbook, () => {}, io.env) } : {}),
    onLogError: (error) => {
      if (warned) return;
      warned = true;
      io.stderr.write(
        `crisis: warning: the incident log ${neutralise(path.join(dir, LOG_FILE))} could not be updated (${neutralise(fsReasonWithCode(error))}); the previous version is kept and the journal is safe\n`,
      );
    },
  });
  // Notifications an earlier command could not deliver are retried by this one.
  wake(session);
  return session;
}
