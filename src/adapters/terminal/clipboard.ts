/**
 * Copying an approved message's exact text, so it reaches the channel as approved (no retyping,
 * no half-selected line). Two ways, both tried: OSC 52, the terminal's own clipboard sequence,
 * which also works over SSH (the terminal at the far end puts the text on its machine's
 * clipboard; tmux passes it on with `set-clipboard on`), and the system clipboard of this machine
 * through clipboardy (loaded only when a copy is asked for). Neither can fail the run: the outcome
 * is one line for the screen.
 */

/** Terminals cap OSC 52 (xterm and tmux take about 100 kB): longer texts go to the system clipboard only. */
export const OSC52_MAX_BASE64 = 100_000;

/** The OSC 52 sequence that sets the clipboard to `text`, or undefined when it is too long to send. */
export function osc52(text: string): string | undefined {
  const data = Buffer.from(text, "utf8").toString("base64");
  return data.length > OSC52_MAX_BASE64 ? undefined : `\x1b]52;c;${data}\x07`;
}

export interface ClipboardTarget {
  /** The terminal to send OSC 52 to, when stdout is one. */
  tty?: { write(text: string): unknown } | undefined;
  /** Writes the system clipboard; the real one loads clipboardy. */
  system?: (text: string) => Promise<void>;
  /** How long the system clipboard may take (a clipboard tool can hang without a display). */
  timeoutMs?: number;
}

async function systemClipboard(text: string): Promise<void> {
  const { default: clipboard } = await import("clipboardy");
  await clipboard.write(text);
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** A reason in a few words: clipboard tools fail with long multi-line messages. */
const shortReason = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 120);

/** Copies the text both ways and says, in one line, what happened. */
export async function copyText(text: string, target: ClipboardTarget): Promise<{ ok: boolean; line: string }> {
  const chars = [...text].length;
  let terminal: string | undefined;
  if (target.tty) {
    const seq = osc52(text);
    if (seq) {
      target.tty.write(seq);
      terminal = "the terminal's clipboard (OSC 52)";
    }
  }
  let system: string | undefined;
  let failure: string | undefined;
  try {
    await withTimeout((target.system ?? systemClipboard)(text), target.timeoutMs ?? 3000);
    system = "the system clipboard";
  } catch (error) {
    failure = shortReason(error);
  }
  const where = [terminal, system].filter((w): w is string => w !== undefined);
  if (where.length === 0)
    return {
      ok: false,
      line: `Could not copy: no terminal clipboard here and the system clipboard failed (${failure}); select the text above instead.`,
    };
  const tail = !system && failure ? ` (the system clipboard is not available here: ${failure})` : "";
  return { ok: true, line: `Copied the exact text (${chars} characters) to ${where.join(" and ")}${tail}.` };
}
