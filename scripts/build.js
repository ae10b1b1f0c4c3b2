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
//
// Why a second pass (rolldown): esbuild makes one chunk per set of entry points that share code, so
// an incident command loaded ~50 small files, and each file costs Node a resolve, a read, a compile
// and a link whatever its size. esbuild has no manual chunks; rolldown re-bundles esbuild's output
// (in memory) and merges two closed sets of chunks into one file each: everything dist/cli.js
// imports statically ("cli-core"), and everything the incident commands' modules import statically
// beyond that ("incident"). "cli-core" holds every chunk its members import, "incident" every one
// beyond "cli-core": neither imports a chunk that imports it back (no cycle between chunks), and each
// module lies in one file only (test/cli/dist-chunks.test.ts). The other chunks stay as esbuild cut
// them, except that they import the merged files where they imported a chunk merged into one.
import { build } from "esbuild";
import { rolldown } from "rolldown";
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

/** The modules of the commands a responder types during a crisis (issue 15): merged into one chunk. */
const INCIDENT_ENTRIES = [
  "src/commands/parse-input.ts",
  "src/services/incident/record.ts",
  "src/services/incident/status.ts",
  "src/services/incident/list.ts",
  "src/services/playbooks.ts",
];

// CRISIS_UNMINIFIED=1 keeps names readable for a CPU profile (node --cpu-prof).
const unminified = Boolean(process.env.CRISIS_UNMINIFIED);
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
  minify: !unminified,
  legalComments: "none",
  sourcemap: "linked",
  sourcesContent: false,
  metafile: true,
  define: { __CRISIS_VERSION__: JSON.stringify(pkg.version) },
  // CommonJS dependencies call require(); give the ESM chunks one.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: "warning",
  write: false,
});

/** Output files (paths relative to the root, as the metafile names them) statically imported from `starts`, themselves included. */
function staticClosure(starts) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of result.metafile.outputs[file].imports)
      if (i.kind === "import-statement" && !i.external) visit(i.path);
  };
  for (const file of starts) visit(file);
  return seen;
}

const outputs = Object.entries(result.metafile.outputs);
const outputOf = (entry) => {
  const found = outputs.find(([, o]) => o.entryPoint === entry);
  if (!found) throw new Error(`build: no output for ${entry}`);
  return found[0];
};
const entryFiles = new Set(["src/cli.ts", "src/services/lint/worker.ts"].map(outputOf));
const cliCore = staticClosure([outputOf("src/cli.ts")]);
const incident = new Set([...staticClosure(INCIDENT_ENTRIES.map(outputOf))].filter((f) => !cliCore.has(f)));
const absolute = (files) => new Set([...files].filter((f) => !entryFiles.has(f)).map((f) => path.resolve(root, f)));
const groups = [
  { name: "cli-core", files: absolute(cliCore) },
  { name: "incident", files: absolute(incident) },
];

// esbuild's output, read from memory: its chunks are rolldown's modules, its source maps their input maps.
const inMemory = new Map(result.outputFiles.map((f) => [f.path, f.text]));
const bundle = await rolldown({
  cwd: root,
  input: { cli: path.join(dist, "cli.js"), "lint-worker": path.join(dist, "lint-worker.js") },
  platform: "node",
  // A dynamic import of a merged module gets the merged chunk, whose exports are a superset.
  preserveEntrySignatures: "allow-extension",
  logLevel: "warn",
  plugins: [
    {
      name: "esbuild-output",
      resolveId(source, importer) {
        if (importer === undefined) return inMemory.has(source) ? source : null;
        const file = path.resolve(path.dirname(importer), source);
        if ((source.startsWith("./") || source.startsWith("../")) && inMemory.has(file)) return file;
        return { id: source, external: true };
      },
      load(id) {
        const code = inMemory.get(id);
        if (code === undefined) throw new Error(`build: ${id} is not an esbuild output`);
        return { code, map: inMemory.get(`${id}.map`) ?? null };
      },
    },
  ],
});
const written = await bundle.write({
  dir: dist,
  format: "es",
  entryFileNames: "[name].js",
  chunkFileNames: "chunks/[name]-[hash].js",
  sourcemap: true,
  // esbuild has minified the code already: only the whitespace rolldown's printer adds goes.
  minify: unminified ? false : { compress: false, mangle: false, codegen: { removeWhitespace: true } },
  codeSplitting: {
    includeDependenciesRecursively: false,
    groups: groups.map(({ name, files }) => ({ name, test: (id) => files.has(id) })),
  },
});
await bundle.close();

mkdirSync(dist, { recursive: true });
writeFileSync(path.join(dist, "version.js"), `export const VERSION = ${JSON.stringify(pkg.version)};\n`);

// Chunk names carry a content hash: remove the ones earlier builds left behind. Only after writing
// the new ones, and only those older than a minute, so a CLI started just before this build can
// still lazily load the chunks it was built with.
const keep = new Set([
  ...written.output.flatMap((o) => [
    path.join(dist, o.fileName),
    ...(o.sourcemapFileName ? [path.join(dist, o.sourcemapFileName)] : []),
  ]),
  path.join(dist, "version.js"),
]);
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  const file = path.join(entry.parentPath ?? entry.path, entry.name);
  if (!entry.isFile() || !/\.(js|map)$/.test(entry.name) || keep.has(file)) continue;
  if (Date.now() - statSync(file).mtimeMs > 60_000) rmSync(file, { force: true });
}

writeNotices(root);
