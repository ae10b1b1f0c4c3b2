import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { hostName, isProcessAlive, processId } from "../process.js";

const OWNER_FILE = "owner";

/** True when the process that took the lock is gone (same machine only; otherwise we cannot tell). */
function ownerIsGone(lock: string): boolean {
  let owner: { pid: number; host: string };
  try {
    owner = JSON.parse(readFileSync(path.join(lock, OWNER_FILE), "utf8")) as { pid: number; host: string };
  } catch {
    return false; // not written yet (the owner is between mkdir and write), or unreadable: wait
  }
  if (owner.host !== hostName() || !Number.isInteger(owner.pid)) return false;
  return !isProcessAlive(owner.pid);
}

/**
 * Runs `fn` while holding the lock `lock` (a folder: mkdir is atomic on every local file system).
 * The lock records its owner, so one left by a killed process is taken over at once; a lock whose
 * owner cannot be checked is taken over after `staleMs`. Waiting longer than twice that is an
 * error: `onStuck` says what to tell the user.
 */
export function withDirLock<T>(lock: string, fn: () => T, options: { staleMs: number; onStuck: () => Error }): T {
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, OWNER_FILE), JSON.stringify({ pid: processId(), host: hostName() }));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      try {
        // NOTE: two waiters could both judge a dead owner's lock stale at once; both then race on
        // mkdir again, and only one wins. The window is tiny and needs a crash inside the lock.
        if (ownerIsGone(lock) || Date.now() - statSync(lock).mtimeMs > options.staleMs)
          rmSync(lock, { recursive: true, force: true });
      } catch {
        // Another process removed it first: try again.
      }
      if (Date.now() - started > options.staleMs * 2) throw options.onStuck();
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
