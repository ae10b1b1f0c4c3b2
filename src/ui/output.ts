import { Chalk, type ChalkInstance } from "chalk";

/** What a command may touch of the terminal and the process. Passed in, so tests need no mocking. */
export interface Io {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  readonly stdinIsTTY: boolean;
  readonly now: () => Date;
  readonly debug: boolean;
}

/**
 * NO_COLOR (any non-empty value) wins over a TTY; FORCE_COLOR forces colour on (or off with 0);
 * otherwise colour only when the stream is a terminal. See https://no-color.org.
 */
export function colorLevel(env: Io["env"], isTTY: boolean | undefined): 0 | 1 | 2 | 3 {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") {
    if (force === "0" || force === "false") return 0;
    return force === "2" ? 2 : force === "3" ? 3 : 1;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return 0;
  if (!isTTY || env.TERM === "dumb") return 0;
  return 1;
}

export function paint(io: Io, stream: "stdout" | "stderr" = "stderr"): ChalkInstance {
  return new Chalk({ level: colorLevel(io.env, io[stream].isTTY) });
}

/** Writes a JSON document to stdout with a trailing newline. */
export function writeJson(io: Io, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
