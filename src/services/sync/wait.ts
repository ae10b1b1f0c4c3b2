import type { Io } from "../../adapters/terminal/io.js";
import type { Prompter } from "../../adapters/terminal/prompter.js";
import { neutralise } from "../../adapters/terminal/sanitize.js";
import { logUtc } from "../../core/time.js";
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

/** That role's decision on the text with this hash, once it is in the journal: who, where, when. */
function decision(session: IncidentSession, hash: string, role: string): string | undefined {
  const a = session.state.approvals[hash];
  const yes = a?.approved.find((x) => x.role === role);
  if (yes)
    return `approved by ${yes.by} on ${session.state.replicas[yes.replica]?.host ?? yes.replica} at ${logUtc(yes.at)}`;
  const no = a?.rejected.find((x) => x.role === role);
  return no ? `rejected by ${no.by} at ${logUtc(no.at)}: ${no.reason}` : undefined;
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
    /** True once the decision is in, said on the screen (the closed question stays above it). */
    const isDecided = () => {
      const said = decision(session, wait.hash, wait.role);
      if (said !== undefined) out(`  ✔ ${wait.label}: ${neutralise(said)}`);
      return said !== undefined;
    };
    for (;;) {
      await syncOnce();
      if (isDecided()) return "decided";
      const controller = new AbortController();
      let stopped = false;
      const loop = (async () => {
        while (!stopped) {
          await new Promise((resolve) => setTimeout(resolve, intervalMs));
          if (stopped) return;
          await syncOnce();
          if (decision(session, wait.hash, wait.role) !== undefined) {
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
      if (isDecided()) return "decided";
      if (choice === "here" || choice === "pause") return choice;
    }
  };
}
