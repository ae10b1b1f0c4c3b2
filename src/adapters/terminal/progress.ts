import type { Io, Progress } from "./io.js";

/**
 * Progress for work that can take a while (linting many files, a post-mortem of a long journal):
 * an ora spinner on stderr with what is being done and how far it is. Only on a terminal, never in
 * CI (`CI` set) nor when stderr is piped or TERM=dumb, so logs and captured output stay clean.
 * The work is synchronous, so the spinner is drawn when the work reports progress rather than on a
 * timer; it appears only once the work has taken longer than `delayMs`, so quick runs never flash.
 */
export const NO_PROGRESS: Progress = { update: () => undefined, stop: () => undefined };

/** Whether progress may be drawn: a terminal on stderr, not CI, not a dumb terminal. */
export function progressWanted(env: Readonly<Record<string, string | undefined>>, stderrIsTTY: boolean): boolean {
  const ci = env.CI !== undefined && env.CI !== "" && env.CI !== "false" && env.CI !== "0";
  return stderrIsTTY && !ci && env.TERM !== "dumb";
}

/** The command's progress, through the Io (none in tests' fake Io unless they ask for it). */
export function startProgress(io: Io, text: string, options: { delayMs?: number | undefined } = {}): Promise<Progress> {
  return io.progress ? io.progress(text, options.delayMs ?? 300) : Promise.resolve(NO_PROGRESS);
}

/** The real spinner: ora on the given stream, loaded only when progress is shown. */
export async function oraProgress(stream: NodeJS.WriteStream, text: string, delayMs: number): Promise<Progress> {
  const { default: ora } = await import("ora");
  const spinner = ora({ text, stream, discardStdin: false, hideCursor: true });
  const started = Date.now();
  let drawn = 0;
  const draw = () => {
    const now = Date.now();
    if (now - started < delayMs || now - drawn < 80) return;
    if (!spinner.isSpinning) spinner.start();
    spinner.render();
    drawn = now;
  };
  if (delayMs <= 0) draw();
  return {
    update(next) {
      spinner.text = next;
      draw();
    },
    stop() {
      if (spinner.isSpinning) spinner.stop();
    },
  };
}
