import path from "node:path";
import { isProcessAlive, processId } from "../process.js";
import { FsError } from "./errors.js";
import { FLAGS, sys } from "./sys.js";

/**
 * Writes that survive a crash, a power cut or a full disk: every one is complete and synced to
 * disk before it returns, and none leaves a reader with half a file. A write that fails leaves
 * the file as it was and throws; the caller says what was not recorded.
 */

/**
 * Writes every byte, however many calls it takes: write(2) may write fewer bytes than asked (a
 * nearly full disk, a signal), and a short write ignored is a torn line acknowledged.
 */
export function writeAll(fd: number, data: Uint8Array, file: string): void {
  let done = 0;
  while (done < data.length) {
    const n = sys.writeSync(fd, data, done, data.length - done, null);
    // write(2) returning 0 for a non-empty buffer makes no progress: the disk takes nothing more.
    if (n <= 0) throw new FsError("ENOSPC", file, "disk full (the disk accepted no more bytes)");
    done += n;
  }
}

/**
 * What a file is written from: its text, its bytes, or a function that writes the text in pieces
 * (a long document rendered as it goes, never held whole); the pieces are gathered into blocks of
 * about 1 MiB, so a piece is not a system call.
 */
export type FileContent = string | Uint8Array | readonly Uint8Array[] | ((write: (piece: string) => void) => void);

const BLOCK = 1024 * 1024;

function writeContent(fd: number, content: FileContent, file: string): void {
  if (typeof content === "string" || content instanceof Uint8Array) {
    writeAll(fd, typeof content === "string" ? Buffer.from(content, "utf8") : content, file);
    return;
  }
  if (typeof content !== "function") {
    // Pieces written one after another: a large file made of parts is never copied into one buffer.
    for (const piece of content) writeAll(fd, piece, file);
    return;
  }
  let block = "";
  content((piece) => {
    block += piece;
    if (block.length >= BLOCK) {
      writeAll(fd, Buffer.from(block, "utf8"), file);
      block = "";
    }
  });
  if (block !== "") writeAll(fd, Buffer.from(block, "utf8"), file);
}

/** fsync a directory, so a file created in it (or renamed into it) survives a power cut. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = sys.openSync(dir, FLAGS.readDir);
    sys.fsyncSync(fd);
  } catch {
    // Some file systems refuse to open or sync directories; the file itself is already synced.
  } finally {
    if (fd !== undefined) sys.closeSync(fd);
  }
}

/** Refuses a symbolic link where crisis keeps its own files: an incident folder never points outside itself. */
export function refuseSymlink(file: string): void {
  let isLink: boolean;
  try {
    isLink = sys.lstatSync(file).isSymbolicLink();
  } catch {
    return; // missing: nothing to follow
  }
  if (isLink)
    throw new FsError("ELOOP", file, "it is a symbolic link; crisis does not follow links in an incident folder");
}

/** The byte before `size` (the last byte of the file), read without moving the append offset. */
function lastByte(fd: number, size: number): number | undefined {
  const one = Buffer.alloc(1);
  return sys.readSync(fd, one, 0, 1, size - 1) === 1 ? one[0] : undefined;
}

/**
 * Appends one line (the newline is added) and fsyncs it. If the previous writer died mid-line, a
 * newline goes first so the torn line stays separate from this one. A write or sync that fails
 * (disk full) truncates the file back to its size before, so no torn line is left for the next
 * writer to repair, and throws: the line is not recorded. The first line also syncs the folder, so
 * the new file itself survives a power cut. Opened in append mode, never following a symbolic link:
 * existing lines are never touched.
 */
export function appendLine(file: string, line: string): void {
  const fd = sys.openSync(file, FLAGS.append, 0o644);
  let created: boolean;
  try {
    const stat = sys.fstatSync(fd);
    if (!stat.isFile()) throw new FsError("ENOTREG", file, "it is not a regular file");
    const before = stat.size;
    created = before === 0;
    const prefix = before > 0 && lastByte(fd, before) !== 0x0a ? "\n" : "";
    try {
      writeAll(fd, Buffer.from(`${prefix}${line}\n`, "utf8"), file);
      sys.fsyncSync(fd);
    } catch (error) {
      try {
        sys.ftruncateSync(fd, before);
        sys.fsyncSync(fd);
      } catch {
        // Even the truncation failed: what was written is a torn last line, which every reader sets
        // aside and the next append closes with a newline (docs/journal.md).
      }
      throw error;
    }
  } finally {
    sys.closeSync(fd);
  }
  if (created) fsyncDir(path.dirname(file));
}

/** `.<name>.<pid>.tmp`: the temporary file a writer renames over `<name>`. */
const tempName = (base: string, pid: number) => `.${base}.${pid}.tmp`;

/**
 * Removes temporary files of `base` left by writers that were killed mid-write (their process is
 * gone), so a folder does not fill with them over a long incident.
 */
function cleanStaleTemps(dir: string, base: string): void {
  let names: string[];
  try {
    names = sys.readdirSync(dir);
  } catch {
    return;
  }
  const prefix = `.${base}.`;
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
    const pid = Number(name.slice(prefix.length, -".tmp".length));
    if (!Number.isSafeInteger(pid) || pid <= 0 || (pid !== processId() && isProcessAlive(pid))) continue;
    try {
      sys.unlinkSync(path.join(dir, name));
    } catch {
      // Another writer cleaned it first, or it cannot be removed: it does no harm.
    }
  }
}

export interface AtomicOptions {
  /** Refuse when the file is a symbolic link (files in an incident folder), instead of replacing the link. */
  noSymlink?: boolean;
  /** The new file's permissions (default: the old file's, else 0644 less the umask). */
  mode?: number;
  /** false: not fsynced before the rename (a cache that is checked when read: a power cut may lose it, nothing else). */
  durable?: boolean;
}

/**
 * Replaces a file atomically: the text goes to a temporary file in the same folder, is written
 * whole and synced, then renamed over the old one. A reader sees the old
 * file or the new one, never half of one; a write that fails (disk full) leaves the old file as it
 * was and removes the temporary one. Temporary files of killed writers are cleaned first.
 */
export function writeFileAtomic(file: string, text: FileContent, options: AtomicOptions = {}): void {
  const dir = path.dirname(file);
  const base = path.basename(file);
  if (options.noSymlink) refuseSymlink(file);
  cleanStaleTemps(dir, base);
  const tmp = path.join(dir, tempName(base, processId()));
  const mode = options.mode ?? existingMode(file) ?? 0o644;
  const fd = sys.openSync(tmp, FLAGS.createNew, mode);
  try {
    writeContent(fd, text, tmp);
    if (options.durable !== false) sys.fsyncSync(fd);
    sys.closeSync(fd);
  } catch (error) {
    closeQuietly(fd);
    removeQuietly(tmp);
    throw error;
  }
  try {
    sys.renameSync(tmp, file);
  } catch (error) {
    removeQuietly(tmp);
    throw error;
  }
  // The folder is not synced: after a power cut the rename may be lost, which leaves the previous
  // complete version (a derived file is re-rendered from the journal at the next event). Syncing it
  // would double the cost of every event.
}

function existingMode(file: string): number | undefined {
  try {
    const stat = sys.statSync(file);
    return stat.isFile() ? stat.mode & 0o7777 : undefined;
  } catch {
    return undefined;
  }
}

function closeQuietly(fd: number): void {
  try {
    sys.closeSync(fd);
  } catch {
    // already closed
  }
}

function removeQuietly(file: string): void {
  try {
    sys.unlinkSync(file);
  } catch {
    // gone already
  }
}

/** Paths that name an open stream rather than a file (`/dev/stdout` is a link into /proc/self/fd). */
const STREAM_PATH = /^\/(proc|dev)\//;

/**
 * Writes an output file the user named (`-o FILE`): a regular file is replaced atomically (through
 * a symbolic link, the file it points to); an existing device, FIFO or `/dev/stdout` is written
 * into, never replaced; a folder is an error.
 */
export function writeOutputFile(file: string, text: FileContent): void {
  let stat;
  try {
    stat = sys.statSync(file);
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return writeFileAtomic(danglingTarget(file), text);
    throw error;
  }
  if (stat.isDirectory()) throw new FsError("EISDIR", file, "it is a folder, not a file");
  const real = sys.realpathSync(file);
  if (!stat.isFile() || STREAM_PATH.test(real)) return writeInto(file, text, stat.isFile());
  writeFileAtomic(real, text);
}

/** A path that does not exist yet; a dangling symbolic link is refused rather than followed somewhere unknown. */
function danglingTarget(file: string): string {
  refuseSymlinkOutput(file);
  return file;
}

function refuseSymlinkOutput(file: string): void {
  let isLink: boolean;
  try {
    isLink = sys.lstatSync(file).isSymbolicLink();
  } catch {
    return;
  }
  if (isLink) throw new FsError("ENOENT", file, "it is a symbolic link to nothing");
}

/** Writes into an existing file without replacing it (a device, a FIFO, a terminal, a redirected stdout). */
function writeInto(file: string, text: FileContent, truncate: boolean): void {
  const fd = sys.openSync(file, truncate ? FLAGS.writeTruncate : FLAGS.writeInto);
  try {
    writeContent(fd, text, file);
  } finally {
    sys.closeSync(fd);
  }
}

/** Creates a folder; false when it already exists. The parent must exist. */
export function createDir(dir: string): boolean {
  try {
    sys.mkdirSync(dir);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "EEXIST") return false;
    throw error;
  }
}

/** Creates a folder and any missing parents. */
export function createDirs(dir: string): void {
  sys.mkdirSync(dir, { recursive: true });
}

/** Removes a folder and what is in it; quietly, since it is only tidying up after a failure. */
export function removeTreeQuietly(dir: string): void {
  try {
    sys.rmSync(dir, { recursive: true, force: true });
  } catch {
    // Left behind; it holds no journal line.
  }
}
