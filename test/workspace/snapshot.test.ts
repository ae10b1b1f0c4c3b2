// @module-tag slow (parses the bundled and fixture catalogs a dozen times)
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { listPlaybooks } from "../../src/services/playbooks.js";
import { cacheDir } from "../../src/services/workspace/cache-dir.js";
import { snapshotPlaybook, workspaceSnapshot } from "../../src/services/workspace/snapshot.js";
import { loadWorkspace } from "../../src/services/workspace/workspace.js";
import { fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";
import { fixtureWorkspace } from "../helpers/workspace.js";

/** A workspace (the runner fixture: bundled playbooks plus a local one) with its own cache folder. */
function setup() {
  const cwd = fixtureWorkspace();
  const cache = tempDir();
  const io = fakeIo({ cwd, env: { CRISIS_CACHE_DIR: cache } });
  const snapshotFiles = () => readdirSync(path.join(cache, "workspace"));
  return { cwd, cache, io, snapshotFiles };
}

/** A kept snapshot as one object (services/workspace/snapshot.ts: a head line, then each playbook's JSON; places in bytes). */
function readKept(file: string): { problems: unknown[]; templateTitles: unknown; playbooks: Record<string, unknown> } {
  const bytes = readFileSync(file);
  const newline = bytes.indexOf(0x0a);
  const head = JSON.parse(bytes.toString("utf8", 0, newline)) as {
    problems: unknown[];
    templateTitles: unknown;
    playbooks: Record<string, [number, number]>;
  };
  const body = bytes.subarray(newline + 1);
  const playbooks = Object.fromEntries(
    Object.entries(head.playbooks).map(([id, [start, length]]) => [
      id,
      JSON.parse(body.toString("utf8", start, start + length)) as unknown,
    ]),
  );
  return { problems: head.problems, templateTitles: head.templateTitles, playbooks };
}

function writeKept(file: string, data: ReturnType<typeof readKept>): void {
  let offset = 0;
  const texts = Object.entries(data.playbooks).map(([id, p]) => {
    const text = JSON.stringify(p);
    offset += Buffer.byteLength(text);
    return { id, text, start: offset - Buffer.byteLength(text) };
  });
  const at = Object.fromEntries(texts.map((t) => [t.id, [t.start, Buffer.byteLength(t.text)]]));
  const head = JSON.stringify({ problems: data.problems, templateTitles: data.templateTitles, playbooks: at });
  writeFileSync(file, `${head}\n${texts.map((t) => t.text).join("")}`);
}

describe("the workspace snapshot", () => {
  test("holds every playbook as the parsed catalog resolves it, its problems and the template titles", () => {
    const { io } = setup();
    const ws = loadWorkspace(io, {});
    const snapshot = workspaceSnapshot(loadWorkspace(io, {}), io.env);
    const parsed = JSON.parse(JSON.stringify(Object.fromEntries(ws.catalog.playbooks))) as unknown;
    expect(snapshot.playbooks).toEqual(parsed);
    expect(Object.keys(snapshot.playbooks)).toContain("fixture");
    expect(Object.keys(snapshot.playbooks)).toContain("data-breach");
    expect(snapshot.problems).toEqual(ws.catalog.problems);
    expect(snapshot.templateTitles["fixture/holding"]).toBe(ws.templates.templates.get("fixture/holding")?.meta.title);
  });

  test("a second command reads it from the cache instead of parsing the playbooks", () => {
    const { io, cache, snapshotFiles } = setup();
    workspaceSnapshot(loadWorkspace(io, {}), io.env);
    const [file] = snapshotFiles();
    expect(file).toBeDefined();
    // Mark the cached copy: a command that parsed the files would not see the mark.
    const cached = path.join(cache, "workspace", file!);
    const data = readKept(cached);
    (data.playbooks.fixture as { title: string }).title = "From the cache";
    writeKept(cached, data);
    expect(snapshotPlaybook(loadWorkspace(io, {}), io.env, "fixture")?.title).toBe("From the cache");
  });

  test("a command parses only the playbooks it reads: a damaged one it does not read is no matter, one it reads comes from the files", () => {
    const { io, cache, snapshotFiles } = setup();
    const built = workspaceSnapshot(loadWorkspace(io, {}), io.env);
    const cached = path.join(cache, "workspace", snapshotFiles()[0]!);
    expect(readKept(cached)).toEqual(JSON.parse(JSON.stringify(built)));
    const text = readFileSync(cached);
    const newline = text.indexOf(0x0a);
    const head = JSON.parse(text.toString("utf8", 0, newline)) as { playbooks: Record<string, [number, number]> };
    const [start] = head.playbooks["data-breach"]!;
    const at = newline + 1 + start;
    const damaged = Buffer.from(text);
    damaged[at] = "x".charCodeAt(0);
    writeFileSync(cached, damaged);
    const ws = loadWorkspace(io, {});
    expect(snapshotPlaybook(ws, io.env, "fixture")?.title).toBe(built.playbooks.fixture!.title);
    // Damaged from outside: the playbook comes from the files, and the damaged file goes (built again next time).
    expect(snapshotPlaybook(ws, io.env, "data-breach")).toEqual(built.playbooks["data-breach"]);
    expect(existsSync(cached)).toBe(false);
    workspaceSnapshot(loadWorkspace(io, {}), io.env);
    expect(readKept(cached)).toEqual(JSON.parse(JSON.stringify(built)));
    // A file cut short is no snapshot at all: the playbooks are parsed again, as without a cache.
    writeFileSync(cached, text.subarray(0, text.length - 10));
    expect(snapshotPlaybook(loadWorkspace(io, {}), io.env, "data-breach")).toEqual(built.playbooks["data-breach"]);
  });

  test("a changed playbook or template is another key: the files are parsed again", () => {
    const { io, cwd, snapshotFiles } = setup();
    workspaceSnapshot(loadWorkspace(io, {}), io.env);
    const file = path.join(cwd, "playbooks", "fixture.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace(/^title: .*$/m, "title: Renamed fixture"));
    expect(snapshotPlaybook(loadWorkspace(io, {}), io.env, "fixture")?.title).toBe("Renamed fixture");
    const template = path.join(cwd, "templates", "messages", "fixture", "holding.txt");
    writeFileSync(template, readFileSync(template, "utf8").replace(/^title: .*$/m, "title: Renamed holding"));
    expect(workspaceSnapshot(loadWorkspace(io, {}), io.env).templateTitles["fixture/holding"]).toBe("Renamed holding");
    expect(snapshotFiles()).toHaveLength(3);
  });

  test("a file rewritten to the same size is seen too (the key is not read from stat alone when stat changed)", () => {
    const { io, cwd, snapshotFiles } = setup();
    const file = path.join(cwd, "playbooks", "fixture.yaml");
    const text = readFileSync(file, "utf8");
    const title = /^title: (.*)$/m.exec(text)![1]!;
    workspaceSnapshot(loadWorkspace(io, {}), io.env);
    const same = "X".repeat(title.length);
    writeFileSync(file, text.replace(/^title: .*$/m, `title: ${same}`));
    expect(snapshotPlaybook(loadWorkspace(io, {}), io.env, "fixture")?.title).toBe(same);
    expect(snapshotFiles()).toHaveLength(2);
  });

  test("places are in bytes: a command reads the head and its own playbook's bytes, whatever characters come before", () => {
    const { io, cache, snapshotFiles } = setup();
    const built = workspaceSnapshot(loadWorkspace(io, {}), io.env);
    const cached = path.join(cache, "workspace", snapshotFiles()[0]!);
    // The bundled playbooks hold characters of more than one byte (→, —): the places must count bytes.
    expect(Buffer.byteLength(readFileSync(cached, "utf8"))).toBeGreaterThan(readFileSync(cached, "utf8").length);
    const ws = loadWorkspace(io, {});
    for (const id of Object.keys(built.playbooks))
      expect(snapshotPlaybook(ws, io.env, id), id).toEqual(JSON.parse(JSON.stringify(built.playbooks[id])));
    expect(existsSync(cached)).toBe(true);
  });

  test("a damaged cache file is rebuilt; a cache folder that cannot be written is no error", () => {
    const { io, cache, snapshotFiles } = setup();
    workspaceSnapshot(loadWorkspace(io, {}), io.env);
    const cached = path.join(cache, "workspace", snapshotFiles()[0]!);
    writeFileSync(cached, '{"playbooks": ');
    expect(snapshotPlaybook(loadWorkspace(io, {}), io.env, "fixture")?.id).toBe("fixture");
    expect(readKept(cached).playbooks).toHaveProperty("fixture");

    const blocked = tempDir({ "not-a-folder": "x" });
    const io2 = fakeIo({ cwd: io.cwd, env: { CRISIS_CACHE_DIR: path.join(blocked, "not-a-folder") } });
    expect(snapshotPlaybook(loadWorkspace(io2, {}), io2.env, "fixture")?.id).toBe("fixture");
  });

  test("crisis playbooks lists the same with and without the cache, and reports the same problems", async () => {
    const { cwd, cache } = setup();
    writeFileSync(path.join(cwd, "playbooks", "broken.yaml"), "id: broken\ntitle: [unclosed\n");
    const run = async (env: Record<string, string>) => {
      const io = fakeIo({ cwd, env });
      const code = await listPlaybooks(io, {}, {});
      return { code, out: io.out(), err: io.err() };
    };
    const plain = await run({});
    expect(plain.code).toBe(2);
    expect(plain.err).toContain("broken.yaml");
    expect(await run({ CRISIS_CACHE_DIR: cache })).toEqual(plain);
    expect(await run({ CRISIS_CACHE_DIR: cache })).toEqual(plain);
  });
});

describe("the cache folder", () => {
  test("is $CRISIS_CACHE_DIR, else $XDG_CACHE_HOME/crisis, else ~/.cache/crisis; off or no home means none", () => {
    expect(cacheDir({ CRISIS_CACHE_DIR: "/tmp/c", XDG_CACHE_HOME: "/x", HOME: "/h" })).toBe(path.resolve("/tmp/c"));
    expect(cacheDir({ XDG_CACHE_HOME: "/x", HOME: "/h" })).toBe(path.join("/x", "crisis"));
    expect(cacheDir({ HOME: "/h" })).toBe(path.join("/h", ".cache", "crisis"));
    expect(cacheDir({ CRISIS_CACHE_DIR: "off", HOME: "/h" })).toBeUndefined();
    expect(cacheDir({})).toBeUndefined();
  });

  test("off: nothing is written and the playbooks are still there", () => {
    const { cwd } = setup();
    const home = tempDir();
    const io = fakeIo({ cwd, env: { CRISIS_CACHE_DIR: "off", HOME: home } });
    expect(snapshotPlaybook(loadWorkspace(io, {}), io.env, "fixture")?.id).toBe("fixture");
    expect(readdirSync(home)).toEqual([]);
  });
});
