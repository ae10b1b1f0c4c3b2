import type { JournalEvent } from "../../core/journal/events.js";
import type { Io } from "../../adapters/terminal/io.js";
import type { Prompter } from "../../adapters/terminal/prompter.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import { askCheckin, type CheckinNumbers } from "../../core/incident/checkin.js";
import { SEVERITIES } from "../../core/playbook/levels.js";
import type { Severity } from "../../core/playbook/schema.js";
import { rank } from "../../core/severity/score.js";
import { logUtc, parseWhen, validateWhen } from "../../core/time.js";
import { CrisisError, EXIT } from "../../errors.js";
import { loadIncidentWorkspace } from "../workspace/incident-workspace.js";
import type { WorkspaceOptions } from "../workspace/workspace.js";
import { resolveActor } from "./actor.js";
import { activeHead } from "./registry.js";
import { snapshotPlaybook } from "../workspace/snapshot.js";
import { incidentsRoot } from "../workspace/incidents-dir.js";
import { openSession, type IncidentSession } from "./session.js";
import {
  JournalSchemaNeeded,
  loadJournalSchema,
  withJournalSchema,
  WrittenBeforeSchema,
} from "../../core/journal/lines.js";
import { syncQuietly } from "../sync/quiet.js";

/**
 * What crisis note, decision, severity and checkin record on the active incident, from any
 * terminal, while crisis start runs in another.
 */

/** The incident a side command (note, decision, severity, checkin) writes to, opened for appending. */
export async function openActive(
  io: Io,
  global: WorkspaceOptions,
  options: { incident?: string | undefined; actor?: string | undefined },
) {
  const ws = await loadIncidentWorkspace(io, global);
  const root = incidentsRoot(ws.config);
  // Chosen from each journal's opening and resolution lines; only the session reads and folds one whole.
  const found = await withJournalSchema(() => activeHead(root, options.incident));
  // Without a playbook given, the log renderer takes the one the journal names from the snapshot.
  const reopen = () => openSession(ws, found.dir, io, resolveActor(io, options.actor), undefined, { checkpoint: true });
  const session = await withJournalSchema(reopen);
  const playbook = snapshotPlaybook(ws, io.env, session.state.playbook.id);
  return { ws, session, playbook, reopen };
}

/**
 * Appends through the session. An append that meets a line needing the journal schema (one another
 * process wrote since the session opened that the quick check does not know, or an event only zod
 * can check) before its own line is written has written nothing: the schema is then loaded and
 * the append made on the journal opened afresh. One that meets it after (folding its own line
 * made the session read the whole journal) is recorded: the journal opened afresh only folds it
 * and renders the log. Returns the session that holds the event.
 */
async function appendTo(
  active: { session: IncidentSession; reopen: () => IncidentSession },
  append: (session: IncidentSession) => JournalEvent,
): Promise<{ session: IncidentSession; appended: JournalEvent }> {
  try {
    return { session: active.session, appended: append(active.session) };
  } catch (error) {
    if (!(error instanceof JournalSchemaNeeded) && !(error instanceof WrittenBeforeSchema)) throw error;
    await loadJournalSchema();
    const session = active.reopen();
    if (error instanceof JournalSchemaNeeded) return { session, appended: append(session) };
    session.completeAppend(error.event);
    return { session, appended: error.event };
  }
}

/** Reads --at: now when absent; otherwise relative, a UTC clock time or ISO, never in the future. */
export function parseAt(io: Io, at: string | undefined): Date {
  if (at === undefined) return io.now();
  const ok = validateWhen(at, io.now(), { past: true });
  if (ok !== true) throw new CrisisError(`--at ${at}: ${ok}`, EXIT.usage);
  return parseWhen(at, io.now()) ?? io.now();
}

/** Where a side event goes and who records it: --incident, --actor. */
export interface RecordOptions {
  incident?: string | undefined;
  actor?: string | undefined;
}

/** Asks one question when there is a terminal; otherwise the missing answer is a usage error. */
async function askOrFail(io: Io, missing: CrisisError, ask: (prompter: Prompter) => Promise<string>): Promise<string> {
  if (!io.stdinIsTTY) throw missing;
  return (await ask(await io.prompter())).trim();
}

/** crisis note: a line on the timeline (a TODO: prefix marks a follow-up for the post-mortem). */
export async function recordNote(
  io: Io,
  global: WorkspaceOptions,
  text: string,
  options: RecordOptions & { at?: string | undefined },
): Promise<void> {
  if (text.trim() === "")
    throw new CrisisError("the note is blank; nothing was recorded", EXIT.usage, 'crisis note "what happened"');
  const at = parseAt(io, options.at);
  const active = await openActive(io, global, options);
  const { session, appended: event } = await appendTo(active, (s) => s.append("note", { text }, { at }));
  io.stderr.write(
    `Noted in ${session.id} at ${logUtc(event.at)}${text.startsWith("TODO:") ? " (a TODO for the post-mortem)" : ""}: ${oneLine(text)}\n`,
  );
  await syncQuietly(io, active.ws, session.id, "the note is recorded here");
}

/** crisis decision: what was decided, why (asked when missing), and what else was considered. */
export async function recordDecision(
  io: Io,
  global: WorkspaceOptions,
  what: string,
  options: RecordOptions & { why?: string | undefined; alternatives?: string | undefined; at?: string | undefined },
): Promise<void> {
  if (what.trim() === "")
    throw new CrisisError(
      "the decision is blank; nothing was recorded",
      EXIT.usage,
      'crisis decision "what was decided" --why "…"',
    );
  const why =
    options.why?.trim() ||
    (await askOrFail(
      io,
      new CrisisError(
        "a decision needs its reason",
        EXIT.usage,
        `add --why "…" (and --alternatives "…" for what else was considered)`,
      ),
      (p) => p.text({ key: "decision.why", message: "Why?", required: true, escape: "none" }),
    ));
  const at = parseAt(io, options.at);
  const active = await openActive(io, global, options);
  const alternatives = options.alternatives?.trim();
  const { session } = await appendTo(active, (s) =>
    s.append("decision", { what, why, ...(alternatives ? { alternatives } : {}) }, { at }),
  );
  io.stderr.write(`Decision recorded in ${session.id}: ${oneLine(what)}\n`);
  await syncQuietly(io, active.ws, session.id, "the decision is recorded here");
}

/** SEV2, sev2, 2 → SEV2. */
function parseLevel(text: string): Severity | undefined {
  const m = /^(?:sev)?\s*([1-4])$/i.exec(text.trim());
  return m ? (`SEV${m[1]}` as Severity) : undefined;
}

/** crisis severity: the new level and the reason (asked when missing), and the roles it now needs. */
export async function changeSeverity(
  io: Io,
  global: WorkspaceOptions,
  level: string,
  options: RecordOptions & { reason?: string | undefined },
): Promise<void> {
  const to = parseLevel(level);
  if (!to)
    throw new CrisisError(`"${level}" is not a severity`, EXIT.usage, `expected one of: ${SEVERITIES.join(", ")}`);
  const reason =
    options.reason?.trim() ||
    (await askOrFail(io, new CrisisError("a severity change needs its reason", EXIT.usage, `add --reason "…"`), (p) =>
      p.text({ key: "severity.reason", message: `Why ${to}?`, required: true, escape: "none" }),
    ));
  const active = await openActive(io, global, options);
  const { playbook, ws } = active;
  const from = active.session.state.severity;
  if (from === to) {
    io.stderr.write(`${active.session.id} is already ${to}; nothing recorded.\n`);
    return;
  }
  const { session } = await appendTo(active, (s) => s.append("severity_changed", { from, to, reason }));
  io.stderr.write(`${session.id}: severity ${from ?? "not set"} → ${to}. Reason: ${oneLine(reason)}\n`);
  const missing = (playbook?.roles ?? []).filter(
    (r) => r.required_from !== undefined && rank(to) >= rank(r.required_from) && !session.state.roles[r.id],
  );
  if (missing.length > 0)
    io.stderr.write(
      `At ${to} these roles need a person: ${missing.map((r) => oneLine(r.title)).join(", ")}. The runner asks for them at the next step.\n`,
    );
  await syncQuietly(io, ws, session.id, "the severity change is recorded here");
}

/** crisis checkin: the conversation's size and tone now (each number asked when none is given). */
export async function recordCheckin(
  io: Io,
  global: WorkspaceOptions,
  given: CheckinNumbers,
  options: RecordOptions & { at?: string | undefined },
): Promise<void> {
  let data = given;
  if (Object.keys(data).length === 0) {
    if (!io.stdinIsTTY)
      throw new CrisisError(
        "a check-in needs at least one number",
        EXIT.usage,
        "give --mentions, --negative, --media or --tickets",
      );
    data = await askCheckin(await io.prompter(), "none");
  }
  const at = parseAt(io, options.at);
  const active = await openActive(io, global, options);
  const { session } = await appendTo(active, (s) => s.append("metric_snapshot", data, { at }));
  const parts = Object.entries(data).map(([k, v]) => `${k.replace(/_/g, " ")} ${String(v)}`);
  io.stderr.write(`Check-in recorded in ${session.id}: ${parts.join(", ") || "no numbers"}\n`);
  await syncQuietly(io, active.ws, session.id, "the check-in is recorded here");
}
