// @module-tag slow (npm pack, an offline install into an empty repository, the generated CI workflow run there)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import { parse } from "yaml";
import { describe, expect, onTestFinished, test } from "vitest";
import { buildRegistry, startRegistry } from "../helpers/local-registry.js";
import { PACKAGE_NAME } from "../../src/version.js";
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
 * npm, npx and the shell as a team's CI would have them, without what `npm test` passes down
 * (npm_config_*, npm_lifecycle_*), and with no network: the registry is a local one on the loopback
 * interface serving crisis's dependencies from this repository's node_modules
 * (test/helpers/local-registry.ts), the cache is empty, and every proxy points at a closed local
 * port, so any request that tried to leave the machine would fail.
 */
function offlineEnv(registry: string, cache: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const dead = "http://127.0.0.1:9";
  return {
    ...env,
    npm_config_registry: `${registry}/`,
    npm_config_cache: cache,
    npm_config_noproxy: "127.0.0.1",
    NO_PROXY: "127.0.0.1",
    no_proxy: "127.0.0.1",
    npm_config_proxy: dead,
    npm_config_https_proxy: dead,
    HTTP_PROXY: dead,
    HTTPS_PROXY: dead,
    http_proxy: dead,
    https_proxy: dead,
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
    timeout: 120_000,
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

interface Workflow {
  jobs: Record<string, { steps: { name?: string; uses?: string; run?: string; with?: Record<string, string> }[] }>;
}

describe("the published package, in a team's empty repository", () => {
  test(
    "packs what users need, installs offline with no install-script warning, and a fresh init passes its own CI workflow",
    { timeout: 300_000 },
    async () => {
      // npm test builds before vitest runs. Packing does not rebuild (--ignore-scripts): a rebuild
      // would rewrite dist/ under other test files that are running the CLI at the same time.
      expect(existsSync(path.join(ROOT, "dist/cli.js")), "dist/ is missing: run npm run build").toBe(true);
      expect(
        statSync(path.join(ROOT, "dist/cli.js")).mtimeMs,
        "dist/ is older than src/: run npm run build",
      ).toBeGreaterThanOrEqual(newest(path.join(ROOT, "src")));

      const work = tempDir();
      const registry = await startRegistry(path.join(work, "registry"));
      onTestFinished(registry.stop);
      const served = buildRegistry(ROOT, path.join(work, "registry"), registry.url);
      expect(served).toBeGreaterThan(10);
      const env = offlineEnv(registry.url, path.join(work, "npm-cache"));
      const packDir = path.join(work, "pack");
      mkdirSync(packDir);
      const pack = run(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", packDir], ROOT, env);
      expect(pack.code, pack.all).toBe(0);
      const [result] = JSON.parse(pack.out) as [PackResult];
      const files = result.files.map((f) => f.path);

      // What users need, including the licence notices and the source maps for --debug stacks.
      for (const needed of [
        "package.json",
        "README.md",
        "LICENSE",
        "THIRD-PARTY-NOTICES.md",
        "CHANGELOG.md",
        "bin/crisis.js",
        "dist/cli.js",
        "dist/cli.js.map",
        "dist/version.js",
        "playbooks/spine/common.yaml",
        "schema/playbook.schema.json",
        "schema/config.schema.json",
        "templates/messages/common/final-statement.txt",
        "docs/cli.md",
        "docs/getting-started.md",
        "docs/configuration.md",
        "docs/examples/incident-log.md",
        "docs/examples/postmortem.md",
      ]) {
        expect(files, `${needed} is missing from the tarball`).toContain(needed);
      }
      // And nothing else: no sources, tests, benchmarks or dev configuration.
      const allowed =
        /^(package\.json|README\.md|CHANGELOG\.md|THIRD-PARTY-NOTICES\.md|LICENSE|bin\/crisis\.js|dist\/.+\.js(\.map)?|playbooks\/.+\.ya?ml|templates\/.+\.(txt|md)|schema\/.+\.json|docs\/.+\.md)$/;
      expect(files.filter((f) => !allowed.test(f))).toEqual([]);

      const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
        name: string;
        dependencies: Record<string, string>;
        scripts: Record<string, string>;
        bin: Record<string, string>;
        repository?: unknown;
        homepage?: string;
        bugs?: unknown;
      };
      expect(manifest.name).toBe(PACKAGE_NAME);
      expect(manifest.bin).toEqual({ crisis: "./bin/crisis.js" });
      expect(manifest.repository && manifest.homepage && manifest.bugs).toBeTruthy();
      // Install scripts of the package itself would make npm warn every team that installs it.
      for (const script of ["preinstall", "install", "postinstall", "prepare"])
        expect(manifest.scripts[script], `scripts.${script}`).toBeUndefined();

      // An empty git repository, as in docs/getting-started.md.
      const repo = path.join(work, "acme-crisis");
      mkdirSync(repo);
      expect(run("git", ["init", "-q"], repo, env).code).toBe(0);
      writeFileSync(
        path.join(repo, "package.json"),
        `${JSON.stringify({ name: "acme-crisis", version: "1.0.0", private: true }, null, 2)}\n`,
      );
      const install = run(npm, ["install", "--save-dev", path.join(packDir, result.filename)], repo, env);
      expect(install.code, install.all).toBe(0);
      expect(install.all, "no install-script warning").not.toMatch(/install-scripts|install scripts/i);
      expect(existsSync(path.join(repo, `node_modules/${PACKAGE_NAME}/src`))).toBe(false);
      expect(existsSync(path.join(repo, "node_modules/core-js")), "core-js is not installed").toBe(false);

      // npm ls, npm audit and npm sbom see crisis's runtime libraries.
      const ls = run(npm, ["ls", "--all", "--json"], repo, env);
      expect(ls.code, ls.all).toBe(0);
      const tree = JSON.parse(ls.out) as { dependencies: Record<string, { dependencies?: Record<string, unknown> }> };
      const crisisDeps = Object.keys(tree.dependencies[PACKAGE_NAME]?.dependencies ?? {});
      expect(crisisDeps.sort()).toEqual(Object.keys(manifest.dependencies).sort());

      const init = run(npx, ["crisis", "init", "--yes", "--brand", "Acme"], repo, env);
      expect(init.code, init.all).toBe(0);

      // The generated workflow's steps, in order, as GitHub would run them (`uses:` steps are
      // GitHub's own: checkout and setup-node have nothing to do here; upload-sarif gets its file checked).
      const workflow = parse(readFileSync(path.join(repo, ".github/workflows/crisis-lint.yml"), "utf8")) as Workflow;
      const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
      const ajv = new Ajv2020({ allErrors: true, strict: false });
      formats.default(ajv);
      const sarifSchema = JSON.parse(
        readFileSync(path.join(ROOT, "test/fixtures/sarif/sarif-schema-2.1.0.json"), "utf8"),
      ) as object;
      const validSarif = ajv.compile(sarifSchema);
      let uploaded = 0;
      for (const step of steps) {
        if (step.run !== undefined) {
          const r = run("bash", ["-eo", "pipefail", "-c", step.run], repo, env);
          expect(r.code, `${step.name ?? step.run}\n${r.all}`).toBe(0);
          if (step.run.includes("--format github")) expect(r.out).not.toMatch(/^::error/m);
        } else if (step.uses?.startsWith("github/codeql-action/upload-sarif")) {
          const file = path.join(repo, step.with?.sarif_file ?? "");
          expect(existsSync(file), `${step.with?.sarif_file} for upload-sarif`).toBe(true);
          const sarif = JSON.parse(readFileSync(file, "utf8")) as object;
          expect(validSarif(sarif), JSON.stringify(validSarif.errors)).toBe(true);
          uploaded++;
        }
      }
      expect(steps.filter((s) => s.run !== undefined).map((s) => s.run)).toEqual(
        expect.arrayContaining(["npm ci", expect.stringContaining("--format github")]),
      );
      expect(uploaded).toBe(1);

      // git add . commits the team's files, never node_modules or the SARIF file.
      expect(run("git", ["add", "."], repo, env).code).toBe(0);
      const status = run("git", ["status", "--porcelain"], repo, env).out;
      expect(status).toMatch(/crisis\.config\.yaml/);
      expect(status).not.toMatch(/node_modules|crisis\.sarif/);

      // A bad option value: one line naming the flag, the value and what was expected, exit 2.
      const bad = run(npx, ["crisis", "checkin", "--mentions", "abc"], repo, env);
      expect(bad.code, bad.all).toBe(2);
      expect(bad.err.trim().split("\n")).toHaveLength(1);
      expect(bad.err).toMatch(/--mentions abc: expected/);

      // Hints name documentation that exists in the team's repository.
      writeFileSync(path.join(repo, "crisis.config.yaml"), "brand_name: Acme\n");
      const broken = run(npx, ["crisis", "playbooks"], repo, env);
      expect(broken.code).toBe(2);
      const docs = /(node_modules\/crisis-cli\/docs\/[a-z-]+\.md)/.exec(broken.err)?.[1];
      expect(docs, broken.err).toBeDefined();
      expect(existsSync(path.join(repo, docs ?? ""))).toBe(true);

      // --debug stacks name crisis's sources (source maps ship; they are read only with --debug).
      const script = [
        "process.setSourceMapsEnabled(true);",
        `const { main } = await import(${JSON.stringify(path.join(repo, `node_modules/${PACKAGE_NAME}/dist/cli.js`))});`,
        "let err = '';",
        "const io = { cwd: process.cwd(), env: {}, stdout: { write() {} }, stderr: { write: (t) => { err += t; } },",
        "  stdinIsTTY: false, debug: true, prompter: async () => { throw new Error('no'); },",
        "  now: () => { throw new TypeError('clock broke'); } };",
        "await main(['node', 'crisis', '--debug', 'note', 'hello'], io);",
        "process.stdout.write(err);",
      ].join("\n");
      writeFileSync(path.join(repo, "crisis.config.yaml"), "brand: { name: Acme }\n");
      const stack = run(process.execPath, ["--input-type=module", "-e", script], repo, env);
      expect(stack.out).toMatch(/internal error: clock broke/);
      expect(stack.out).toMatch(/\bsrc\/services\/incident\/record\.ts:\d+:\d+/);
    },
  );
});
