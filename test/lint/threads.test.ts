// @module-tag slow (lints a generated corpus several times, in worker threads and in one)
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { generatePlaybooks } from "../../bench/generate-playbooks.js";
import { main } from "../../src/cli.js";
import { inThreads, threadsFor } from "../../src/services/lint/parallel.js";
import { CrisisError, EXIT } from "../../src/errors.js";
import { fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";

/**
 * Worker threads (services/lint/parallel.ts) must not change a byte of what `crisis lint` says:
 * each corpus is linted with CRISIS_LINT_WORKERS=2 (threads forced on a small corpus) and =0
 * (one thread), and the outputs of every format and the exit codes compared.
 */

const ROOT = path.resolve(".");

async function lint(cwd: string, threads: number, ...args: string[]) {
  const io = fakeIo({ cwd, env: { CRISIS_LINT_WORKERS: String(threads) } });
  const code = await main(["node", "crisis", "lint", ...args], io);
  return { code, out: io.out(), err: io.err() };
}

async function sameBothWays(cwd: string, formats: string[], ...args: string[]): Promise<string> {
  let stylish = "";
  for (const format of formats) {
    const one = await lint(cwd, 0, "--format", format, ...args);
    const two = await lint(cwd, 2, "--format", format, ...args);
    expect(two.out, format).toBe(one.out);
    expect(two.err, format).toBe(one.err);
    expect(two.code, format).toBe(one.code);
    if (format === "stylish") stylish = one.out;
  }
  return stylish;
}

/** A generated corpus (every tenth file with a mistake), plus what only a whole run sees. */
function corpus(): string {
  const cwd = tempDir();
  const dir = path.join(cwd, "corpus");
  const generated = generatePlaybooks(ROOT, dir, 30);
  const first = generated.files[0] ?? "";
  // The same id in two files (reported in the earlier one, which a thread checked and let go).
  copyFileSync(first, path.join(dir, "zz-copy.yaml"));
  // A suppression with a reason, and one that suppresses nothing.
  const text = readFileSync(generated.files[1] ?? "", "utf8");
  writeFileSync(
    path.join(dir, "suppressed.yaml"),
    text
      .replace(/^id: .*$/m, "id: suppressed-one")
      .replace(/^summary:/m, "# crisis-lint-disable-next-line hygiene/todo -- kept on purpose\nsummary:"),
  );
  // A file that does not parse.
  writeFileSync(path.join(dir, "broken.yaml"), "id: broken\ntitle: [unclosed\n");
  return cwd;
}

describe("crisis lint in worker threads says what one thread says", () => {
  test("on a generated corpus with mistakes, duplicates and suppressions, in every format", async () => {
    const cwd = corpus();
    const out = await sameBothWays(cwd, ["stylish", "json", "sarif", "github"], "corpus");
    // The corpus really has findings of each kind the threads must carry back.
    expect(out).toMatch(/ref\/duplicate-definition/);
    expect(out).toMatch(/schema\/unknown-key/);
    expect(out).toMatch(/suppress\/unused|hygiene\/todo/);
    expect(out).toMatch(/broken\.yaml:\d+:\d+: error: .*\[yaml\/syntax\]/);
  });

  test("with a spine among the files (the run is done again in one thread)", async () => {
    const cwd = corpus();
    const spine = readFileSync(path.join(ROOT, "playbooks", "spine", "common.yaml"), "utf8");
    writeFileSync(path.join(cwd, "corpus", "a-spine.yaml"), spine.replace(/^spine: .*$/m, "spine: other"));
    await sameBothWays(cwd, ["stylish"], "corpus");
  });

  test("a file a thread cannot read is reported as in one thread (exit 2)", async () => {
    const cwd = corpus();
    // A named pipe: refused unread (a read would wait forever), in a thread as in one.
    execFileSync("mkfifo", [path.join(cwd, "corpus", "pipe.yaml")]);
    const one = await lint(cwd, 0, "corpus");
    const two = await lint(cwd, 2, "corpus");
    expect(two).toEqual(one);
    expect(one.code).toBe(EXIT.usage);
    expect(one.err).toMatch(/cannot read .*pipe\.yaml: it is a FIFO/);
  });
});

describe("worker threads", () => {
  test("a thread that runs out of memory hands its files back to the main thread", async () => {
    const dir = tempDir({ "hungry.mjs": "const keep = [];\nfor (;;) keep.push(new Array(1e5).fill(keep.length));\n" });
    const files: [string, string][] = [
      ["a.yaml", "a.yaml"],
      ["b.yaml", "b.yaml"],
    ];
    const left = await inThreads(
      { ctx: { config: {}, now: new Date() }, workspace: [] },
      files,
      1,
      () => undefined,
      path.join(dir, "hungry.mjs"),
      { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 16 },
    );
    expect(left).toEqual(files);
  });

  test("a playbook near the 1 MiB limit says the same in a thread (which may run out and hand it back)", async () => {
    const steps = Array.from(
      { length: 2000 },
      (_, i) =>
        `  - id: step-${i}\n    title: Step ${i}\n    after: holding\n    guidance: Do thing ${i}.\n    checklist:\n${Array.from({ length: 10 }, (_, j) => `      - item ${i}-${j} with some words\n`).join("")}`,
    );
    const text = `id: big\ntitle: Big\nsummary: s\nversion: 1.0.0\ncrisis_type: other\nowner: x\nlast_reviewed: 2026-11-01\nextends: common\nsteps:\n${steps.join("")}`;
    const cwd = tempDir({ "big/big.yaml": text });
    const one = await lint(cwd, 0, "big");
    const two = await lint(cwd, 1, "big");
    expect(two).toEqual(one);
    expect(one.out).toMatch(/big\.yaml:\d+:\d+: error: /);
  });

  test("a thread that fails is an internal error (exit 3), never a silent pass", async () => {
    const dir = tempDir({ "crash.mjs": "throw new Error('boom');\n", "exit.mjs": "process.exit(7);\n" });
    for (const script of ["crash.mjs", "exit.mjs"]) {
      const run = inThreads(
        { ctx: { config: {}, now: new Date() }, workspace: [] },
        [["a.yaml", "a.yaml"]],
        1,
        () => undefined,
        path.join(dir, script),
      );
      await expect(run).rejects.toThrow(CrisisError);
      await expect(run).rejects.toMatchObject({ exitCode: EXIT.internal });
    }
  });

  test("are used only when asked for (they did not pay on the machine measured)", () => {
    expect(threadsFor({})).toBe(0);
    expect(threadsFor({ CRISIS_LINT_WORKERS: "2" })).toBe(2);
    expect(threadsFor({ CRISIS_LINT_WORKERS: "0" })).toBe(0);
  });
});
