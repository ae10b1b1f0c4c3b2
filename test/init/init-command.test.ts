import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli.js";
import { loadWorkspace } from "../../src/services/workspace/workspace.js";
import { readBundledAssets } from "../../src/services/init/assets.js";
import { fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";

async function crisis(cwd: string, ...args: string[]) {
  const io = fakeIo({ cwd });
  const code = await main(["node", "crisis", ...args], io);
  return { code, out: io.out(), err: io.err(), io };
}

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), "utf8");
const bundledIds = readBundledAssets().playbooks.map((p) => p.id);

describe("crisis init", () => {
  test("--yes twice leaves a user's edits untouched and says what it kept", async () => {
    const dir = tempDir();
    const first = await crisis(dir, "init", "--yes", "--brand", "Acme");
    expect(first.code).toBe(0);
    expect(first.err).toMatch(/created\s+crisis\.config\.yaml/);

    const edited = `${read(dir, "crisis.config.yaml").replace("name: Acme", "name: Acme Rockets")}# our note\n`;
    writeFileSync(path.join(dir, "crisis.config.yaml"), edited);
    writeFileSync(path.join(dir, ".github/workflows/crisis-lint.yml"), "name: ours\n");
    writeFileSync(path.join(dir, ".gitignore"), "node_modules/\n/incidents/\n");

    const second = await crisis(dir, "init", "--yes", "--brand", "Acme");
    expect(second.code).toBe(0);
    expect(read(dir, "crisis.config.yaml")).toBe(edited);
    expect(read(dir, ".github/workflows/crisis-lint.yml")).toBe("name: ours\n");
    expect(read(dir, ".gitignore")).toBe("node_modules/\n/incidents/\n/crisis.sarif\n");
    expect(second.err).toMatch(/kept\s+crisis\.config\.yaml\s+exists \(--force overwrites it\)/);
    expect(second.err).toMatch(/already sets brand\.name, so the value given now is not applied/);
    expect(second.err).not.toMatch(/\bcreated\b/);
  });

  test("--json reports created, kept and updated paths on stdout, and only JSON goes there", async () => {
    const dir = tempDir({ ".gitignore": "node_modules/", "crisis.config.yaml": "brand: { name: Ours }\n" });
    const { code, out } = await crisis(dir, "init", "--yes", "--json");
    expect(code).toBe(0);
    const report = JSON.parse(out) as {
      created: string[];
      kept: string[];
      updated: string[];
      files: { path: string; detail?: string }[];
    };
    expect(report.kept).toEqual(["crisis.config.yaml"]);
    expect(report.updated).toEqual([".gitignore"]);
    expect(report.created).toContain(".github/workflows/crisis-lint.yml");
    expect(report.files.find((f) => f.path === ".gitignore")?.detail).toBe("added /crisis.sarif, /incidents/");
    expect(read(dir, ".gitignore")).toBe("node_modules/\n/crisis.sarif\n/incidents/\n");
    expect(read(dir, "crisis.config.yaml")).toBe("brand: { name: Ours }\n");
  });

  test("--force overwrites generated files; .gitignore is still only added to, never rewritten", async () => {
    const dir = tempDir({ "crisis.config.yaml": "brand: { name: Old }\n", ".gitignore": "/incidents/\n" });
    const { code, err } = await crisis(dir, "init", "--yes", "--force", "--brand", "New");
    expect(code).toBe(0);
    expect(err).toMatch(/overwritten\s+crisis\.config\.yaml/);
    expect(read(dir, "crisis.config.yaml")).toContain("name: New");
    expect(read(dir, ".gitignore")).toBe("/incidents/\nnode_modules/\n/crisis.sarif\n");
  });

  test("--dry-run writes nothing", async () => {
    const dir = tempDir();
    const { code, err } = await crisis(dir, "init", "--yes", "--dry-run");
    expect(code).toBe(0);
    expect(err).toContain("nothing written");
    expect(existsSync(path.join(dir, "crisis.config.yaml"))).toBe(false);
  });

  test("without a terminal and without --yes it stops with a usage error instead of waiting", async () => {
    const dir = tempDir();
    const { code, err } = await crisis(dir, "init");
    expect(code).toBe(2);
    expect(err).toContain("pass --yes");
    expect(existsSync(path.join(dir, "crisis.config.yaml"))).toBe(false);
  });

  test("flags fill the config, and a bad value is a usage error naming the field", async () => {
    const dir = tempDir();
    const ok = await crisis(
      dir,
      "init",
      "--yes",
      "--handles",
      "x=@acme,bluesky=@acme.example",
      "--hub-url",
      "https://acme.example/u",
      "--mentions-per-hour",
      "30",
      "--targets",
      "SEV1=20m/30m",
      "--commit-incidents",
    );
    expect(ok.code).toBe(0);
    const { config } = loadWorkspace(fakeIo({ cwd: dir }), {}).config;
    expect(config.brand).toEqual({
      handles: { x: "@acme", bluesky: "@acme.example" },
      hub_url: "https://acme.example/u",
    });
    expect(config.baselines).toEqual({ mentions_per_hour: 30 });
    expect(config.targets).toEqual({ SEV1: { first_response: "20m", update_interval: "30m" } });
    expect(existsSync(path.join(dir, "incidents/.gitkeep"))).toBe(true);

    const bad = await crisis(tempDir(), "init", "--yes", "--hub-url", "acme.example");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--hub-url acme.example: expected a URL");
    const badNumber = await crisis(tempDir(), "init", "--yes", "--mentions-per-hour", "lots");
    expect(badNumber.code).toBe(2);
    expect(badNumber.err).toContain("--mentions-per-hour lots: expected a number above 0");
    const badTargets = await crisis(tempDir(), "init", "--yes", "--targets", "SEV9=1h");
    expect(badTargets.code).toBe(2);
    expect(badTargets.err).toContain("SEV1=30m/30m");
  });

  test("a copied playbook is the one crisis uses (local over bundled), and adding one later keeps the rest", async () => {
    const dir = tempDir();
    expect(bundledIds.length).toBeGreaterThan(0);
    const [id] = bundledIds as [string];
    expect((await crisis(dir, "init", "--yes")).code).toBe(0);
    expect((await crisis(dir, "init", "--yes", "--playbooks", id)).code).toBe(0);
    const listed = await crisis(dir, "playbooks", "--json");
    const rows = (JSON.parse(listed.out) as { playbooks: { id: string; source: string; file: string }[] }).playbooks;
    expect(rows.find((r) => r.id === id)).toMatchObject({ source: "local", file: `playbooks/${id}.yaml` });
    expect(listed.code).toBe(0);
    expect(read(dir, `playbooks/${id}.yaml`)).toMatch(/extends: common/);
  });

  test("a file in the way is reported as a problem to fix, with what was written so far", async () => {
    const dir = tempDir({ ".vscode": "not a folder" });
    const { code, err, out } = await crisis(dir, "init", "--yes", "--json");
    expect(code).toBe(2);
    expect(err).toMatch(/created\s+crisis\.config\.yaml/);
    expect(err).toMatch(/failed\s+\.vscode\/settings\.json\s+(ENOTDIR|EEXIST)/);
    expect(err).toMatch(/crisis: cannot write .*settings\.json \((ENOTDIR|EEXIST)\)/);
    expect(err).not.toContain("internal error");
    expect(JSON.parse(out)).toMatchObject({ failed: { path: ".vscode/settings.json" } });
    expect(existsSync(path.join(dir, "crisis.config.yaml"))).toBe(true);
  });

  test("an unknown playbook id names the bundled ones", async () => {
    const { code, err } = await crisis(tempDir(), "init", "--yes", "--playbooks", "no-such-playbook");
    expect(code).toBe(2);
    expect(err).toContain('there is no bundled playbook "no-such-playbook"');
  });

  test("a kept config that does not read the playbooks folder gets a warning", async () => {
    const dir = tempDir({ "crisis.config.yaml": "brand: { name: Ours }\n" });
    const [id] = bundledIds as [string];
    const { err } = await crisis(dir, "init", "--yes", "--playbooks", id);
    expect(err).toContain(`warning: playbooks/${id}.yaml is not read: add its folder to playbook_dirs`);
  });
});
