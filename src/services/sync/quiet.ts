import type { Io } from "../../adapters/terminal/io.js";
import { neutralise } from "../../adapters/terminal/sanitize.js";
import { CrisisError } from "../../errors.js";
import type { Workspace } from "../workspace/workspace.js";

/** How long a side command waits for its sync after writing (the event is already safe locally). */
const QUICK_TIMEOUT_MS = 10_000;

/**
 * Syncs one incident after a command recorded something (or before approve shows texts), when a
 * remote is configured. A failure is a warning, never an error: the event is safe in the local
 * journal and goes with the next sync.
 */
export async function syncQuietly(io: Io, ws: Workspace, id: string, context: string): Promise<boolean> {
  if (!ws.config.config.sync) return false;
  try {
    const { syncContext } = await import("./run.js");
    const { syncIncident } = await import("./sync.js");
    const r = await syncIncident(await syncContext(io, ws, QUICK_TIMEOUT_MS), id);
    if (r.received > 0 || r.sent > 0)
      io.stderr.write(
        `Synced with the team: ${r.sent} event${r.sent === 1 ? "" : "s"} sent, ${r.received} received.\n`,
      );
    return true;
  } catch (error) {
    if (!(error instanceof CrisisError)) throw error;
    io.stderr.write(
      `crisis: warning: could not sync (${neutralise(error.message)}); ${context}, and it goes with the next crisis sync\n`,
    );
    return false;
  }
}
