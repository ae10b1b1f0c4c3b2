/**
 * Runs `run` (which must have no effect but its result until it returns or throws); when it throws
 * a `needed` error, meaning a module loaded on demand is not loaded yet, awaits `load` and runs it
 * again. This keeps zod's schemas (the journal's, the playbooks') off the path of a command or a
 * lint that never meets a value the quick checks leave to them (issue 15).
 */
export async function retryAfterLoad<T>(
  run: () => T | Promise<T>,
  needed: abstract new (...args: never[]) => Error,
  load: () => Promise<void>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof needed)) throw error;
    await load();
    return run();
  }
}
