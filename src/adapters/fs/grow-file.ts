import { writeAll } from "./durable-write.js";
import { FsError } from "./errors.js";
import { FLAGS, sys } from "./sys.js";

/**
 * Files a cache keeps in parts that only grow (services/journal/checkpoint.ts): a part is created
 * whole under a name never used before, then only extended at its end. Bytes once written are
 * never written again, so a reader holding a part open reads the same bytes whatever the writers
 * do next. Nothing here is synced: what uses these files checks them when it reads them.
 */

/** A regular file of crisis's own, opened for reading (never through a symbolic link), and its size. */
export function openOwn(file: string): { fd: number; size: number } {
  const fd = sys.openSync(file, FLAGS.readOwn);
  try {
    const stat = sys.fstatSync(fd);
    if (!stat.isFile()) throw new FsError("ENOTREG", file, "it is not a regular file");
    return { fd, size: stat.size };
  } catch (error) {
    sys.closeSync(fd);
    throw error;
  }
}

export function closeFd(fd: number): void {
  try {
    sys.closeSync(fd);
  } catch {
    // already closed
  }
}

/** Creates `file`, which must not exist yet, with these bytes; a failure removes what was written. */
export function createWith(file: string, pieces: readonly Uint8Array[]): void {
  const fd = sys.openSync(file, FLAGS.createNew, 0o644);
  try {
    for (const piece of pieces) writeAll(fd, piece, file);
    sys.closeSync(fd);
  } catch (error) {
    closeFd(fd);
    removeFile(file);
    throw error;
  }
}

/**
 * Appends these bytes to `file` when it is a regular file of exactly `size` bytes (so nothing is
 * written after bytes nobody accounted for, such as those of a writer that died mid-append);
 * false, with nothing written, otherwise. A failed write is cut back to `size` and thrown.
 */
export function appendIfSize(file: string, size: number, pieces: readonly Uint8Array[]): boolean {
  let fd: number;
  try {
    fd = sys.openSync(file, FLAGS.appendOnly);
  } catch {
    return false;
  }
  try {
    const stat = sys.fstatSync(fd);
    if (!stat.isFile() || stat.size !== size) return false;
    try {
      for (const piece of pieces) writeAll(fd, piece, file);
    } catch (error) {
      try {
        sys.ftruncateSync(fd, size);
      } catch {
        // The reader checks the length and the tail it expects: extra bytes are never read.
      }
      throw error;
    }
    return true;
  } finally {
    closeFd(fd);
  }
}

/** Removes a file; one already gone, or that cannot be removed, is left to the next writer. */
export function removeFile(file: string): void {
  try {
    sys.unlinkSync(file);
  } catch {
    // gone already, or not ours to remove
  }
}

/**
 * The folder a cache keeps its parts in, created when missing. Anything else at that path (a file
 * an older version wrote there: the cache's previous layout) is removed first; a symbolic link is
 * refused (an incident folder never points outside itself).
 */
export function ownFolder(dir: string): void {
  let stat;
  try {
    stat = sys.lstatSync(dir);
  } catch {
    sys.mkdirSync(dir);
    return;
  }
  if (stat.isDirectory()) return;
  if (stat.isSymbolicLink())
    throw new FsError("ELOOP", dir, "it is a symbolic link; crisis does not follow links in an incident folder");
  if (!stat.isFile()) throw new FsError("ENOTREG", dir, "it is not a folder");
  sys.unlinkSync(dir);
  sys.mkdirSync(dir);
}

/** The names in a folder (none when it cannot be read). */
export function entriesOf(dir: string): string[] {
  try {
    return sys.readdirSync(dir);
  } catch {
    return [];
  }
}
