import type { Io, PrompterOptions } from "../../src/adapters/terminal/io.js";
import type { Prompter } from "../../src/adapters/terminal/prompter.js";
import { scriptedPrompter, type Asked, type Scripted } from "./prompter.js";

/** A clock that starts at `start` and moves on `stepMs` each time it is read. */
export function clock(start = "2026-11-21T19:30:00.000Z", stepMs = 1000) {
  let t = new Date(start).getTime();
  const now = () => {
    const d = new Date(t);
    t += stepMs;
    return d;
  };
  return Object.assign(now, { advance: (ms: number) => (t += ms), peek: () => new Date(t) });
}

export interface FakeIo extends Io {
  out: () => string;
  err: () => string;
  /** Every question the command asked, in order (with a scripted prompter). */
  asked: Asked[];
  /** The options each io.prompter() call was given (where the questions went). */
  prompted: PrompterOptions[];
}

export interface FakeIoOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** A fixed time, or a clock such as clock(); default 2026-11-21T19:30Z, fixed. */
  now?: Date | (() => Date);
  /** Whether stdin, stdout and stderr are terminals (commands ask questions only on one). */
  tty?: boolean;
  /** Answers by question key for the scripted prompter; a key not named fails the test. */
  answers?: Record<string, Scripted>;
  /** A ready prompter instead (e.g. scriptedPrompter with auto answers). */
  prompter?: Prompter;
}

/**
 * The one Io for in-process tests: captures stdout and stderr, a fixed or stepping clock, no
 * terminal unless `tty`, the actor Tess Tester, and a scripted prompter that answers by key.
 */
export function fakeIo(options: FakeIoOptions = {}): FakeIo {
  let out = "";
  let err = "";
  const fixed = options.now ?? new Date("2026-11-21T19:30:00.000Z");
  const scripted = scriptedPrompter(options.answers ?? {}, { auto: false });
  const prompted: PrompterOptions[] = [];
  return {
    cwd: options.cwd ?? process.cwd(),
    env: { CRISIS_ACTOR: "Tess Tester", NO_COLOR: "1", ...options.env },
    stdout: { write: (s: string) => (out += s), isTTY: options.tty ?? false },
    stderr: { write: (s: string) => (err += s), isTTY: options.tty ?? false },
    stdinIsTTY: options.tty ?? false,
    now: typeof fixed === "function" ? fixed : () => fixed,
    debug: false,
    prompter: async (o = {}) => {
      prompted.push(o);
      return options.prompter ?? scripted.prompter;
    },
    out: () => out,
    err: () => err,
    asked: scripted.asked,
    prompted,
  };
}
