import type { Prompter } from "./prompter.js";

/** Progress on stderr for work that takes a while (see progress.ts). */
export interface Progress {
  /** Says what is happening now, e.g. "Linting 120/300 files". */
  update(text: string): void;
  /** Removes the spinner line; nothing of it is left on the terminal. */
  stop(): void;
}

/** How a command wants its questions asked. */
export interface PrompterOptions {
  /** Where the questions are drawn: stdout (the default), or stderr when stdout carries data (--json, a post-mortem). */
  output?: "stdout" | "stderr";
  /** Dims the hints (Esc, keys, defaults) when that stream has colour. */
  dim?: boolean;
  /** Checked before every prompt: a Ctrl+C that arrived between prompts stops at the next one. */
  interrupted?: () => boolean;
}

/**
 * What a command may touch of the terminal and the process: the working folder, the environment,
 * the output streams, the clock and the prompter. Passed in, so tests need no module mocking: the
 * test Io captures the output, stops the clock and answers the questions from a script.
 */
export interface Io {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  readonly stdinIsTTY: boolean;
  readonly now: () => Date;
  readonly debug: boolean;
  /** The prompter to ask through; a real terminal's (@inquirer/prompts, loaded on first use) in the CLI. */
  readonly prompter: (options?: PrompterOptions) => Promise<Prompter>;
  /**
   * Calls `tick` every `ms` until the returned function is called, without keeping the process
   * alive (the runner's live status line and missed-promise timer). Tests drive it by hand.
   */
  readonly every?: (ms: number, tick: () => void) => () => void;
  /**
   * Starts showing progress on stderr (a spinner after `delayMs`), or nothing where progress is
   * not wanted (adapters/terminal/progress.ts). Leave it out for no progress at all.
   */
  readonly progress?: (text: string, delayMs: number) => Promise<Progress>;
}

/** Writes a JSON document to stdout with a trailing newline. */
export function writeJson(io: Io, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
