import type { Io } from "./io.js";
import { NO_PROGRESS, oraProgress, progressWanted } from "./progress.js";

/**
 * The real process's Io. Kept apart from paint.ts so start-up (`crisis --help`) does not load the
 * colours, and the prompter loads @inquirer/prompts only when a command first asks something.
 */
export function processIo(debug = false): Io {
  const io: Io = {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: process.stdin.isTTY,
    now: () => new Date(),
    debug,
    every: (ms, tick) => {
      const timer = setInterval(tick, ms);
      timer.unref();
      return () => clearInterval(timer);
    },
    progress: (text, delayMs) => {
      // ora itself is loaded only when progress is drawn (progress.ts imports it lazily).
      return progressWanted(io.env, process.stderr.isTTY)
        ? oraProgress(process.stderr, text, delayMs)
        : Promise.resolve(NO_PROGRESS);
    },
    prompter: async (options = {}) => {
      const stream = options.output ?? "stdout";
      const [{ createInquirerPrompter }, { paint }] = await Promise.all([
        import("./inquirer-prompter.js"),
        import("./paint.js"),
      ]);
      return createInquirerPrompter({
        env: io.env,
        output: process[stream],
        ...(options.dim ? { dim: paint(io, stream).dim } : {}),
        ...(options.interrupted ? { interrupted: options.interrupted } : {}),
      });
    },
  };
  return io;
}
