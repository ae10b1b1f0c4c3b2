import { existsSync, rmSync } from "node:fs";
import { writeFileAtomic } from "../../adapters/fs/durable-write.js";
import { readRegularFile } from "../../adapters/fs/read.js";
import path from "node:path";
import { isProcessAlive, processId } from "../../adapters/process.js";
import { RUNNER_FILE } from "../../core/incident/folder.js";
import { CrisisError, EXIT } from "../../errors.js";

/** The process id of a crisis start/resume that is running this incident right now, if any. */
export function activeRunner(dir: string): number | undefined {
  const file = path.join(dir, RUNNER_FILE);
  if (!existsSync(file)) return undefined;
  let pid = NaN;
  try {
    pid = Number(readRegularFile(file, 64).toString("utf8").trim());
  } catch {
    // Not a small regular file (a FIFO, a folder): nobody's claim.
  }
  return Number.isInteger(pid) && pid !== processId() && isProcessAlive(pid) ? pid : undefined;
}

/**
 * Marks the incident as being run by this process, so a second crisis start/resume on the same
 * incident is refused (notes, decisions and check-ins from other terminals are fine). A marker
 * left by a killed process is ignored.
 */
export function claimRunner(dir: string, force: boolean): () => void {
  const file = path.join(dir, RUNNER_FILE);
  const pid = force ? undefined : activeRunner(dir);
  if (pid !== undefined) {
    throw new CrisisError(
      `incident ${path.basename(dir)} is already being run by another crisis process (pid ${pid})`,
      EXIT.usage,
      "use crisis note / decision / severity / checkin from this terminal, or pass --force if that process is gone",
    );
  }
  // Replaced, never written into: whatever is in the way (a FIFO, a link) is not opened.
  writeFileAtomic(file, `${processId()}\n`, { noSymlink: true });
  return () => rmSync(file, { force: true });
}
