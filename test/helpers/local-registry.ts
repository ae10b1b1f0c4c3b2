import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * A registry on the loopback interface that serves crisis's runtime dependency tree from this
 * repository's node_modules, so a test can `npm install` the packed tarball into an empty
 * repository with no network at all. (npm 11 wants full packuments to build a new tree, which the
 * cache `npm ci` leaves behind does not hold, so `npm install --offline` alone cannot do it.)
 */

interface Pkg {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
}

function resolvePackage(name: string, from: string, root: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    if (dir === root || dir === path.dirname(dir)) return undefined;
  }
}

/** Every installed package reachable from `names` through dependencies, as Node resolves them. */
function tree(names: string[], root: string): { dir: string; pkg: Pkg }[] {
  const found = new Map<string, Pkg>();
  const queue = names.map((name) => ({ name, from: root }));
  for (let next = queue.shift(); next; next = queue.shift()) {
    const dir = resolvePackage(next.name, next.from, root);
    if (dir === undefined || found.has(dir)) continue;
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as Pkg;
    found.set(dir, pkg);
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }))
      queue.push({ name: dep, from: dir });
  }
  return [...found].map(([dir, pkg]) => ({ dir, pkg }));
}

/** Writes packuments and tarballs for crisis's runtime dependencies under `dir`; returns how many packages. */
export function buildRegistry(root: string, dir: string, base: string): number {
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as Pkg;
  const packages = tree(Object.keys(manifest.dependencies ?? {}), root);
  mkdirSync(path.join(dir, "tarballs"), { recursive: true });
  const packuments = new Map<
    string,
    { name: string; "dist-tags": Record<string, string>; versions: Record<string, unknown> }
  >();
  for (const { dir: pkgDir, pkg } of packages) {
    const file = `${pkg.name.replace("/", "-")}-${pkg.version}.tgz`;
    const tarball = path.join(dir, "tarballs", file);
    const tar = spawnSync("tar", [
      "-czf",
      tarball,
      "-C",
      pkgDir,
      "--exclude=node_modules",
      "--transform",
      "s,^\\.,package,",
      ".",
    ]);
    if (tar.status !== 0) throw new Error(`tar failed for ${pkg.name}: ${tar.stderr.toString()}`);
    const integrity = `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`;
    const entry = packuments.get(pkg.name) ?? { name: pkg.name, "dist-tags": {}, versions: {} };
    entry.versions[pkg.version] = { ...pkg, dist: { tarball: `${base}/tarballs/${file}`, integrity } };
    const latest = entry["dist-tags"].latest;
    if (latest === undefined || latest.localeCompare(pkg.version, undefined, { numeric: true }) < 0)
      entry["dist-tags"].latest = pkg.version;
    packuments.set(pkg.name, entry);
  }
  for (const [name, doc] of packuments)
    writeFileSync(path.join(dir, `${encodeURIComponent(name).toLowerCase()}.json`), JSON.stringify(doc));
  return packages.length;
}

const SERVER = `
const http = require("node:http"), fs = require("node:fs"), path = require("node:path");
const dir = process.argv[2];
http.createServer((req, res) => {
  const url = decodeURIComponent(req.url.split("?")[0]);
  const file = url.startsWith("/tarballs/")
    ? path.join(dir, "tarballs", path.basename(url))
    : path.join(dir, encodeURIComponent(url.slice(1)).toLowerCase() + ".json");
  fs.readFile(file, (err, body) => {
    if (err) { res.writeHead(404, { "content-type": "application/json" }); res.end('{"error":"not found"}'); return; }
    res.writeHead(200, { "content-type": file.endsWith(".json") ? "application/json" : "application/octet-stream" });
    res.end(body);
  });
}).listen(0, "127.0.0.1", function () { console.log(String(this.address().port)); });
`;

/**
 * Serves `dir` on 127.0.0.1 (a free port) from a child process: the test's own thread blocks in
 * spawnSync while npm talks to it. Fill `dir` with buildRegistry(…, url) once it runs.
 */
export async function startRegistry(dir: string): Promise<{ url: string; stop: () => void }> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "server.cjs"), SERVER);
  const child = spawn(process.execPath, [path.join(dir, "server.cjs"), dir], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim()));
    child.once("exit", (code) => reject(new Error(`the local registry exited (${String(code)})`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}
