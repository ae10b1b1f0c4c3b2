import { readFileSync } from "node:fs";
import { onTestFinished } from "vitest";
import { injectFs, realFs } from "../../src/adapters/fs/sys.js";

/** A system error as the kernel reports it, with the code a full or read-only disk gives. */
export function sysError(code: "ENOSPC" | "EACCES" | "EROFS" | "EIO", syscall: string, file?: string): Error {
  const messages = {
    ENOSPC: "no space left on device",
    EACCES: "permission denied",
    EROFS: "read-only file system",
    EIO: "i/o error",
  };
  return Object.assign(new Error(`${code}: ${messages[code]}, ${syscall}`), {
    code,
    syscall,
    errno: -1,
    ...(file ? { path: file } : {}),
  });
}

/** What a write does under a fault plan: go through, write only some bytes, or fail. */
export type WriteFate = "ok" | "short" | Error;

export interface FaultLog {
  /** Writes seen so far (every writeSync call), counted from 0. */
  writes: number;
  /** Opens for writing seen so far. */
  opens: number;
  /** The journal's content each time an fsync of it returned: what had been acknowledged by then. */
  acknowledged: string;
  /** Every version of incident-log.md renamed into place, in order. */
  logVersions: string[];
}

/**
 * Replaces the file-system primitives for one test: `write(n)` decides the fate of the n-th
 * write, `open(n, file)` may fail the n-th open for writing. It also watches what the code under
 * test acknowledges (a synced journal) and every incident log it puts in place. Restored when the
 * test ends (or earlier, by calling the returned function).
 */
export function injectFaults(plan: {
  write?: (n: number) => WriteFate;
  open?: (n: number, file: string) => Error | undefined;
}): FaultLog & { restore: () => void } {
  const paths = new Map<number, string>();
  const log: FaultLog & { restore: () => void } = {
    writes: 0,
    opens: 0,
    acknowledged: "",
    logVersions: [],
    restore: () => {},
  };
  const restore = injectFs({
    openSync: (file, flags, mode) => {
      const writing = (flags & 3) !== 0;
      if (writing) {
        const n = log.opens++;
        const fail = plan.open ? plan.open(n, file) : undefined;
        if (fail) throw fail;
      }
      const fd = realFs.openSync(file, flags, mode);
      paths.set(fd, file);
      return fd;
    },
    writeSync: (fd, buffer, offset, length, position) => {
      const n = log.writes++;
      const fate = plan.write ? plan.write(n) : "ok";
      if (fate instanceof Error) throw fate;
      const size = fate === "short" ? Math.max(1, Math.floor(length / 2)) : length;
      return realFs.writeSync(fd, buffer, offset, size, position);
    },
    fsyncSync: (fd) => {
      realFs.fsyncSync(fd);
      const file = paths.get(fd);
      if (file?.endsWith("journal.jsonl")) log.acknowledged = readFileSync(file, "utf8");
    },
    renameSync: (from, to) => {
      realFs.renameSync(from, to);
      if (to.endsWith("incident-log.md")) log.logVersions.push(readFileSync(to, "utf8"));
    },
  });
  log.restore = restore;
  onTestFinished(restore);
  return log;
}
