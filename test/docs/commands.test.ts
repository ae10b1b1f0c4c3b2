// @module-tag slow (every command of README.md and docs/, run in fresh team repositories)
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli.js";
import type { Prompter } from "../../src/adapters/terminal/prompter.js";
import { InterruptError } from "../../src/errors.js";
import { clock, fakeIo } from "../helpers/io.js";
import { scriptedPrompter } from "../helpers/prompter.js";
import { tempDir } from "../helpers/tmp.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PAGES = [
  "README.md",
  ...readdirSync(path.join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

interface DocCommand {
  page: string;
  line: number;
  command: string;
}

/** Every line of every ```sh block, without its trailing comment. */
function commandsOf(page: string): DocCommand[] {
  const text = readFileSync(path.join(ROOT, page), "utf8");
  const out: DocCommand[] = [];
  for (const m of text.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)) {
    const first = text.slice(0, m.index).split("\n").length + 1;
    (m[1] ?? "").split("\n").forEach((raw, i) => {
      const command = raw.replace(/\s+#\s.*$/, "").trim();
      if (command !== "") out.push({ page, line: first + i, command });
    });
  }
  return out;
}

/** Commands that are not a team's: each with the reason and where it is tested instead. */
const NOT_RUN: Record<string, string> = {
  "npm ci && npx crisis start --drill": "this repository's own set-up; .ci/run runs npm ci, test/e2e drives start",
  "npm test": "this repository's own tests",
  "npm ci": "this repository's own set-up (docs/benchmarks.md)",
  "mkdir acme-crisis && cd acme-crisis && git init": "the empty git repository each page's run starts in",
  "npm install --save-dev crisis-cli": "installs from the registry; test/package installs the packed tarball offline",
  'git add . && git commit -m "Crisis playbooks" && git push':
    "needs a remote; test/package runs git add . and checks git status",
};
const NOT_RUN_PATTERN: [RegExp, string][] = [
  [/^npm run bench/, "the benchmarks of this repository (minutes long)"],
  [/completion (zsh|fish)|fpath/, "zsh and fish syntax; test/completion checks those scripts"],
];

/** Commands that ask questions: run on a terminal with a responder who takes the defaults. */
const ASKS = /^(start|resume)\b|^init\b(?!.*--yes)|^postmortem\b(?!.*(--no-retro|--answers|--output -))/;

/** What the page claims next to a command, checked on stdout and stderr. */
const CLAIMS: [RegExp, RegExp][] = [
  [/^crisis playbooks$/, /^ID\s+TITLE\s+TYPE\s+STEPS\s+SOURCE$/m],
  [/^crisis playbooks show data-breach$/, /Data breach or security incident/],
  [/^crisis status( |$)/, /Next update|"next_update_due"/],
  [/^crisis list/, /ID\s+STATUS\s+SEV|"incidents"/],
  [/^crisis lint$/, /files checked/],
  [/^crisis note /, /^Noted in /m],
  [/^crisis checkin /, /Check-in recorded|checkin|Recorded/i],
  [/^crisis schema$/, /"\$schema"/],
  [/^crisis init --playbooks data-breach$/, /created\s+playbooks\/data-breach\.yaml/],
  [/^crisis postmortem[^|>]*$/, /Post-mortem|"kind": "crisis-postmortem"|^#/m],
];

/**
 * start and resume: the responder stops after a while (Ctrl+C, exit 130, everything recorded), so
 * the incident stays open for the commands the page runs "from another terminal" next.
 */
const RUNS = /^(start|resume)$/;

/** Run before a page's own commands: what the page assumes already happened. */
const SETUP: Record<string, string[][]> = {
  "docs/postmortem.md": [["start", "data-breach"]],
  "docs/schema.md": [["init", "--yes", "--playbooks", "data-breach"]],
  "docs/playbooks.md": [["init", "--yes", "--playbooks", "data-breach"]],
  // crisis preapprove writes a bundled template's stamped copy into the team's template folder.
  "docs/playbook-format.md": [["init", "--yes"]],
};
/** The page's date for incidents it names by id (2026-03-04-data-breach). */
const DAY: Record<string, string> = { "docs/postmortem.md": "2026-03-04" };

/** Shell words, as sh splits a simple command line: spaces, and single and double quotes. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g))
    out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : (m[2] ?? m[3] ?? ""));
  return out;
}

/** A responder who takes the defaults; in `crisis start` they stop after a while (Ctrl+C), so resume has work to do. */
function responder(stopAfter: number | undefined): Prompter {
  // At init they take the defaults: nothing ticked (no channels, no playbooks copied).
  const { prompter } = scriptedPrompter({ "init.channels": [], "init.playbooks": [] }, { auto: true });
  let asked = 0;
  const guarded: Record<string, (...a: unknown[]) => Promise<unknown>> = {};
  for (const [name, ask] of Object.entries(prompter) as [string, (...a: unknown[]) => Promise<unknown>][]) {
    guarded[name] = async (...a) => {
      if (stopAfter !== undefined && ++asked > stopAfter) throw new InterruptError("interrupted");
      return ask(...a);
    };
  }
  return guarded as unknown as Prompter;
}

/** A fresh team repository: an empty git repository with crisis as npx finds it and `crisis` on PATH. */
function teamRepo(): { repo: string; env: NodeJS.ProcessEnv } {
  const repo = tempDir();
  spawnSync("git", ["init", "-q"], { cwd: repo });
  const shim = `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, "bin/crisis.js")}" "$@"\n`;
  for (const dir of [path.join(repo, "node_modules/.bin"), path.join(repo, ".path")]) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "crisis"), shim);
    chmodSync(path.join(dir, "crisis"), 0o755);
  }
  // ajv-cli and ajv-formats as a team installs them for docs/schema.md (this repository's copies).
  symlinkSync(path.join(ROOT, "node_modules/ajv-cli"), path.join(repo, "node_modules/ajv-cli"));
  symlinkSync(path.join(ROOT, "node_modules/ajv-formats"), path.join(repo, "node_modules/ajv-formats"));
  symlinkSync("../ajv-cli/dist/index.js", path.join(repo, "node_modules/.bin/ajv"));
  const home = path.join(repo, ".home");
  mkdirSync(home);
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const env: NodeJS.ProcessEnv = {
    ...base,
    HOME: home,
    PATH: `${path.join(repo, ".path")}${path.delimiter}${process.env.PATH ?? ""}`,
    NODE_PATH: path.join(ROOT, "node_modules"),
    npm_config_offline: "true",
    NO_COLOR: "1",
    CI: "true",
  };
  delete env.CRISIS_CONFIG;
  return { repo, env };
}

describe.each(PAGES.filter((p) => commandsOf(p).length > 0))("the commands in %s", (page) => {
  test("run in a fresh team repository, exit as documented and print what the page says", async () => {
    const { repo, env } = teamRepo();
    const now = clock(`${DAY[page] ?? "2026-11-21"}T19:30:00.000Z`, 1000);
    const commands = commandsOf(page);
    const stopStart = true;
    const inProcess = async (args: string[]) => {
      const sub = args[0] === "--config" ? args[2] : args[0];
      const asks = ASKS.test(args.join(" "));
      const io = fakeIo({
        cwd: repo,
        now,
        ...(asks ? { tty: true, prompter: responder(RUNS.test(sub ?? "") && stopStart ? 40 : undefined) } : {}),
      });
      const code = await main(["node", "crisis", ...args], io);
      return { code, out: io.out(), err: io.err() };
    };
    for (const args of SETUP[page] ?? []) {
      const r = await inProcess(args);
      expect([0, 130], `setup crisis ${args.join(" ")}\n${r.err}`).toContain(r.code);
    }
    if (page === "docs/postmortem.md") {
      const doc = readFileSync(path.join(ROOT, page), "utf8");
      writeFileSync(path.join(repo, "retro.yaml"), /```yaml\n(went_well:[\s\S]*?)```/.exec(doc)?.[1] ?? "");
    }

    let ran = 0;
    for (const { line, command } of commands) {
      const where = `${page}:${line}: ${command}`;
      const skip = NOT_RUN[command] ?? NOT_RUN_PATTERN.find(([re]) => re.test(command))?.[1];
      if (skip !== undefined) continue;
      ran++;
      const simple = /^(npx )?crisis\s/.test(`${command} `) && !/[|<>&;$`]/.test(command);
      let result: { code: number | null; out: string; err: string };
      if (simple) {
        const args = words(command.replace(/^npx /, "")).slice(1);
        result = await inProcess(args);
        const expected = RUNS.test(args[0] ?? "") && stopStart ? [0, 130] : [0];
        expect(expected, `${where}\n${result.err}`).toContain(result.code);
      } else {
        const r = spawnSync("bash", ["-eo", "pipefail", "-c", command], { cwd: repo, env, encoding: "utf8" });
        result = { code: r.status, out: r.stdout, err: r.stderr };
        expect(result.code, `${where}\n${result.out}\n${result.err}`).toBe(0);
      }
      for (const [re, claim] of CLAIMS)
        if (re.test(command.replace(/^npx /, ""))) expect(`${result.out}${result.err}`, where).toMatch(claim);
    }
    // Pages of this repository's own (benchmarks) have nothing for a team to run; every other page does.
    if (page !== "docs/benchmarks.md") expect(ran, `${page}: no command ran`).toBeGreaterThan(0);
  });
});

test("every command a docs test does not run is still in the docs (so the list does not rot)", () => {
  const all = new Set(PAGES.flatMap(commandsOf).map((c) => c.command));
  expect(Object.keys(NOT_RUN).filter((c) => !all.has(c))).toEqual([]);
});
