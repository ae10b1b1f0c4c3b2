import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { spawn } from "@lydell/node-pty";
import { describe, expect, test } from "vitest";
import { readBundledAssets } from "../../src/init/assets.js";
import { tempDir } from "../helpers/tmp.js";

const BIN = path.resolve(import.meta.dirname, "../../bin/crisis.js");
const DOWN = "\u001b[B";

/**
 * Runs the built CLI in a real pseudo-terminal and answers each question when its text appears,
 * the way a person would. Returns the transcript with escape sequences removed, and the exit code.
 */
async function converse(
  cwd: string,
  args: string[],
  script: [expect: string, keys: string][],
): Promise<{ code: number; screen: string }> {
  const term = spawn(process.execPath, [BIN, ...args], {
    cwd,
    cols: 120,
    rows: 40,
    name: "xterm-256color",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", CI: "" },
  });
  let screen = "";
  let from = 0;
  let step = 0;
  const done = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
  const timer = setTimeout(() => term.kill(), 15_000);
  term.onData((data) => {
    screen += data;
    const current = script[step];
    if (!current) return;
    const seen = stripVTControlCharacters(screen.slice(from));
    if (seen.includes(current[0])) {
      from = screen.length;
      step += 1;
      // A short pause lets the prompt finish drawing before the keys arrive, as with a person.
      setTimeout(() => term.write(current[1]), 30);
    }
  });
  const code = await done;
  clearTimeout(timer);
  expect(step, `stopped waiting for: ${script[step]?.[0]}\n${stripVTControlCharacters(screen)}`).toBe(script.length);
  return { code, screen: stripVTControlCharacters(screen) };
}

describe("crisis init in a terminal", () => {
  test("asks its questions and writes what was answered", { timeout: 30_000 }, async () => {
    const dir = tempDir();
    const first = readBundledAssets().playbooks[0]?.id;
    expect(first).toBeDefined();
    const { code, screen } = await converse(
      dir,
      ["init"],
      [
        ["Brand name", "Acme\r"],
        ["Where does the brand post?", " \r"],
        ["Official account on X", "@acme\r"],
        ["Where customers get help", "\r"],
        ["Where journalists are sent", "\r"],
        ["Crisis hub or status page URL", "https://acme.example/updates\r"],
        ["Mentions per hour", "40\r"],
        ["Share of negative mentions", "\r"],
        ["Keep the playbooks' response targets", "\r"],
        ["Copy bundled playbooks", " \r"],
        ["Also copy the common spine", "\r"],
        ["Copy the message templates", "\r"],
        ["Add a GitHub Actions workflow", "n\r"],
        ["Add VS Code settings", "\r"],
        ["Incident records", `${DOWN}\r`],
      ],
    );
    expect(code, screen).toBe(0);
    expect(screen).toContain("created");
    const config = readFileSync(path.join(dir, "crisis.config.yaml"), "utf8");
    expect(config).toMatch(/^ {2}name: Acme$/m);
    expect(config).toMatch(/^ {4}x: "@acme"$/m);
    expect(config).toMatch(/^ {2}hub_url: https:\/\/acme\.example\/updates$/m);
    expect(config).toMatch(/^ {2}mentions_per_hour: 40$/m);
    expect(existsSync(path.join(dir, "playbooks", `${first}.yaml`))).toBe(true);
    expect(existsSync(path.join(dir, ".github"))).toBe(false);
    expect(existsSync(path.join(dir, ".vscode/settings.json"))).toBe(true);
    expect(existsSync(path.join(dir, "incidents/.gitkeep"))).toBe(true);
  });
});
