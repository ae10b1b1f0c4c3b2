// @module-tag slow (npm pack and an offline install into an empty project)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { tempDir } from "../helpers/tmp.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

function newest(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((max, e) => Math.max(max, statSync(path.join(e.parentPath, e.name)).mtimeMs), 0);
}

/**
 * npm and npx without the variables `npm test` passes down (npm_config_*, npm_lifecycle_*), with
 * their own empty cache, and offline: the test proves the package installs with no network at all.
 */
function hermeticEnv(cache: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return {
    ...env,
    npm_config_cache: cache,
    npm_config_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    NO_COLOR: "1",
    CI: "true",
  };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const result = spawnSync(command, args, {
    cwd,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 60_000,
  });
  return {
    code: result.status,
    out: result.stdout,
    err: result.stderr,
    all: `$ ${command} ${args.join(" ")}\n${result.stdout}\n${result.stderr}`,
  };
}

interface PackResult {
  filename: string;
  files: { path: string }[];
}

describe("the published package", () => {
  test(
    "packs only what users need, installs offline into an empty project, and its commands work there",
    { timeout: 120_000 },
    () => {
      // npm test builds before vitest runs. Packing does not rebuild (--ignore-scripts): a rebuild
      // would rewrite dist/ under other test files that are running the CLI at the same time.
      expect(existsSync(path.join(ROOT, "dist/cli.js")), "dist/ is missing: run npm run build").toBe(true);
      expect(
        statSync(path.join(ROOT, "dist/cli.js")).mtimeMs,
        "dist/ is older than src/: run npm run build",
      ).toBeGreaterThanOrEqual(newest(path.join(ROOT, "src")));

      const work = tempDir();
      const env = hermeticEnv(path.join(work, "npm-cache"));
      const packDir = path.join(work, "pack");
      mkdirSync(packDir);
      const pack = run(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", packDir], ROOT, env);
      expect(pack.code, pack.all).toBe(0);
      const [result] = JSON.parse(pack.out) as [PackResult];
      const files = result.files.map((f) => f.path);

      // What users need.
      for (const needed of [
        "package.json",
        "README.md",
        "LICENSE",
        "bin/crisis.js",
        "dist/cli.js",
        "dist/version.js",
        "playbooks/spine/common.yaml",
        "schema/playbook.schema.json",
        "schema/spine.schema.json",
        "schema/config.schema.json",
        "schema/journal.schema.json",
        "templates/messages/common/final-statement.txt",
        "docs/cli.md",
        "docs/getting-started.md",
        "docs/configuration.md",
      ]) {
        expect(files, `${needed} is missing from the tarball`).toContain(needed);
      }
      expect(files.filter((f) => /^playbooks\/[^/]+\.yaml$/.test(f)).length).toBeGreaterThan(0);
      // And nothing else: no sources, tests, benchmarks, source maps or dev configuration.
      const allowed =
        /^(package\.json|README\.md|LICENSE|bin\/crisis\.js|dist\/.+\.js|playbooks\/.+\.ya?ml|templates\/.+\.(txt|md)|schema\/.+\.json|docs\/.+\.md)$/;
      expect(files.filter((f) => !allowed.test(f))).toEqual([]);
      expect(files.filter((f) => f.endsWith(".map") || f.endsWith(".ts"))).toEqual([]);

      const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
        dependencies?: object;
        bin: Record<string, string>;
      };
      expect(manifest.dependencies ?? {}, "runtime dependencies would need the network to install").toEqual({});
      expect(manifest.bin).toEqual({ crisis: "./bin/crisis.js" });

      const project = path.join(work, "team-playbooks");
      mkdirSync(project);
      writeFileSync(
        path.join(project, "package.json"),
        `${JSON.stringify({ name: "team-playbooks", version: "1.0.0", private: true }, null, 2)}\n`,
      );
      const install = run(
        npm,
        ["install", "--offline", "--no-audit", "--no-fund", path.join(packDir, result.filename)],
        project,
        env,
      );
      expect(install.code, install.all).toBe(0);
      expect(existsSync(path.join(project, "node_modules/crisis/src"))).toBe(false);

      const playbooks = run(npx, ["crisis", "playbooks"], project, env);
      expect(playbooks.code, playbooks.all).toBe(0);
      expect(playbooks.out).toMatch(/^ID\s+TITLE\s+TYPE\s+STEPS\s+SOURCE$/m);
      expect(playbooks.out).toMatch(/\bbundled$/m);

      const init = run(npx, ["crisis", "init", "--yes", "--json"], project, env);
      expect(init.code, init.all).toBe(0);
      const report = JSON.parse(init.out) as { created: string[] };
      expect(report.created).toEqual(
        expect.arrayContaining(["crisis.config.yaml", ".github/workflows/crisis-lint.yml", ".vscode/settings.json"]),
      );
      // The schema the config names is the installed one, so editors find it.
      const schemaRef =
        /\$schema=(\S+)/.exec(readFileSync(path.join(project, "crisis.config.yaml"), "utf8"))?.[1] ?? "";
      expect(schemaRef).toBe("node_modules/crisis/schema/config.schema.json");
      expect(existsSync(path.join(project, schemaRef))).toBe(true);

      // Copy one bundled playbook to customise; its schema comment must resolve from its new place.
      const id = /^(\S+)\s+.*\bbundled$/m.exec(playbooks.out)?.[1] ?? "";
      const add = run(npx, ["crisis", "init", "--yes", "--playbooks", id], project, env);
      expect(add.code, add.all).toBe(0);
      const copy = readFileSync(path.join(project, "playbooks", `${id}.yaml`), "utf8");
      const playbookRef = /\$schema=(\S+)/.exec(copy)?.[1] ?? "";
      expect(existsSync(path.join(project, "playbooks", playbookRef))).toBe(true);
      const local = run(npx, ["crisis", "playbooks"], project, env);
      expect(local.out).toMatch(new RegExp(`^${id}\\s+.*\\blocal$`, "m"));

      const lint = run(npx, ["crisis", "lint"], project, env);
      expect(lint.code, lint.all).toBe(0);
    },
  );
});
