import { describe, expect, it } from "vitest";
import { copyText, OSC52_MAX_BASE64, osc52 } from "../../src/adapters/terminal/clipboard.js";

const tty = () => {
  const written: string[] = [];
  return { written, write: (t: string) => written.push(t) };
};
const unavailable = () =>
  Promise.reject(new Error("Couldn't find the `xsel` binary and fallback didn't work. On Debian you can install xsel"));

describe("copying an approved text", () => {
  it("OSC 52 carries the exact text, base64, to the terminal's clipboard", () => {
    const text = "Vi undskylder. Næste opdatering kl. 14:30 👋";
    expect(osc52(text)).toBe(`\x1b]52;c;${Buffer.from(text, "utf8").toString("base64")}\x07`);
    // Bounded: a text too long for terminals is not sent at all.
    expect(osc52("x".repeat((OSC52_MAX_BASE64 / 4) * 3 + 3))).toBeUndefined();
  });

  it("writes OSC 52 to a terminal and says so in one line when the system clipboard is not there", async () => {
    const t = tty();
    const result = await copyText("Hej", { tty: t, system: unavailable });
    expect(t.written).toEqual(["\x1b]52;c;SGVq\x07"]);
    expect(result).toEqual({
      ok: true,
      line: "Sent the exact text (3 characters) to the terminal's clipboard (OSC 52); no system clipboard here (Couldn't find the `xsel` binary and fallback didn't work).",
    });
  });

  it("uses the system clipboard too, and without a terminal only it", async () => {
    const copied: string[] = [];
    const system = async (text: string) => void copied.push(text);
    expect((await copyText("Hej", { tty: tty(), system })).line).toBe(
      "Copied the exact text (3 characters) to the system clipboard and sent it to the terminal's (OSC 52).",
    );
    expect((await copyText("Hej", { system })).line).toBe(
      "Copied the exact text (3 characters) to the system clipboard.",
    );
    expect(copied).toEqual(["Hej", "Hej"]);
  });

  it("a failure or a hanging clipboard tool is one line, never a crash", async () => {
    expect(await copyText("Hej", { system: unavailable })).toEqual({
      ok: false,
      line: "Could not copy: not a terminal, and no system clipboard here (Couldn't find the `xsel` binary and fallback didn't work); select the text above instead.",
    });
    const hanging = await copyText("Hej", { system: () => new Promise(() => {}), timeoutMs: 50 });
    expect(hanging.line).toContain("no answer within 0.05 s");
    // Inside tmux the line says what lets OSC 52 through.
    expect((await copyText("Hej", { tty: tty(), system: unavailable, tmux: true })).line).toMatch(
      /In tmux, set -g set-clipboard on lets it through\.$/,
    );
  });
});
