// @module-tag slow (runs the built CLI in a pipe and in a pseudo-terminal)
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { progressWanted } from "../../src/adapters/terminal/progress.js";
import { BIN, ROOT, spawnCrisis } from "../helpers/pty.js";
import { tempDir } from "../helpers/tmp.js";

/** A team repository with many playbooks: copies of the bundled ones under new ids, enough to take a while. */
function manyPlaybooks(copies: number): string {
  const files: Record<string, string> = { "crisis.config.yaml": "playbook_dirs: [playbooks]\n" };
  const bundled = readdirSync(path.join(ROOT, "playbooks")).filter((f) => f.endsWith(".yaml"));
  for (let i = 0; i < copies; i++) {
    const name = bundled[i % bundled.length] ?? "";
    const text = readFileSync(path.join(ROOT, "playbooks", name), "utf8");
    files[`playbooks/copy-${i}.yaml`] = text.replace(/^id:\s*\S+/m, `id: copy-${i}`);
  }
  return tempDir(files);
}

const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]|Linting \d/;

describe("progress on long work", () => {
  test("is wanted on a terminal only: not in CI, not piped, not on a dumb terminal", () => {
    expect(progressWanted({}, true)).toBe(true);
    expect(progressWanted({ CI: "true" }, true)).toBe(false);
    expect(progressWanted({ CI: "1" }, true)).toBe(false);
    expect(progressWanted({ CI: "false" }, true)).toBe(true);
    expect(progressWanted({}, false)).toBe(false);
    expect(progressWanted({ TERM: "dumb" }, true)).toBe(false);
  });

  test("nothing of it is written when stderr is not a terminal (piped, as in CI logs)", () => {
    const cwd = manyPlaybooks(40);
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
    delete env.CI;
    const r = spawnSync(process.execPath, [BIN, "lint"], { cwd, env, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(SPINNER);
    expect(r.stderr).not.toContain("\u001b[?25l"); // no hidden cursor either
    expect(r.stderr).toMatch(/files checked, no problems/);
  });

  test(
    "on a terminal, linting many files shows a spinner with counts on stderr, gone when the summary prints",
    { timeout: 60_000 },
    async () => {
      const cwd = manyPlaybooks(60);
      const term = spawnCrisis(["lint"], cwd);
      await term.expect(/Linting \d+\/\d+ files/, 30_000);
      await term.expect(/files checked, no problems/, 30_000);
      expect(await term.exited()).toBe(0);
    },
  );

  test("with CI set, a terminal shows no spinner either", { timeout: 60_000 }, async () => {
    const cwd = manyPlaybooks(60);
    const term = spawnCrisis(["lint"], cwd, { CI: "true" });
    await term.expect(/files checked, no problems/, 30_000);
    expect(await term.exited()).toBe(0);
    expect(term.text()).not.toMatch(SPINNER);
  });
});
