// @module-tag slow (a temporary team repository linted several times through the CLI)
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli.js";
import { fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";

/**
 * crisis lint --cache: a second run with nothing changed prints exactly what a run without the
 * cache prints, and a change to a playbook, the spine it extends, a template it uses, the config
 * or the date is seen at once. Each run with the cache is compared with a run without it.
 */

const playbook = (id: string, extra = "") => `id: ${id}
title: Team playbook ${id}
summary: A team's own playbook for the cache tests.
version: 1.0.0
crisis_type: other
owner: Comms team
last_reviewed: 2026-11-01
extends: base
posture: { default: diminish, cluster: accidental, why: Fits. }
steps:
  - extend: holding
    messages:
      - template: team/holding
        channels: [x]${extra}
`;

const SPINE = readFileSync("test/fixtures/lint-team/playbooks/spine/base.yaml", "utf8");
const HOLDING =
  "---\ntitle: Holding\nkind: holding\naudience: public\n---\nWe know and we are on it. Next update by {{next_update_time}}.\n";

function repo(): string {
  return tempDir({
    "crisis.config.yaml": "playbook_dirs: [playbooks]\ntemplate_dirs: [templates]\n",
    "playbooks/spine/base.yaml": SPINE,
    "playbooks/a.yaml": playbook("a"),
    "playbooks/b.yaml": playbook("b", "\n# TODO: check the wording with legal"),
    "templates/messages/team/holding.txt": HOLDING,
  });
}

async function lint(cwd: string, args: string[], now = new Date("2026-11-21T19:30:00Z")) {
  const io = fakeIo({ cwd, now });
  const code = await main(["node", "crisis", "lint", ...args], io);
  return { code, out: io.out(), err: io.err() };
}

/** The same run with and without the cache: what the cached run prints must be the uncached run's output. */
async function both(cwd: string, args: string[], now?: Date) {
  const cached = await lint(cwd, ["--cache", ...args], now);
  const plain = await lint(cwd, args, now);
  expect(cached).toEqual(plain);
  return cached;
}

const edit = (cwd: string, file: string, change: (text: string) => string) => {
  const full = path.join(cwd, file);
  writeFileSync(full, change(readFileSync(full, "utf8")));
};

describe("crisis lint --cache", () => {
  test("a re-run with nothing changed prints the same report, in every format, from the cache", async () => {
    const dir = repo();
    for (const format of ["stylish", "json", "sarif", "github"]) {
      const first = await both(dir, ["playbooks/a.yaml", "playbooks/b.yaml", "--format", format]);
      expect(first.out).toMatch(/hygiene\/todo/);
      const again = await both(dir, ["playbooks/a.yaml", "playbooks/b.yaml", "--format", format]);
      expect(again).toEqual(first);
    }
    const cache = JSON.parse(readFileSync(path.join(dir, ".crisis-lint-cache"), "utf8")) as {
      files: Record<string, { findings: { rule: string }[] }>;
    };
    expect(Object.keys(cache.files).sort()).toEqual(["crisis.config.yaml", "playbooks/a.yaml", "playbooks/b.yaml"]);
    expect(cache.files["playbooks/b.yaml"]?.findings.map((f) => f.rule)).toContain("hygiene/todo");
  });

  test("a changed playbook is linted again; the other keeps its result", async () => {
    const dir = repo();
    await both(dir, ["playbooks"]);
    edit(dir, "playbooks/a.yaml", (t) => t.replace("channels: [x]", "channels: [x, statuspage]"));
    const r = await both(dir, ["playbooks"]);
    expect(r.out).toMatch(/playbooks\/a\.yaml:14:\d+: error: unknown channel "statuspage"/);
    expect(r.out).toMatch(/playbooks\/b\.yaml:.*hygiene\/todo/);
  });

  test("a change to the spine a playbook extends is seen by the playbook", async () => {
    const dir = repo();
    const before = await both(dir, ["playbooks/a.yaml"]);
    expect(before.code).toBe(0);
    edit(dir, "playbooks/spine/base.yaml", (t) => t.replace(/^(\s+- id: )holding$/m, "$1holding-statement"));
    const after = await both(dir, ["playbooks/a.yaml"]);
    expect(after.out).toMatch(/holding/);
    expect(after.code).not.toBe(0);
  });

  test("a change to a template a playbook uses is seen by the playbook", async () => {
    const dir = repo();
    expect((await both(dir, ["playbooks/a.yaml"])).code).toBe(0);
    edit(dir, "templates/messages/team/holding.txt", (t) =>
      t.replace("We know", `We know ${"and we care ".repeat(40)}`),
    );
    const after = await both(dir, ["playbooks/a.yaml"]);
    expect(after.out).toMatch(/channel\/fixed-text-too-long/);
  });

  test("a change to the config is seen by every file", async () => {
    const dir = repo();
    expect((await both(dir, ["playbooks/b.yaml"])).out).toMatch(/hygiene\/todo/);
    edit(dir, "crisis.config.yaml", (t) => `${t}lint:\n  rules:\n    hygiene/todo: "off"\n`);
    expect((await both(dir, ["playbooks/b.yaml"])).out).not.toMatch(/hygiene\/todo/);
  });

  test("another day re-checks the date rules", async () => {
    const dir = repo();
    expect((await both(dir, ["playbooks/a.yaml"])).out).not.toMatch(/review-age/);
    const later = new Date("2027-11-21T19:30:00Z");
    expect((await both(dir, ["playbooks/a.yaml"], later)).out).toMatch(/hygiene\/review-age/);
  });

  test("a corrupt cache is ignored with a warning and written anew", async () => {
    const dir = repo();
    const first = await lint(dir, ["--cache", "playbooks/b.yaml"]);
    writeFileSync(path.join(dir, ".crisis-lint-cache"), '{"format": 1, "files": {"x": ');
    const r = await lint(dir, ["--cache", "playbooks/b.yaml"]);
    expect(r.err).toMatch(/ignoring the cache .*\.crisis-lint-cache: it is not a crisis lint cache/);
    expect(r.out).toBe(first.out);
    expect(r.code).toBe(first.code);
    expect(() => JSON.parse(readFileSync(path.join(dir, ".crisis-lint-cache"), "utf8")) as unknown).not.toThrow();
    expect((await lint(dir, ["--cache", "playbooks/b.yaml"])).err).not.toMatch(/ignoring/);
  });

  test("--cache-location puts the cache where it is told", async () => {
    const dir = repo();
    await lint(dir, ["--cache", "--cache-location", "build/lint-cache.json", "playbooks/a.yaml"]);
    expect(readFileSync(path.join(dir, "build/lint-cache.json"), "utf8")).toMatch(/"playbooks\/a\.yaml"/);
  });
});
