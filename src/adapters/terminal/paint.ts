import { Chalk, type ChalkInstance } from "chalk";
import type { Io } from "./io.js";

/**
 * NO_COLOR (any non-empty value) wins over a TTY; FORCE_COLOR forces colour on (or off with 0);
 * otherwise colour only when the stream is a terminal. See https://no-color.org.
 */
function colorLevel(env: Io["env"], isTTY: boolean | undefined): 0 | 1 | 2 | 3 {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") {
    if (force === "0" || force === "false") return 0;
    return force === "2" ? 2 : force === "3" ? 3 : 1;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return 0;
  if (!isTTY || env.TERM === "dumb") return 0;
  return 1;
}

/** Colours for one of the Io's streams; kept apart from io.ts so start-up (`crisis --help`) does not load chalk. */
export function paint(
  io: Pick<Io, "env" | "stdout" | "stderr">,
  stream: "stdout" | "stderr" = "stderr",
): ChalkInstance {
  return new Chalk({ level: colorLevel(io.env, io[stream].isTTY) });
}
