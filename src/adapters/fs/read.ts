import path from "node:path";
import { FsError } from "./errors.js";
import { FLAGS, sys } from "./sys.js";

/**
 * Reading files crisis is given: only regular files, never more than a limit, never waiting. A
 * FIFO or a device named where a file is expected (`--config /dev/zero`, a FIFO as the answers
 * file) is refused at once: the file is opened without blocking and checked before any read.
 */

/** The file's size in bytes, or undefined when it cannot be read (missing, no permission) or is not a regular file. */
export function fileSize(file: string): number | undefined {
  try {
    const stat = sys.statSync(file);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a file's stat says that changes whenever its content is written (kind, size, modification
 * and change times, inode): a key for caches that must not read every file to know that none
 * changed (walk.ts, stampedFilesIn).
 */
export function stampOf(s: { isFile(): boolean; size: number; mtimeMs: number; ctimeMs: number; ino: number }): string {
  return `${s.isFile() ? "file" : "other"} ${s.size} ${s.mtimeMs} ${s.ctimeMs} ${s.ino}`;
}

/** What a non-regular file is, for "it is a FIFO, not a regular file". */
function kindOf(stat: {
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}) {
  if (stat.isFIFO()) return "a FIFO (named pipe)";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isSocket()) return "a socket";
  return "not a regular file";
}

/** Opens a file for reading without blocking, and refuses anything but a regular file. Returns the fd and size. */
function openRegular(file: string): { fd: number; size: number } {
  const fd = sys.openSync(file, FLAGS.read);
  try {
    const stat = sys.fstatSync(fd);
    if (stat.isDirectory()) throw new FsError("EISDIR", file, "it is a folder, not a file");
    if (!stat.isFile()) throw new FsError("ENOTREG", file, `it is ${kindOf(stat)}, not a regular file`);
    return { fd, size: stat.size };
  } catch (error) {
    sys.closeSync(fd);
    throw error;
  }
}

/** "1 MiB", "256 MiB": a limit as people read it. */
const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

/**
 * The bytes of a regular file of at most `maxBytes`. Refuses at once a folder, a FIFO, a device or
 * a socket, and a file larger than the limit (also one that grows past it while being read).
 */
export function readRegularFile(file: string, maxBytes: number): Buffer {
  const { fd, size } = openRegular(file);
  try {
    const tooLarge = (n: number) =>
      new FsError("EFBIG", file, `it is ${mib(n)}, larger than the ${mib(maxBytes)} limit for this kind of file`);
    if (size > maxBytes) throw tooLarge(size);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(Math.max(size - total, 0) + 1, 1024 * 1024));
      const n = sys.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw tooLarge(total);
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } finally {
    sys.closeSync(fd);
  }
}

/**
 * A regular file's bytes in chunks, so a large file (a mention export) is never held whole;
 * refused at once like readRegularFile when it is not a regular file.
 */
export function* regularFileChunks(file: string, chunkBytes = 64 * 1024): Generator<Buffer> {
  const { fd } = openRegular(file);
  try {
    for (;;) {
      const chunk = Buffer.alloc(chunkBytes);
      const n = sys.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) return;
      yield n === chunk.length ? chunk : chunk.subarray(0, n);
    }
  } finally {
    sys.closeSync(fd);
  }
}

/** Up to `length` bytes from `start` of a regular file; fewer at the end of the file. */
export function readBytes(file: string, start: number, length: number): Buffer {
  const { fd } = openRegular(file);
  try {
    return readAt(fd, start, length);
  } finally {
    sys.closeSync(fd);
  }
}

/** `length` bytes of an open file from `start` (fewer if it ends first). */
export function readAt(fd: number, start: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const n = sys.readSync(fd, buffer, read, length - read, start + read);
    if (n === 0) break;
    read += n;
  }
  return read === length ? buffer : buffer.subarray(0, read);
}

/** True when the file ends in the middle of a line (a writer died mid-write). */
export function endsMidLine(file: string): boolean {
  const size = fileSize(file);
  if (!size) return false;
  return readBytes(file, size - 1, 1)[0] !== 0x0a;
}

/**
 * The text of a regular file; undefined when nothing is there, "" when something that is not a
 * file is (a folder in the way): the caller must not write over it.
 */
export function readIfRegularFile(file: string): string | undefined {
  let stat;
  try {
    stat = sys.statSync(file);
  } catch {
    return undefined;
  }
  return stat.isFile() ? readRegularFile(file, 16 * 1024 * 1024).toString("utf8") : "";
}

/** True when something (a file, a folder, a link) is at `file`. */
export function exists(file: string): boolean {
  try {
    sys.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** The names in a folder, sorted; none when it cannot be read. */
export function namesIn(dir: string): string[] {
  try {
    return sys.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** True when `dir` is a folder itself, not a symbolic link to one. */
export function isRealDir(dir: string): boolean {
  try {
    return sys.lstatSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The real path of `file` even when its last parts do not exist yet: the real path of the nearest
 * existing folder above it, with the rest appended. Symbolic links on the way are resolved.
 */
export function realPathOf(file: string): string {
  const rest: string[] = [];
  let current = path.resolve(file);
  for (;;) {
    try {
      return path.join(sys.realpathSync(current), ...rest);
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(file);
      rest.unshift(path.basename(current));
      current = parent;
    }
  }
}
