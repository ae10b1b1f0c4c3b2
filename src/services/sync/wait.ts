import type { Io } from "../../adapters/terminal/io.js";
import type { Prompter } from "../../adapters/terminal/prompter.js";
import { neutralise } from "../../adapters/terminal/sanitize.js";
import { CrisisError } from "../../errors.js";
import type { ApprovalWait } from "../../core/runner/context.js";
import type { IncidentSession } from "../incident/session.js";
import type { Workspace } from "../workspace/workspace.js";
import { syncContext } from "./run.js";
import { syncIncident, type SyncContext } from "./sync.js";

/**
 * What crisis start does while it waits at an approval for someone on another machine: sync now,
 * then every few seconds in the background, and on request; as soon as that role's decision on that
 * exact text is in the journal, the waiting question is closed (its AbortSignal) and the runner
 * goes on. The responder can also decide here after all, or pause.
 */

type WaitOutcome = "decided" | "here" | "pause";

/** True once `role` approved or rejected the text with this hash. */
function decided(session: IncidentSession, hash: string, role: string): boolean {
  const a = session.state.approvals[hash];
  return !!a && (a.approved.some((x) => x.role === role) || a.rejected.some((x) => x.role === role));
}

export function approvalWaiter(
  io: Io,
  ws: Workspace,
  session: IncidentSession,
  prompter: Prompter,
  out: (text: string) => void,
  intervalMs: number,
): (wait: ApprovalWait) => Promise<WaitOutcome> {
  let ctx: SyncContext | undefined;
  let warned = false;
  /** One sync; a failure is said once and waiting goes on (the remote may come back). */
  const syncOnce = async () => {
    try {
      ctx ??= await syncContext(io, ws, Math.max(intervalMs * 2, 10_000));
      await syncIncident(ctx, session.id);
    } catch (error) {
      if (!(error instanceof CrisisError)) throw error;
      if (!warned) out(`  Could not sync (${neutralise(error.message)}); still trying every ${intervalMs / 1000} s.`);
      warned = true;
    }
    session.refresh();
  };

  return async (wait) => {
    out(
      `\n  Waiting for ${wait.label} to decide on this exact text (sha ${wait.hash.slice(0, 12)}) on their own machine.` +
        `\n  Tell them: crisis join ${session.id} (once), then crisis approve ${session.id}` +
        `\n  Syncing every ${intervalMs / 1000} s; this continues by itself when their answer arrives.`,
    );
    for (;;) {
      await syncOnce();
      if (decided(session, wait.hash, wait.role)) return "decided";
      const controller = new AbortController();
      let stopped = false;
      const loop = (async () => {
        while (!stopped) {
          await new Promise((resolve) => setTimeout(resolve, intervalMs));
          if (stopped) return;
          await syncOnce();
          if (decided(session, wait.hash, wait.role)) {
            stopped = true;
            controller.abort();
          }
        }
      })();
      let choice: "sync" | "here" | "pause" | undefined;
      try {
        choice = await prompter.select<"sync" | "here" | "pause">({
          key: `wait.${wait.hash.slice(0, 12)}.${wait.role}`,
          message: `Waiting for ${wait.label}…`,
          choices: [
            { value: "sync", name: "Sync now" },
            { value: "here", name: `Record ${wait.label}'s decision here instead` },
            { value: "pause", name: "Pause here; crisis resume picks it up later" },
          ],
          escape: "none",
          signal: controller.signal,
        });
      } catch (error) {
        if (!controller.signal.aborted) throw error;
      } finally {
        stopped = true;
        await loop;
      }
      if (decided(session, wait.hash, wait.role)) return "decided";
      if (choice === "here" || choice === "pause") return choice;
    }
  };
}
