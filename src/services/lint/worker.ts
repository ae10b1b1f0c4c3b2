import { parentPort, workerData } from "node:worker_threads";
import { addFile, lintEntry, startRun } from "../../core/lint/file-run.js";
import { toWire } from "../../core/lint/wire.js";
import { CrisisError } from "../../errors.js";
import { loadPlaybookSchemas } from "../../core/playbook/schema-on-demand.js";
import { readBytes } from "./read.js";
import type { Batch, BatchResult, ThreadSetup } from "./parallel.js";

/**
 * A lint worker thread (built as dist/lint-worker.js): it builds the run's shared context once from
 * what the main thread sends (config, date, workspace files, the paths the run reports on), then
 * checks each batch of files it is given, reading each file itself, and sends back each file's
 * outcome. A file it cannot read is sent back as that error, which the main thread raises as it
 * would have; anything else thrown ends the thread, which the main thread reports as a bug.
 */
const setup = workerData as ThreadSetup;
// A thread checks many files, so zod is loaded first (core/playbook/schema-on-demand.ts); each batch
// waits for it, in the order they came. Not a top-level await: with one, rolldown no longer merges
// the incident commands' entry modules into their chunk but adds a file for each (scripts/build.js).
const started = loadPlaybookSchemas().then(() => startRun([], { ...setup.ctx, workspace: setup.workspace }));

parentPort?.on("message", (batch: Batch) => {
  // Anything but a CrisisError thrown in here rejects, unhandled: that ends the thread, as a throw did.
  void started.then((run) => {
    const outcomes: BatchResult["outcomes"] = batch.files.map(([file, shown]) => {
      try {
        return toWire(lintEntry(run, addFile(run, { path: shown, text: () => readBytes(file) }), false));
      } catch (error) {
        if (!(error instanceof CrisisError)) throw error;
        return {
          path: shown,
          error: { message: error.message, exitCode: error.exitCode, suggestion: error.suggestion },
        };
      }
    });
    parentPort?.postMessage({ outcomes } satisfies BatchResult);
  });
});
