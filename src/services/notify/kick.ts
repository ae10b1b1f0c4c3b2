import path from "node:path";
import { packageRoot } from "../../adapters/fs/package-root.js";
import { spawnDetached } from "../../adapters/process.js";
import type { Io } from "../../adapters/terminal/io.js";
import { neutralise } from "../../adapters/terminal/sanitize.js";
import type { JournalEvent } from "../../core/journal/events.js";
import type { IncidentState } from "../../core/journal/fold.js";
import { withJournalSchema } from "../../core/journal/lines.js";
import type { NotifyConfig } from "../../core/notify/config.js";
import { NOTIFYING_TYPES } from "../../core/notify/kinds.js";
import { nextReminderAt, planNotifications } from "../../core/notify/plan.js";
import { readJournal } from "../journal/store.js";
import { localReplica } from "../sync/replica.js";
import type { Workspace } from "../workspace/workspace.js";
import { missingEnv } from "./routes.js";

/**
 * What an incident command does for notifications, without waiting for any of them: after an
 * event that owes one (and once when it opens an incident, for what an earlier command left
 * unsent), it starts a detached `crisis notify send <id>` and goes on. A long-running `crisis
 * start` also sets a timer for the next "update due" reminder. A route whose environment
 * variables are missing is warned about, naming them, once per process.
 */

/** What the check needs of the command's session (services/incident/session.ts, which loads this module). */
interface IncidentSession {
  readonly dir: string;
  readonly id: string;
  readonly state: IncidentState;
  refresh(): unknown;
}

const warned = new Set<string>();
const scheduled = new Set<string>();
const reminders = new Map<string, { at: number; timer: ReturnType<typeof setTimeout> }>();

export function wakeSender(io: Io, ws: Workspace, session: IncidentSession, event?: JournalEvent): void {
  if (event && !NOTIFYING_TYPES.has(event.type)) return;
  // Several events in one moment (a declaration's, an approval's) start one sender.
  if (scheduled.has(session.dir)) return;
  scheduled.add(session.dir);
  setTimeout(() => {
    scheduled.delete(session.dir);
    evaluate(io, ws, session);
  }, 0);
}

/**
 * The state with every event. A session restored from a checkpoint (services/journal/checkpoint.ts)
 * holds only the events folded since; what is owed and what was attempted are then read from the
 * whole journal (parsed, neither folded nor rendered again), so that a side command keeps its
 * checkpoint with notifications configured.
 */
async function withEveryEvent(session: IncidentSession): Promise<IncidentState> {
  const state = session.state;
  if (state.events.length >= state.eventCount) return state;
  const { events } = await withJournalSchema(() => readJournal(session.dir));
  // The state's other fields as they are: its lazy ones (checkpoint.ts) are parsed only if read.
  return Object.create(state, { events: { value: events } }) as IncidentState;
}

function evaluate(io: Io, ws: Workspace, session: IncidentSession): void {
  const config = ws.config.config.notify;
  if (!config) return;
  withEveryEvent(session)
    .then((state) => plan(io, ws, session, config, state))
    .catch((error: unknown) =>
      io.stderr.write(`crisis: warning: notifications were not started (${neutralise(String(error))})\n`),
    );
}

function plan(io: Io, ws: Workspace, session: IncidentSession, config: NotifyConfig, state: IncidentState): void {
  const now = io.now();
  const replica = localReplica(path.dirname(session.dir), io.env).id;
  const pending = planNotifications(state, config, replica, now).filter((p) => p.status === "pending");
  let ready = 0;
  for (const p of pending) {
    const missing = missingEnv(config.routes[p.route]!, io.env);
    if (missing.length === 0) {
      ready++;
      continue;
    }
    if (warned.has(p.route)) continue;
    warned.add(p.route);
    io.stderr.write(
      `crisis: warning: notify route ${p.route}: $${missing.join(" and $")} ${missing.length === 1 ? "is" : "are"} not set, so its notifications wait; set ${missing.length === 1 ? "it" : "them"} and run any crisis command (crisis notify status lists them)\n`,
    );
  }
  if (ready > 0) spawnSender(io, ws, session.id);
  remindLater(io, ws, session, nextReminderAt(state, config, now));
}

function spawnSender(io: Io, ws: Workspace, id: string): void {
  const args = ["notify", "send", id, "--background", ...(ws.config.file ? ["--config", ws.config.file] : [])];
  const pid = spawnDetached(path.join(packageRoot(), "bin", "crisis.js"), args, { cwd: io.cwd, env: io.env });
  if (pid === undefined)
    io.stderr.write(
      `crisis: warning: could not start the notification sender; run ${neutralise(`crisis notify send ${id}`)}\n`,
    );
}

/** In a process that keeps running (crisis start), wakes the sender when the next reminder falls due. */
function remindLater(io: Io, ws: Workspace, session: IncidentSession, at: number | undefined): void {
  const current = reminders.get(session.dir);
  if (current?.at === at) return;
  if (current) clearTimeout(current.timer);
  reminders.delete(session.dir);
  if (at === undefined) return;
  const timer = setTimeout(
    () => {
      reminders.delete(session.dir);
      session.refresh();
      evaluate(io, ws, session);
    },
    Math.min(Math.max(0, at - io.now().getTime()) + 1000, 2 ** 31 - 1),
  );
  timer.unref();
  reminders.set(session.dir, { at, timer });
}
