/**
 * One small family of errors. Everything the user can cause is a CrisisError with an exit code;
 * the top-level handler in cli.ts prints it without a stack trace.
 */

export const EXIT = {
  ok: 0,
  /** Lint findings at or above the failure threshold, or a check that failed. */
  findings: 1,
  /** Bad command line, configuration, playbook or answers file. */
  usage: 2,
  /** A bug in crisis itself. */
  internal: 3,
  /** Nothing to work on: no playbook files matched, no incident found. */
  noInput: 4,
  /** Interrupted by the user (Ctrl+C); the journal is intact. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A problem located in a file, printed as `file:line:column: message`. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

export class CrisisError extends Error {
  override name = "CrisisError";
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.usage,
    readonly suggestion?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Invalid input in one or more files: each problem is printed on its own line. */
export class InputError extends CrisisError {
  override name = "InputError";
  constructor(
    readonly what: string,
    readonly problems: readonly Problem[],
    suggestion?: string,
  ) {
    super(`${what}: ${problems.length} problem${problems.length === 1 ? "" : "s"}`, EXIT.usage, suggestion);
  }
}

/** Ctrl+C at a prompt: the caller has already made the journal safe. */
export class InterruptError extends CrisisError {
  override name = "InterruptError";
  constructor(message: string) {
    super(message, EXIT.interrupted);
  }
}
