import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { packageRoot } from "../../adapters/fs/package-root.js";
import type { FileOutcome } from "../../core/lint/file-run.js";
import type { LintContext } from "../../core/lint/rule.js";
import type { Entry } from "../../core/lint/session.js";
import type { LintInput, LintResult } from "../../core/lint/types.js";
import type { WireOutcome } from "../../core/lint/wire.js";
import { CrisisError, EXIT, type ExitCode } from "../../errors.js";
import { readBytes } from "./read.js";

/**
 * `crisis lint` over many files uses every core: the files are checked in worker threads, in
 * batches handed out as threads finish, while the main thread checks the rest (the config, the
 * workspace files it reports on); the findings across files and the report are made after, from
 * each file's outcome in the run's order, so the output is byte for byte that of one thread.
 *
 * Only playbooks read from disk go to threads: a linted template or spine changes the context
 * every file is checked in. A run with one of those among them (a spine is known only once read:
 * the threads say so) is done again in one thread; so is a run with extra rules.
 */

/**
 * How many threads: CRISIS_LINT_WORKERS=<n> asks for n (the tests compare the two ways), otherwise
 * none. Measured on the 2-core machine (docs/benchmarks.md: the two-thread row beside the lint
 * row), threads cost about 50 % more CPU in all (each loads the linter, builds the run's context
 * and warms up its own compiled code) and were slower than one thread at 1,000 and 5,000 files,
 * quiet or busy; they stay off by default until they pay.
 */
export function threadsFor(env: Readonly<Record<string, string | undefined>>): number {
  const asked = env.CRISIS_LINT_WORKERS;
  return asked !== undefined && /^\d+$/.test(asked) ? Math.min(Number(asked), availableParallelism() * 2, 16) : 0;
}

/** What a thread is started with: everything of the run's context but the files it will check. */
export interface ThreadSetup {
  ctx: Omit<LintContext, "workspace" | "onFile" | "extraRules">;
  workspace: LintInput[];
}

/** Files for a thread to check: [path to read, path shown]. */
export interface Batch {
  files: [string, string][];
}

interface ReadError {
  path: string;
  error: { message: string; exitCode: ExitCode; suggestion: string | undefined };
}

export interface BatchResult {
  outcomes: (WireOutcome | ReadError)[];
}

/** A file read from disk and checked in a thread. */
const away = (e: Entry) => e.linted && e.pin !== undefined && e.kind === "yaml";

/**
 * Lints `files` (paths to read, paths shown) in `threads` worker threads and the main thread;
 * undefined when the run must be done in one thread after all (see above).
 */
export async function lintInThreads(
  files: readonly { file: string; shown: string }[],
  ctx: LintContext,
  threads: number,
): Promise<LintResult | undefined> {
  if (ctx.extraRules && ctx.extraRules.length > 0) return undefined;
  const [{ lintEntry, startRun }, { finishRun }, { fromWire }, { kindFromPath }] = await Promise.all([
    import("../../core/lint/file-run.js"),
    import("../../core/lint/engine.js"),
    import("../../core/lint/wire.js"),
    import("../../core/lint/definitions.js"),
  ]);
  if (files.some((f) => kindFromPath(f.shown, ctx.configFile) === "template")) return undefined;
  const toRead = new Map(files.map((f) => [f.shown, f.file]));
  const inputs: LintInput[] = files.map((f) => ({ path: f.shown, text: () => readBytes(f.file) }));
  const run = startRun(inputs, ctx, (e) => !away(e));
  const queue = run.entries.filter(away).map((e): [string, string] => [toRead.get(e.path) ?? e.path, e.path]);
  if (queue.length === 0) return undefined;
  const linted = run.entries.filter((e) => e.linted);
  const results = new Map<string, FileOutcome | ReadError>();
  const done = () => ctx.onFile?.(results.size, linted.length);

  const setup: ThreadSetup = {
    ctx: {
      config: ctx.config,
      now: ctx.now,
      ...(ctx.configFile !== undefined ? { configFile: ctx.configFile } : {}),
      ...(ctx.positioned ? { positioned: true } : {}),
      alsoLinted: [...(ctx.alsoLinted ?? []), ...linted.map((e) => e.path)],
    },
    workspace: [...(ctx.workspace ?? [])],
  };
  const checked = inThreads(setup, queue, threads, (r) => {
    results.set(r.path, "error" in r ? r : fromWire(r));
    done();
  });
  const checkHere = (entry: Entry) => {
    try {
      results.set(entry.path, lintEntry(run, entry, false));
    } catch (error) {
      if (!(error instanceof CrisisError)) throw error;
      const { message, exitCode, suggestion } = error;
      results.set(entry.path, { path: entry.path, error: { message, exitCode, suggestion } });
    }
    done();
  };
  // The main thread's own files, while the threads start and check theirs.
  for (const entry of linted) if (!away(entry)) checkHere(entry);
  // Files a thread could not finish (it ran out of memory): checked here, without a cap.
  const leftover = new Set((await checked).map(([, shown]) => shown));
  for (const entry of linted) if (leftover.has(entry.path)) checkHere(entry);

  const outcomes: FileOutcome[] = [];
  for (const entry of linted) {
    const r = results.get(entry.path);
    if (!r) throw new CrisisError(`no lint outcome for ${entry.path}; this is a bug in crisis`, EXIT.internal);
    if ("error" in r) throw new CrisisError(r.error.message, r.error.exitCode, r.error.suggestion);
    outcomes.push(r);
  }
  // A spine among the files read in threads: the others were checked without it.
  const inThread = new Set(queue.map(([, shown]) => shown));
  if (outcomes.some((o) => o.scan.spine && inThread.has(o.path))) return undefined;
  return finishRun(run, outcomes);
}

/**
 * What a thread may hold: a smaller young generation and a capped old one keep each thread's heap
 * near what it uses (V8 would otherwise let garbage pile up to several times that before
 * collecting), so memory stays flat however many files there are. A thread that runs out (a huge
 * file) hands its files back to the main thread, which has no cap.
 */
const THREAD_LIMITS = { maxYoungGenerationSizeMb: 12, maxOldGenerationSizeMb: 48 };

/**
 * Hands out the batches to `threads` workers as they finish, and resolves with the files to check
 * in the main thread instead (those of a thread that ran out of memory). Rejects (exit 3) if a
 * thread fails otherwise: a thread that throws or stops is a bug in crisis, never a silent pass.
 */
export function inThreads(
  setup: ThreadSetup,
  queue: [string, string][],
  threads: number,
  onOutcome: (r: WireOutcome | ReadError) => void,
  script = path.join(packageRoot(), "dist", "lint-worker.js"),
  limits = THREAD_LIMITS,
): Promise<[string, string][]> {
  const size = Math.max(8, Math.min(64, Math.ceil(queue.length / (threads * 8))));
  const batches: Batch[] = [];
  for (let i = 0; i < queue.length; i += size) batches.push({ files: queue.slice(i, i + size) });
  const count = Math.max(1, Math.min(threads, batches.length));
  return new Promise((resolve, reject) => {
    const inFlight = new Map<Worker, Batch[]>();
    const leftover: [string, string][] = [];
    let pending = batches.length;
    let settled = false;
    const stop = () => {
      settled = true;
      for (const w of inFlight.keys()) void w.terminate();
    };
    const fail = (why: string) => {
      if (settled) return;
      stop();
      reject(new CrisisError(`a lint thread failed: ${why}; this is a bug in crisis, please report it`, EXIT.internal));
    };
    const finishIfDone = () => {
      if (settled || pending > 0) return;
      stop();
      resolve(leftover);
    };
    const next = (w: Worker) => {
      const batch = batches.shift();
      if (!batch) return;
      inFlight.get(w)?.push(batch);
      w.postMessage(batch);
    };
    const outOfMemory = (w: Worker) => {
      const lost = inFlight.get(w) ?? [];
      inFlight.delete(w);
      // With no thread left, the main thread checks what was not handed out either.
      if (inFlight.size === 0) lost.push(...batches.splice(0));
      for (const b of lost) leftover.push(...b.files);
      pending -= lost.length;
      finishIfDone();
    };
    for (let i = 0; i < count; i++) {
      const w = new Worker(script, { workerData: setup, resourceLimits: limits });
      inFlight.set(w, []);
      w.on("message", (result: BatchResult) => {
        inFlight.get(w)?.shift();
        try {
          for (const r of result.outcomes) onOutcome(r);
        } catch (error) {
          return fail(error instanceof Error ? error.message : String(error));
        }
        pending--;
        next(w);
        finishIfDone();
      });
      w.on("error", (error: Error & { code?: string }) =>
        error.code === "ERR_WORKER_OUT_OF_MEMORY" ? outOfMemory(w) : fail(error.message),
      );
      w.on("messageerror", (error) => fail(error.message));
      w.on("exit", (code) => {
        if (inFlight.has(w) && !settled) fail(`it stopped (exit code ${code})`);
      });
      // Two batches each from the start, so a thread never waits for the next one.
      next(w);
      next(w);
    }
  });
}
