// Bundles crisis's own code (src/) into dist/: a small entry (dist/cli.js: commander and the command
// wiring) plus chunks in dist/chunks/ that are loaded only when a command runs. The libraries it uses
// stay outside the bundle (`packages: "external"`): they are the package's declared `dependencies`,
// installed beside it, so `npm ls`, `npm audit` and `npm sbom` in a team's repository see them.
//
// One exception: twitter-text's counter (X's weighted character count) is bundled, because the
// twitter-text package depends on core-js 2, whose install script and 40 polyfills of features Node
// 20 has natively would land in every team's node_modules. Its polyfill imports are dropped here;
// its licence (Apache-2.0) and those of the little it pulls in are in THIRD-PARTY-NOTICES.
//
// Source maps are written beside the chunks (without the sources) so that a --debug stack names
// src/ files and lines; bin/crisis.js turns them on only for --debug, so a normal start pays nothing.
//
// Why split: with one file, V8 still has to read and pre-parse every command's code on every
// start, even for `crisis --version`. Split, the entry is small and each command pays only for the
// modules it imports. dist/version.js lets bin/crisis.js answer --version before even the entry
// (and commander) is loaded. docs/benchmarks.md measures the effect.
import { build } from "esbuild";
import { createRequire } from "node:module";
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeNotices } from "./third-party-notices.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = path.join(root, "dist");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));

/** twitter-text and what it imports, bundled; core-js's polyfills replaced by nothing. */
const VENDORED = /^(twitter-text|twemoji-parser|punycode|@babel\/runtime)(\/|$)/;
const vendorTwitterText = {
  name: "vendor-twitter-text",
  setup(b) {
    b.onResolve({ filter: /^core-js(\/|$)/ }, (args) => ({ path: args.path, namespace: "no-polyfill" }));
    b.onLoad({ filter: /.*/, namespace: "no-polyfill" }, () => ({ contents: "", loader: "js" }));
    b.onResolve({ filter: VENDORED }, (args) => {
      const req = createRequire(path.join(args.resolveDir, "index.js"));
      // "punycode/" is the npm package twitter-text depends on, not Node's deprecated built-in.
      const id = args.path === "punycode" ? "punycode/" : args.path;
      return { path: req.resolve(id) };
    });
  },
};

const result = await build({
  absWorkingDir: root,
  // dist/lint-worker.js: a worker thread of `crisis lint` over many files (src/services/lint/parallel.ts).
  entryPoints: ["src/cli.ts", { in: "src/services/lint/worker.ts", out: "lint-worker" }],
  outdir: "dist",
  entryNames: "[name]",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  packages: "external",
  plugins: [vendorTwitterText],
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // CRISIS_UNMINIFIED=1 keeps names readable for a CPU profile (node --cpu-prof).
  minify: !process.env.CRISIS_UNMINIFIED,
  legalComments: "none",
  sourcemap: "linked",
  sourcesContent: false,
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

writeNotices(root);
