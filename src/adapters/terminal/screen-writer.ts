import type { Io } from "./io.js";
import { wrapForTerminal } from "./wrap.js";

/** The width of the terminal behind stderr, or undefined when it is not a terminal. */
export function terminalWidth(io: Io): number | undefined {
  return (io.stderr as { columns?: number }).columns;
}

/** Writes a block of the runner's screen to stderr, wrapped to the terminal's width when there is one. */
export function screenWriter(io: Io): (text: string) => void {
  const width = terminalWidth(io);
  return (text) => io.stderr.write(`${width ? wrapForTerminal(text, width - 1) : text}\n`);
}
