import { wrapForTerminal } from "../ui/wrap.js";
import path from "node:path";
import type { CommandInput } from "../cli.js";
import { CrisisError, EXIT } from "../errors.js";
import { activeIncident, incidentsRoot } from "../incident/registry.js";
import { openSession, resolveActor } from "../incident/workspace.js";
import type { Io } from "../ui/output.js";
import { parseWhen, validateWhen } from "../util/time.js";
import { loadWorkspace } from "./context.js";

/**
 * Small pieces the incident commands share: how a path is shown, and the Ctrl+C flag. While a
 * prompt is open, Ctrl+C is a key the prompt turns into an InterruptError; between prompts it is
 * a SIGINT, which only sets a flag so the current event finishes and the next prompt stops.
 */
export function shown(io: Io, file: string): string {
  const rel = path.relative(io.cwd, file);
  return rel && !rel.startsWith("..") ? rel : file;
}

export function terminalWidth(io: Io): number | undefined {
  return (io.stderr as { columns?: number }).columns;
}

/** Writes a block of the runner's screen to stderr, wrapped to the terminal's width when there is one. */
export function screenWriter(io: Io): (text: string) => void {
  const width = terminalWidth(io);
  return (text) => io.stderr.write(`${width ? wrapForTerminal(text, width - 1) : text}\n`);
}

export function trapInterrupt(): { interrupted: () => boolean; release: () => void } {
  let flag = false;
  const onSignal = () => {
    flag = true;
  };
  process.on("SIGINT", onSignal);
  return { interrupted: () => flag, release: () => process.removeListener("SIGINT", onSignal) };
}

/** The incident a side command (note, decision, severity, checkin) writes to, opened for appending. */
export function openActive(
  io: Io,
  global: CommandInput["global"],
  options: { incident?: string | undefined; actor?: string | undefined },
) {
  const ws = loadWorkspace(io, global);
  const root = incidentsRoot(ws.config);
  const found = activeIncident(root, options.incident);
  if (found.state.status === "resolved" && options.incident === undefined) {
    throw new CrisisError(`incident ${found.id} is resolved`, EXIT.noInput);
  }
  const playbook = ws.catalog.playbooks.get(found.state.playbook.id);
  const session = openSession(ws, found.dir, io, resolveActor(io, options.actor), playbook);
  return { ws, session, playbook };
}

/** Reads --at: now when absent; otherwise relative, a UTC clock time or ISO, never in the future. */
export function parseAt(io: Io, at: string | undefined): Date {
  if (at === undefined) return io.now();
  const ok = validateWhen(at, io.now(), { past: true });
  if (ok !== true) throw new CrisisError(`--at ${at}: ${ok}`, EXIT.usage);
  return parseWhen(at, io.now()) ?? io.now();
}
