import { CrisisError, EXIT } from "../../errors.js";

/**
 * A full disk, a read-only folder or a missing file is the environment's problem, not a bug in
 * crisis: each becomes one line naming the file and what went wrong, exit 2. The same words serve
 * every command, so "disk full" reads the same from note, start and postmortem.
 */

/** What each error code means to the person at the keyboard. */
const REASONS: Readonly<Record<string, string>> = {
  ENOSPC: "disk full",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "it is a folder, not a file",
  ENOTDIR: "a part of the path is not a folder",
  ENOENT: "no such file or folder",
  ELOOP: "it is a symbolic link, which crisis does not follow here",
  EIO: "input/output error (a failing disk?)",
  EFBIG: "file too large",
  ENAMETOOLONG: "file name too long",
  EMFILE: "too many open files",
  ENFILE: "too many open files",
  EEXIST: "it already exists",
  ENOTEMPTY: "the folder is not empty",
  EBUSY: "the file is busy",
  ETXTBSY: "the file is busy",
  EXDEV: "it is on another file system",
  ENXIO: "no such device (a FIFO with nobody reading it?)",
  EAGAIN: "the file is not ready (it would block)",
  EINVAL: "the file does not support this operation",
  ESPIPE: "the file does not support seeking",
  ENODEV: "no such device",
  ESTALE: "stale network file handle",
  ETIMEDOUT: "timed out",
  ENOTREG: "it is not a regular file",
};

/** An error crisis raises itself about a file (not a regular file, too large, a link), with a code like the system's. */
export class FsError extends Error {
  override name = "FsError";
  constructor(
    readonly code: string,
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

/** The system error code (ENOSPC …) of a file-system error crisis knows how to explain, or undefined. */
function fsErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code in REASONS ? code : undefined;
}

/** "disk full", "permission denied" …: what went wrong, in words. */
function fsReason(error: unknown): string {
  if (error instanceof FsError) return error.detail;
  const code = fsErrorCode(error);
  return code ? (REASONS[code] ?? code) : error instanceof Error ? error.message : String(error);
}

/** "disk full (ENOSPC)": the words, and the code for a search engine. */
export function fsReasonWithCode(error: unknown): string {
  const code = fsErrorCode(error);
  return code && code !== "ENOTREG" && !(error instanceof FsError) ? `${fsReason(error)} (${code})` : fsReason(error);
}

/**
 * A file-system error as the one-line error users see: "cannot write <file>: disk full (ENOSPC)".
 * Anything else is returned unchanged (a bug stays a bug). `consequence` replaces the generic
 * form: "disk full: the note was not recorded in <file>; nothing else changed".
 */
export function fileError(
  error: unknown,
  file: string,
  doing: "read" | "write" | "create" | "open" | "lock",
  consequence?: string,
): unknown {
  if (error instanceof CrisisError || fsErrorCode(error) === undefined) return error;
  const shown = (error as { path?: unknown }).path;
  const where = typeof shown === "string" && shown !== "" ? shown : file;
  const message = consequence
    ? `${fsReasonWithCode(error)}: ${consequence}`
    : `cannot ${doing} ${where}: ${fsReasonWithCode(error)}`;
  return new CrisisError(message, EXIT.usage, undefined, { cause: error });
}

const READING = new Set([
  "open",
  "read",
  "stat",
  "lstat",
  "fstat",
  "scandir",
  "readlink",
  "realpath",
  "access",
  "opendir",
]);

/**
 * The one line for a file-system error no caller explained (the top-level handler's safety net):
 * "cannot write incidents/x/incident-log.md: disk full (ENOSPC)"; undefined for anything else.
 */
export function describeFsFailure(error: unknown): string | undefined {
  if (fsErrorCode(error) === undefined) return undefined;
  const e = error as { path?: unknown; dest?: unknown; syscall?: unknown };
  const file = typeof e.path === "string" ? e.path : undefined;
  if (error instanceof FsError) return `cannot use ${error.path}: ${error.detail}`;
  const doing = typeof e.syscall === "string" && READING.has(e.syscall) ? "read" : "write";
  return `cannot ${doing} ${file ?? "a file"}: ${fsReasonWithCode(error)}`;
}
