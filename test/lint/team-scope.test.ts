import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli.js";
import { fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";

/** A team repository as `crisis init --yes` leaves it: a config, and no playbook or template of its own. */
async function freshRepo(flags: string[] = [], files: Record<string, string> = {}): Promise<string> {
  const dir = tempDir(files);
  const io = fakeIo({ cwd: dir });
  expect(await main(["node", "crisis", "init", "--yes", "--no-ci", "--no-editor", ...flags], io), io.err()).toBe(0);
  return dir;
}

async function lint(cwd: string, args: string[] = [], now?: Date) {
  const io = fakeIo({ cwd, ...(now ? { now } : {}) });
  const code = await main(["node", "crisis", "lint", "--format", "json", ...args], io);
  const json = io.out() ? (JSON.parse(io.out()) as LintJson) : undefined;
  return { code, json, err: io.err() };
}

interface LintJson {
  files: { path: string; kind: string }[] | number;
  findings: { rule: string; severity: string; file: string; message: string }[];
}

const BUNDLED = readdirSync(path.resolve(import.meta.dirname, "../../playbooks")).filter((f) => f.endsWith(".yaml"));

describe("crisis lint in a freshly initialised team repository", () => {
  test("checks the config and the bundled playbooks in the team's context, and passes", async () => {
    const dir = await freshRepo();
    const r = await lint(dir);
    expect(r.code, r.err).toBe(0);
    expect(r.json?.findings).toEqual([]);
    expect(r.err).toMatch(new RegExp(`✔ ${BUNDLED.length + 2} files checked, no problems`));
  });

  test("a brand name long enough to push a bundled message over a channel's limit is reported there, with what to do", async () => {
    const dir = await freshRepo(["--brand", `Northwind ${"Very ".repeat(50)}Long Outdoor Supplies`]);
    const r = await lint(dir);
    const tooLong = r.json?.findings.filter((f) => f.rule === "channel/too-long") ?? [];
    expect(tooLong.length, r.err).toBeGreaterThan(0);
    expect(tooLong[0]?.file).toMatch(/playbooks\/(spine\/)?[a-z-]+\.yaml$/);
    expect(tooLong[0]?.message).toMatch(/with this repository's config and templates: change the brand's facts/);
    expect(r.code).toBe(0); // a warning
    expect((await lint(dir, ["--max-warnings", "0"])).code).toBe(1);
  });

  test("a channel limit the team sets is what the bundled messages are counted against", async () => {
    const dir = await freshRepo();
    const { appendFileSync } = await import("node:fs");
    appendFileSync(path.join(dir, "crisis.config.yaml"), "channels:\n  x: { limit: 40 }\n");
    const r = await lint(dir);
    expect(r.code).toBe(1);
    expect(r.json?.findings.map((f) => f.rule)).toContain("channel/fixed-text-too-long");
    expect(r.json?.findings.every((f) => /\(bundled (playbook|spine) /.test(f.message))).toBe(true);
  });

  test("a bundled playbook's own age is not the team's problem: no review-age finding years later", async () => {
    const dir = await freshRepo();
    const r = await lint(dir, [], new Date("2031-01-01T00:00:00Z"));
    expect(r.code, r.err).toBe(0);
    expect(r.json?.findings).toEqual([]);
  });

  test("a playbook the team customised replaces the bundled one, which is then not linted", async () => {
    const dir = await freshRepo(["--playbooks", "data-breach"]);
    const r = await lint(dir);
    expect(r.code, r.err).toBe(0);
    const out = await lint(dir, ["--format", "sarif"]);
    expect(out.code).toBe(0);
    const io = fakeIo({ cwd: dir });
    await main(["node", "crisis", "lint"], io);
    // ref/override (info) says the copies replace the bundled files; nothing else is found.
    expect(io.err()).toMatch(/ 0 errors, 0 warnings, \d+ info /);
    expect(io.out()).not.toMatch(/\[(?!ref\/override\])[a-z]+\/[a-z-]+\]$/m);
  });

  test("the config's own problems are reported even with no playbook of the team's", async () => {
    const dir = await freshRepo();
    const { appendFileSync } = await import("node:fs");
    appendFileSync(path.join(dir, "crisis.config.yaml"), "brand_name: Acme\n");
    const r = await lint(dir);
    expect(r.code).toBe(2);
    expect(r.json?.findings.map((f) => [f.rule, f.file])).toContainEqual(["schema/unknown-key", "crisis.config.yaml"]);
  });
});
