import type { Io } from "./output.js";

/**
 * The real process's Io. Kept apart from output.ts so start-up (`crisis --help`) does not load
 * chalk: only commands that print in colour import paint().
 */
export function processIo(debug = false): Io {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: process.stdin.isTTY,
    now: () => new Date(),
    debug,
  };
}
