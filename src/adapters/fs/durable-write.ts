import { closeSync, existsSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import path from "node:path";

/**
 * Writes that survive a crash or a power cut: every one is synced to disk before it returns, and
 * none leaves a reader with half a file.
 */

/**
 * Replaces a file atomically: the text goes to a temporary file in the same folder, is synced,
 * then renamed over the old one. A reader sees the old file or the new one, never half of one.
 */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(tmp, file);
}

/** fsync a directory, so a file created in it (or renamed into it) survives a power cut. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // Some file systems refuse to open or sync directories; the file itself is already synced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** True when the file ends in the middle of a line (a writer died mid-write). */
export function endsMidLine(file: string): boolean {
  if (!existsSync(file)) return false;
  const size = statSync(file).size;
  if (size === 0) return false;
  const fd = openSync(file, "r");
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    closeSync(fd);
  }
}

/**
 * Appends one line (the newline is added) and fsyncs it. If the previous writer died mid-line, a
 * newline goes first so the torn line stays separate from this one. The first write also syncs
 * the folder, so the new file itself cannot vanish in a crash. Opened in append mode: existing
 * lines are never touched.
 */
export function appendLine(file: string, line: string): void {
  const created = !existsSync(file);
  const prefix = !created && endsMidLine(file) ? "\n" : "";
  const fd = openSync(file, "a");
  try {
    // One write call per line: appends from other processes cannot interleave inside it.
    writeSync(fd, `${prefix}${line}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (created) fsyncDir(path.dirname(file));
}
