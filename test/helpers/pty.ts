import { stripVTControlCharacters } from "node:util";
import path from "node:path";
import { onTestFinished } from "vitest";
import * as pty from "@lydell/node-pty";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const BIN = path.join(ROOT, "bin", "crisis.js");

/** Keys as a terminal sends them. */
export const KEY = {
  enter: "\r",
  esc: "\u001b",
  down: "\u001b[B",
  up: "\u001b[A",
  space: " ",
  ctrlC: "\u0003",
} as const;

/**
 * The one pseudo-terminal harness: the built crisis in a real terminal (100×30 unless told, xterm),
 * what a responder sees, raw mode, Esc and Ctrl+C as keys. `expect` waits for text to appear after
 * the last match; `answer` waits, then types.
 */
export function spawnCrisis(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
  size: { cols: number; rows: number } = { cols: 100, rows: 30 },
) {
  const base = { ...process.env };
  for (const name of ["CI", "GITHUB_ACTIONS", "EDITOR", "VISUAL", "NO_COLOR", "FORCE_COLOR"]) delete base[name];
  const term = pty.spawn(process.execPath, [BIN, ...args], {
    name: "xterm-256color",
    ...size,
    cwd,
    env: { ...base, NO_COLOR: "1", CRISIS_ACTOR: "Pat Tester", ...env },
  });
  let raw = "";
  let seen = 0;
  let exit: { exitCode: number; signal?: number } | undefined;
  const waiters: (() => void)[] = [];
  term.onData((d) => {
    raw += d;
    for (const w of waiters.splice(0)) w();
  });
  term.onExit((e) => {
    exit = e;
    for (const w of waiters.splice(0)) w();
  });
  onTestFinished(() => {
    if (!exit) term.kill("SIGKILL");
  });
  const text = () => stripVTControlCharacters(raw);
  return {
    text,
    /** Everything the terminal received, escape sequences included. */
    raw: () => raw,
    write: (keys: string) => term.write(keys),
    /** Waits until `pattern` appears in the output after the previous match. */
    async expect(pattern: string | RegExp, timeoutMs = 10_000): Promise<void> {
      const started = Date.now();
      for (;;) {
        const rest = text().slice(seen);
        const m =
          typeof pattern === "string"
            ? rest.includes(pattern)
              ? { index: rest.indexOf(pattern), length: pattern.length }
              : undefined
            : (() => {
                const r = pattern.exec(rest);
                return r ? { index: r.index, length: r[0].length } : undefined;
              })();
        if (m) {
          seen += m.index + m.length;
          return;
        }
        if (exit || Date.now() - started > timeoutMs) {
          throw new Error(
            `timed out waiting for ${String(pattern)}${exit ? ` (exited ${exit.exitCode})` : ""}; last output:\n${rest.slice(-1500)}`,
          );
        }
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    /** Waits for the text, then sends the keys. */
    async answer(pattern: string | RegExp, keys: string): Promise<void> {
      await this.expect(pattern);
      await new Promise((r) => setTimeout(r, 30));
      term.write(keys);
    },
    async exited(timeoutMs = 15_000): Promise<number> {
      const started = Date.now();
      while (!exit) {
        if (Date.now() - started > timeoutMs) throw new Error(`did not exit; last output:\n${text().slice(-1500)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return exit.exitCode;
    },
  };
}
