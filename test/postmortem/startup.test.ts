// @module-tag slow (crisis processes with a module-load hook)
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateJournal } from "../../bench/generate-journal.js";
import { firstPlaybook } from "../../bench/postmortem.js";
import { main } from "../../src/cli.js";
import { loadJournalSchema } from "../../src/core/journal/lines.js";
import { readJournal } from "../../src/services/journal/store.js";
import { fakeIo } from "../helpers/io.js";
import { crisisRecordingModules } from "../helpers/loaded-modules.js";
import { tempDir } from "../helpers/tmp.js";

/**
 * What `crisis postmortem` loads (issue 15: its fixed cost is paid on every journal, however
 * short): without a config file it loads no YAML parser and no zod (zod's journal schema only for
 * a line the quick check leaves to it); either way it writes what the command writes with everything
 * loaded first (in this process, where the schema is loaded before the command runs).
 */

const ID = "2025-03-14-postmortem-startup";
// Named as crisis start names it, with the targets and role titles it records: no playbook YAML is needed.
const PLAYBOOK = firstPlaybook(process.cwd());

function setup() {
  const cwd = tempDir();
  const folder = path.join(cwd, "incidents", ID);
  mkdirSync(folder, { recursive: true });
  const journal = path.join(folder, "journal.jsonl");
  writeFileSync(journal, generateJournal(400, ID, PLAYBOOK));
  const env = { ...process.env, NO_COLOR: "1", CRISIS_CACHE_DIR: path.join(cwd, ".cache") };
  const run = crisisRecordingModules(cwd, env);
  // The same command in this process with the journal schema loaded first: the path it replaces.
  const inProcess = async (args: string[]) => {
    await loadJournalSchema();
    const io = fakeIo({ cwd, env: { CRISIS_CACHE_DIR: env.CRISIS_CACHE_DIR }, now: new Date() });
    return { code: await main(["node", "crisis", ...args], io), stdout: io.out() };
  };
  return { cwd, journal, run, inProcess };
}

describe("the post-mortem's start-up", () => {
  it("loads no YAML parser without a config file, and writes what it writes with everything loaded", async () => {
    const { run, inProcess } = setup();
    const spawned = run(["postmortem", ID, "--no-retro", "--output", "-"]);
    expect(spawned.code, spawned.stderr).toBe(0);
    expect(spawned.libraries).not.toContain("yaml");
    // Nor zod: the channels and the phase names it needs are plain lists (core/channels/builtin.ts, playbook/levels.ts).
    expect(spawned.libraries).not.toContain("zod");
    const loadedFirst = await inProcess(["postmortem", ID, "--no-retro", "--output", "-"]);
    expect(loadedFirst.code).toBe(0);
    expect(spawned.stdout).toBe(loadedFirst.stdout);
  });

  it("a line only the schema reads loads it, and the post-mortem is the same as with it loaded first", async () => {
    const { run, inProcess, journal } = setup();
    // A paused session whose keys are not in the writer's order (left to zod by the quick check,
    // which passes only the canonical form), in the middle of the journal.
    const lines = readFileSync(journal, "utf8").trim().split("\n");
    const middle = JSON.parse(lines[200]!) as Record<string, unknown>;
    const data = { how: "paused", step: "declare" };
    const paused = { ...middle, id: "pausedpausedpaused00", type: "session_paused", data };
    lines.splice(201, 0, JSON.stringify(paused));
    writeFileSync(journal, `${lines.join("\n")}\n`);
    const spawned = run(["postmortem", ID, "--no-retro", "--format", "json"]);
    expect(spawned.code, spawned.stderr).toBe(0);
    expect(spawned.libraries).toContain("zod");
    const loadedFirst = await inProcess(["postmortem", ID, "--no-retro", "--format", "json"]);
    expect(spawned.stdout).toBe(loadedFirst.stdout);
  });

  it("an answers file is read and recorded (the YAML parser and the schema load for it)", () => {
    const { run, cwd, journal } = setup();
    writeFileSync(path.join(cwd, "retro.yaml"), "lucky:\n  - The outage began outside the evening peak\n");
    const r = run(["postmortem", ID, "--answers", "retro.yaml", "--no-retro"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.libraries).toContain("yaml");
    const events = readJournal(path.dirname(journal)).events;
    expect(events.at(-1)).toMatchObject({
      type: "retro_item",
      data: { section: "lucky", text: "The outage began outside the evening peak" },
    });
    expect(readFileSync(path.join(path.dirname(journal), "postmortem.md"), "utf8")).toContain(
      "The outage began outside the evening peak",
    );
  });
});
