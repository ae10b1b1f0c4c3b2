#!/usr/bin/env node
// `npm run bench`: builds the CLI, bundles the bench (TypeScript, bench/main.ts) with esbuild into a
// temporary file, and runs it with the arguments given after `--`. See docs/benchmarks.md.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));

const built = spawnSync(process.execPath, [path.join(root, "scripts", "build.js")], {
  cwd: root,
  stdio: ["ignore", "inherit", "inherit"],
});
if (built.status !== 0) {
  process.stderr.write("bench: the build failed\n");
  process.exitCode = 1;
} else {
  // Inside the repository, so that what the bundle loads at run time (the pseudo-terminal library;
  // yaml, which src/ requires where a Document is first needed) resolves from its node_modules.
  const cache = path.join(root, "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(path.join(cache, "crisis-bench-bundle-"));
  const outfile = path.join(dir, "bench.mjs");
  try {
    await build({
      absWorkingDir: root,
      entryPoints: ["bench/main.ts"],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      define: { __CRISIS_VERSION__: JSON.stringify(pkg.version) },
      // The pseudo-terminal library is native: the drill loads it from the repository at run time.
      external: ["@lydell/node-pty"],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      logLevel: "warning",
    });
    const run = spawnSync(process.execPath, [outfile, "--root", root, ...process.argv.slice(2)], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
    });
    process.exitCode = run.status ?? 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
