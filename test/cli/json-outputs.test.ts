// @module-tag slow (drives a whole incident through the step engine, in process)
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { main } from "../../src/cli.js";
import { clock, fakeIo } from "../helpers/io.js";
import { FIXTURES } from "../helpers/workspace.js";

const ANSWERS = `title: JSON outputs
roles: { lead: Ana Ruiz }
severity: { answers: { reach: A few } }
prompts: { war_room: "#side", confirmed_facts: Facts., what_changed: Nothing. }
messages: { "*": { approve: true, publish: true } }
`;

/** Every key in a JSON document, at any depth, except the keys of maps whose keys are data (ids, SEV levels). */
function keysOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) keysOf(v, out);
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      keysOf(v, out);
    }
  return out;
}

function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) stringsOf(v, out);
  return out;
}

/** Every command that reports, with --json: each output is checked for the conventions below. */
const REPORTS: string[][] = [
  ["list", "--json"],
  ["status", "--json"],
  ["playbooks", "--json"],
  ["playbooks", "show", "fixture", "--json"],
  ["postmortem", "--json", "--no-retro"],
  ["postmortem", "--format", "json", "--no-retro"],
  ["lint", "--json"],
  ["lint", "--format", "json"],
  ["lint", "--list-rules", "--json"],
  ["init", "--yes", "--dry-run", "--json"],
];

describe("every --json output", () => {
  // One incident for all the reports (driving it is the slow part), in a copy of the runner fixture.
  const cwd = mkdtempSync(path.join(tmpdir(), "crisis-json-"));
  const now = clock("2026-11-21T19:30:00.000Z", 0);
  const run = async (...args: string[]) => {
    const io = fakeIo({ cwd, now });
    const code = await main(["node", "crisis", ...args], io);
    return { code, out: io.out(), err: io.err() };
  };
  beforeAll(async () => {
    cpSync(path.join(FIXTURES, "runner"), cwd, { recursive: true });
    writeFileSync(path.join(cwd, "answers.yaml"), ANSWERS);
    const started = await run("start", "fixture", "--answers", "answers.yaml");
    expect(started.code, started.err).toBe(0);
    now.advance(30 * 60_000);
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  test.each(REPORTS.map((args) => [args.join(" "), args] as const))(
    "crisis %s: an object with a format version, snake_case keys, no absolute paths",
    async (_, args) => {
      const r = await run(...args);
      expect([0, 1], r.err).toContain(r.code);
      const doc = JSON.parse(r.out) as Record<string, unknown>;
      expect(doc.constructor).toBe(Object);
      expect(typeof doc.version, "a top-level version").toBe("number");
      const camel = keysOf(doc).filter((k) => /^[a-z]+[A-Z]/.test(k));
      expect([...new Set(camel)], "camelCase keys").toEqual([]);
      const absolute = stringsOf(doc).filter((s) => s.includes(cwd) || s.startsWith("/"));
      expect(absolute, "absolute paths").toEqual([]);
    },
  );

  test("--json and a --format other than json contradict each other: exit 2, one line", async () => {
    const r = await run("lint", "--json", "--format", "sarif");
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(/--json.*--format sarif/);
  });
});
