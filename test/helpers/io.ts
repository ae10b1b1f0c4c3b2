import type { Io } from "../../src/ui/output.js";

export interface CapturedIo extends Io {
  out: () => string;
  err: () => string;
}

/** An Io for in-process command tests: captures stdout and stderr, fixed clock, no TTY. */
export function captureIo(
  options: { cwd?: string; env?: Record<string, string | undefined>; now?: Date; tty?: boolean } = {},
): CapturedIo {
  let out = "";
  let err = "";
  const now = options.now ?? new Date("2026-11-21T19:30:00.000Z");
  return {
    cwd: options.cwd ?? process.cwd(),
    env: { NO_COLOR: "1", ...options.env },
    stdout: { write: (s: string) => (out += s), isTTY: options.tty ?? false },
    stderr: { write: (s: string) => (err += s), isTTY: options.tty ?? false },
    stdinIsTTY: options.tty ?? false,
    now: () => now,
    debug: false,
    out: () => out,
    err: () => err,
  };
}
