import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli.js";
import { loadConfig } from "../../src/services/workspace/config.js";
import { fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";

async function crisis(cwd: string, args: string[], answers?: Record<string, unknown>) {
  const io = fakeIo({ cwd, ...(answers ? { tty: true, answers: answers } : {}) });
  const code = await main(["node", "crisis", ...args], io);
  return { code, err: io.err(), asked: io.asked.map((a) => a.key) };
}
const read = (dir: string, file: string) => readFileSync(path.join(dir, file), "utf8");

/** Whether git would ignore a path in `dir` (a real git repository, so the .gitignore rules are git's own). */
function gitIgnores(dir: string, file: string): boolean {
  if (!existsSync(path.join(dir, ".git"))) spawnSync("git", ["init", "-q"], { cwd: dir });
  return spawnSync("git", ["check-ignore", "-q", file], { cwd: dir }).status === 0;
}

describe("running crisis init again", () => {
  test("asks only what is still missing, and merges the answers into the config without touching the team's lines", async () => {
    const dir = tempDir();
    expect((await crisis(dir, ["init", "--yes", "--brand", "Acme"])).code).toBe(0);
    const before = read(dir, "crisis.config.yaml");

    const again = await crisis(dir, ["init", "--playbooks", "data-breach"], {
      "init.channels": ["x"],
      "init.handle_x": "@acme",
      "init.support_contact": "help@acme.example",
      "init.media_contact": "",
      "init.hub_url": "https://acme.example/updates",
      "init.mentions_per_hour": 40,
      "init.negative_share": undefined,
      "init.spine": false,
      "init.templates": true,
    });
    expect(again.code, again.err).toBe(0);
    // Not asked: the brand name (set), the targets (the playbooks' own were kept), the playbooks
    // (given), the CI workflow and editor settings (they exist), how incidents are kept (decided).
    expect(again.asked).toEqual([
      "init.channels",
      "init.handle_x",
      "init.support_contact",
      "init.media_contact",
      "init.hub_url",
      "init.mentions_per_hour",
      "init.negative_share",
      "init.spine",
      "init.templates",
    ]);
    const after = read(dir, "crisis.config.yaml");
    // Every line the file had is still there, unchanged and in order; the answers are lines added to it.
    const added = after.split("\n");
    let at = 0;
    for (const line of before.split("\n")) {
      const found = added.indexOf(line, at);
      expect(found, `line kept: ${line}`).toBeGreaterThanOrEqual(at);
      at = found + 1;
    }
    expect(added.length).toBeGreaterThan(before.split("\n").length);
    expect(again.err).toMatch(
      /updated\s+crisis\.config\.yaml\s+set brand\.handles, brand\.support_contact, brand\.hub_url, baselines/,
    );
    expect(loadConfig(dir, {}).config).toMatchObject({
      brand: {
        name: "Acme",
        handles: { x: "@acme" },
        support_contact: "help@acme.example",
        hub_url: "https://acme.example/updates",
      },
      baselines: { mentions_per_hour: 40 },
    });
  });

  test("a hand-written config keeps its comments, quotes and layout; only the new value is added", async () => {
    const own = [
      "# Acme's crisis settings (owned by comms)",
      "brand:",
      '  name: "Acme"        # legal name',
      "  handles: { x: '@acme' }",
      "",
      "playbook_dirs: [playbooks]   # ours",
      "",
    ].join("\n");
    const dir = tempDir({ "crisis.config.yaml": own });
    const r = await crisis(dir, [
      "init",
      "--yes",
      "--hub-url",
      "https://acme.example/updates",
      "--no-ci",
      "--no-editor",
    ]);
    expect(r.code, r.err).toBe(0);
    expect(read(dir, "crisis.config.yaml")).toBe(
      own.replace(
        "  handles: { x: '@acme' }\n",
        "  handles: { x: '@acme' }\n  hub_url: https://acme.example/updates\n",
      ),
    );
  });

  test("a config that does not load is left alone, and its questions are not asked", async () => {
    const dir = tempDir({ "crisis.config.yaml": "brand: [not, a, map]\n" });
    const r = await crisis(dir, ["init", "--no-ci", "--no-editor", "--playbooks", "data-breach", "--no-spine"], {
      "init.templates": false,
      "init.incidents": "ignore",
    });
    expect(r.code, r.err).toBe(0);
    expect(r.asked).toEqual(["init.templates", "init.incidents"]);
    expect(r.err).toMatch(/crisis\.config\.yaml does not load .*kept as it is/);
    expect(read(dir, "crisis.config.yaml")).toBe("brand: [not, a, map]\n");
  });
});

describe("what init leaves for git", () => {
  test("node_modules/ is ignored, so the documented git add . never commits it", async () => {
    const dir = tempDir();
    expect((await crisis(dir, ["init", "--yes"])).code).toBe(0);
    expect(gitIgnores(dir, "node_modules/crisis-cli/package.json")).toBe(true);
    expect(gitIgnores(dir, "incidents/2026-11-21-x/journal.jsonl")).toBe(true);
    expect(gitIgnores(dir, "crisis.sarif")).toBe(true);
    expect(gitIgnores(dir, "crisis.config.yaml")).toBe(false);
  });

  test("--commit-incidents after a default init really stops ignoring incidents", async () => {
    const dir = tempDir({ ".gitignore": "# ours\n*.log\n" });
    expect((await crisis(dir, ["init", "--yes"])).code).toBe(0);
    expect(gitIgnores(dir, "incidents/2026-11-21-x/journal.jsonl")).toBe(true);
    const r = await crisis(dir, ["init", "--yes", "--commit-incidents"]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/updated\s+\.gitignore\s+removed the line ignoring incidents\//);
    expect(gitIgnores(dir, "incidents/2026-11-21-x/journal.jsonl")).toBe(false);
    expect(existsSync(path.join(dir, "incidents/.gitkeep"))).toBe(true);
    expect(read(dir, ".gitignore")).toBe("# ours\n*.log\nnode_modules/\n/crisis.sarif\n");
    // And a later run without the flag keeps that decision instead of ignoring them again.
    expect((await crisis(dir, ["init", "--yes"])).code).toBe(0);
    expect(gitIgnores(dir, "incidents/2026-11-21-x/journal.jsonl")).toBe(false);
  });

  test("an existing .vscode/settings.json is kept, and init says what to add by hand", async () => {
    const dir = tempDir({ ".vscode/settings.json": '{ "editor.tabSize": 2 }\n' });
    const r = await crisis(dir, ["init", "--yes"]);
    expect(r.code).toBe(0);
    expect(read(dir, ".vscode/settings.json")).toBe('{ "editor.tabSize": 2 }\n');
    expect(r.err).toMatch(/warning: \.vscode\/settings\.json was kept: add the yaml\.schemas entries/);
  });
});
