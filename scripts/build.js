// Bundles src/cli.ts into dist/: a small entry (dist/cli.js: commander and the command wiring) plus
// chunks in dist/chunks/ that are loaded only when a command runs. Dependencies are bundled too, so
// dist/ is self-contained (the published package has no runtime dependencies).
//
// Why split: with one file, V8 still has to read and pre-parse every command's code (~660 KB) on
// every start, even for `crisis --version`. Split, the entry is ~45 KB and each command pays only
// for the modules it imports. dist/version.js lets bin/crisis.js answer --version before even the
// entry (and commander) is loaded. docs/benchmarks.md measures the effect.
import { build } from "esbuild";
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = path.join(root, "dist");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));

const result = await build({
  absWorkingDir: root,
  entryPoints: ["src/cli.ts"],
  outdir: "dist",
  entryNames: "[name]",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: true,
  legalComments: "none",
  metafile: true,
  define: { __CRISIS_VERSION__: JSON.stringify(pkg.version) },
  // CommonJS dependencies call require(); give the ESM chunks one.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: "warning",
});

mkdirSync(dist, { recursive: true });
writeFileSync(path.join(dist, "version.js"), `export const VERSION = ${JSON.stringify(pkg.version)};\n`);

// Chunk names carry a content hash: remove the ones earlier builds left behind. Only after writing
// the new ones, and only those older than a minute, so a CLI started just before this build can
// still lazily load the chunks it was built with.
const keep = new Set([
  ...Object.keys(result.metafile.outputs).map((f) => path.resolve(root, f)),
  path.join(dist, "version.js"),
]);
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  const file = path.join(entry.parentPath ?? entry.path, entry.name);
  if (!entry.isFile() || !/\.(js|map)$/.test(entry.name) || keep.has(file)) continue;
  if (Date.now() - statSync(file).mtimeMs > 60_000) rmSync(file, { force: true });
}
