import wrapAnsi from "wrap-ansi";

/**
 * A status line on the terminal's last row, kept while questions are asked above it: the rows
 * above become a scroll region (DECSTBM), so the prompts and the screen scroll there, and the
 * line is redrawn in place (cursor saved and restored around it). Only on a real terminal with a
 * known size, never in CI or a pipe. close() gives the whole screen back.
 */

const ESC = "\u001b";
const SAVE = `${ESC}7`;
const RESTORE = `${ESC}8`;

interface TerminalStream {
  write(text: string): unknown;
  isTTY?: boolean;
  rows?: number;
  columns?: number;
  on?(event: "resize", listener: () => void): unknown;
  off?(event: "resize", listener: () => void): unknown;
}

export interface StatusLine {
  draw(text: string | undefined): void;
  close(): void;
}

export function openStatusLine(
  stream: TerminalStream,
  env: Readonly<Record<string, string | undefined>>,
  otherIsTTY: boolean,
): StatusLine | undefined {
  if (!stream.isTTY || !otherIsTTY || env.CI || env.CRISIS_NO_STATUS_LINE || !stream.rows || !stream.columns)
    return undefined;
  let last: string | undefined;
  const rows = () => stream.rows ?? 24;
  const reserve = () => stream.write(`\n${ESC}[1A${SAVE}${ESC}[1;${rows() - 1}r${RESTORE}`);
  const draw = (text: string | undefined) => {
    last = text;
    const width = Math.max(10, (stream.columns ?? 80) - 1);
    const shown = text === undefined ? "" : (wrapAnsi(text, width, { hard: true, trim: false }).split("\n")[0] ?? "");
    stream.write(`${SAVE}${ESC}[${rows()};1H${ESC}[2K${shown}${RESTORE}`);
  };
  const onResize = () => {
    reserve();
    draw(last);
  };
  reserve();
  stream.on?.("resize", onResize);
  return {
    draw: (text) => {
      if (text === last) return;
      draw(text);
    },
    close: () => {
      stream.off?.("resize", onResize);
      stream.write(`${SAVE}${ESC}[${rows()};1H${ESC}[2K${ESC}[r${RESTORE}`);
    },
  };
}
