import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isProcessAlive, processId } from "../../adapters/process.js";
import { RUNNER_FILE } from "../../core/incident/folder.js";
import { CrisisError, EXIT } from "../../errors.js";

/**
 * Marks the incident as being run by this process, so a second crisis start/resume on the same
 * incident is refused (notes, decisions and check-ins from other terminals are fine). A marker
 * left by a killed process is ignored.
 */
export function claimRunner(dir: string, force: boolean): () => void {
  const file = path.join(dir, RUNNER_FILE);
  if (!force && existsSync(file)) {
    const pid = Number(readFileSync(file, "utf8").trim());
    if (Number.isInteger(pid) && pid !== processId() && isProcessAlive(pid)) {
      throw new CrisisError(
        `incident ${path.basename(dir)} is already being run by another crisis process (pid ${pid})`,
        EXIT.usage,
        "use crisis note / decision / severity / checkin from this terminal, or pass --force if that process is gone",
      );
    }
  }
  writeFileSync(file, `${processId()}\n`);
  return () => rmSync(file, { force: true });
}
