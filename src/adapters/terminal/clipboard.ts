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
  /** Inside tmux ($TMUX): OSC 52 passes only with set-clipboard on, so the line says so. */
  tmux?: boolean;
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

/** A reason in a few words: clipboard tools fail with long multi-line advice; the first sentence says it. */
const shortReason = (error: unknown) =>
  (error instanceof Error ? error.message : String(error))
    .split(/\n|\. /)[0]!
    .replace(/\.$/, "")
    .slice(0, 100);

/**
 * Copies the text both ways and says, in one line, what happened. OSC 52 is "sent": a terminal
 * may ignore it (tmux does unless set-clipboard is on), and nothing tells crisis whether it did.
 */
export async function copyText(text: string, target: ClipboardTarget): Promise<{ ok: boolean; line: string }> {
  const chars = `the exact text (${[...text].length} characters)`;
  const seq = target.tty ? osc52(text) : undefined;
  if (seq) target.tty?.write(seq);
  let failure: string | undefined;
  try {
    await withTimeout((target.system ?? systemClipboard)(text), target.timeoutMs ?? 3000);
  } catch (error) {
    failure = shortReason(error);
  }
  const tmux = seq && target.tmux ? " In tmux, set -g set-clipboard on lets it through." : "";
  if (failure === undefined)
    return {
      ok: true,
      line: `Copied ${chars} to the system clipboard${seq ? " and sent it to the terminal's (OSC 52)" : ""}.${tmux}`,
    };
  if (seq)
    return {
      ok: true,
      line: `Sent ${chars} to the terminal's clipboard (OSC 52); no system clipboard here (${failure}).${tmux}`,
    };
  return {
    ok: false,
    line: `Could not copy: not a terminal, and no system clipboard here (${failure}); select the text above instead.`,
  };
}
