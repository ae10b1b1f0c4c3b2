// @module-tag slow (crisis processes with a module-load hook)
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateJournal } from "../../bench/generate-journal.js";
import { main } from "../../src/cli.js";
import { parseConfig } from "../../src/core/config/parse.js";
import { readJournal } from "../../src/services/journal/store.js";
import { fakeIo } from "../helpers/io.js";
import { crisisRecordingModules } from "../helpers/loaded-modules.js";
import { tempDir } from "../helpers/tmp.js";

/**
 * What the incident commands load before they do their work (issue 15: a command a responder
 * types during a crisis costs little more than Node starting). On an incident whose journal holds
 * what the writer writes, with no config file and the workspace snapshot cached, none of them
 * loads zod, yaml or chalk; a journal line only the schema can read loads zod, and the command
 * still does the same.
 */

const ID = "2025-03-14-startup";
const PLAYBOOK = { id: "account-hijack", version: "2.0.0", title: "Hijack", crisis_type: "account-hijack" };

/** A workspace with one open incident of `events` events, and a hook that lists every module loaded. */
function setup() {
  const cwd = tempDir();
  const folder = path.join(cwd, "incidents", ID);
  mkdirSync(folder, { recursive: true });
  const lines = generateJournal(300, ID, PLAYBOOK)
    .split("\n")
    .filter((l) => l !== "" && !l.includes('"type":"resolved"'));
  writeFileSync(path.join(folder, "journal.jsonl"), `${lines.join("\n")}\n`);
  const env = { ...process.env, NO_COLOR: "1", CRISIS_ACTOR: "Ana Ruiz", CRISIS_CACHE_DIR: path.join(cwd, ".cache") };
  const run = crisisRecordingModules(cwd, env);
  // The same command in this process, where the schema is loaded before anything runs (as for every
  // command that reads journals without withJournalSchema): the path the on-demand one replaces.
  const inProcess = async (args: string[]) => {
    const io = fakeIo({ cwd, env: { CRISIS_CACHE_DIR: env.CRISIS_CACHE_DIR }, now: new Date() });
    const code = await main(["node", "crisis", ...args], io);
    return { code, stdout: io.out() };
  };
  return { cwd, cache: env.CRISIS_CACHE_DIR, journal: path.join(folder, "journal.jsonl"), run, inProcess };
}

const COMMANDS = [
  ["status"],
  ["list"],
  ["playbooks"],
  ["note", "Journalist called"],
  ["checkin", "--mentions", "1200", "--negative", "40"],
  ["decision", "Pause ads", "--why", "tone"],
  ["severity", "SEV1", "--reason", "press pickup"],
];

describe("the incident commands' start-up", () => {
  it("loads neither zod, yaml nor chalk when nothing is unusual", () => {
    const { run } = setup();
    expect(run(["status"]).code).toBe(0); // fills the snapshot cache, as any first command does
    for (const args of COMMANDS) {
      const r = run(args);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(0);
      expect(
        [...r.libraries].filter((l) => l === "zod" || l === "yaml"),
        args.join(" "),
      ).toEqual([]);
    }
    expect(run(["note", "One more"]).libraries).not.toContain("chalk");
  });

  it("a line only the schema reads loads zod, and status and note do what they do with it loaded first", async () => {
    const { run, journal, inProcess } = setup();
    expect(run(["status"]).code).toBe(0);
    // A line the quick check leaves to zod (a paused session), written as the writer writes lines.
    const last = JSON.parse(readFileSync(journal, "utf8").trim().split("\n").at(-1)!) as Record<string, unknown>;
    const paused = {
      ...last,
      id: "pausedpausedpaused00",
      clock: (last.clock as number) + 1,
      seq: (last.seq as number) + 1,
      type: "session_paused",
      data: {},
    };
    writeFileSync(journal, `${readFileSync(journal, "utf8")}${JSON.stringify(paused)}\n`);
    const after = run(["status", "--json"]);
    expect(after.code, after.stderr).toBe(0);
    expect(after.libraries).toContain("zod");
    const loadedFirst = await inProcess(["status", "--json"]);
    expect(loadedFirst.code).toBe(0);
    // Everything but the seconds since the declaration, which the two clocks count apart.
    const summary = (text: string) => ({ ...(JSON.parse(text) as object), elapsed_seconds: undefined });
    expect(summary(after.stdout)).toEqual(summary(loadedFirst.stdout));
    const note = run(["note", "After the pause"]);
    expect(note.code, note.stderr).toBe(0);
    expect(note.libraries).toContain("zod");
    const events = readJournal(path.dirname(journal)).events;
    expect(events.at(-1)).toMatchObject({ type: "note", data: { text: "After the pause" } });
    expect(events.filter((e) => e.type === "session_paused")).toHaveLength(1);
  });

  it("a config file is validated once: later commands take it from the cache, and a changed or bad one is read again", () => {
    const { run, cwd, cache } = setup();
    const config = path.join(cwd, "crisis.config.yaml");
    const text = `brand:\n  name: Northwind\n  hub_url: https://northwind.example/updates\nchannels:\n  x: { limit: 200 }\nbaselines: { mentions_per_hour: 100 }\n`;
    writeFileSync(config, text);
    const first = run(["status"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.libraries).toContain("yaml");
    const second = run(["status"]);
    expect(second.stdout).toBe(first.stdout);
    expect([...second.libraries].filter((l) => ["zod", "yaml"].includes(l))).toEqual([]);
    // What was kept is what parsing gives, default values included.
    const [kept] = readdirSync(path.join(cache, "config"));
    expect(JSON.parse(readFileSync(path.join(cache, "config", kept!), "utf8"))).toStrictEqual(
      JSON.parse(JSON.stringify(parseConfig(text, config))),
    );
    writeFileSync(config, `${text}brand_typo: 1\n`);
    const bad = run(["status"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/crisis\.config\.yaml:7:1/);
    expect(run(["status"]).stderr).toBe(bad.stderr);
  });

  it("with notify routes configured, the config still comes from the cache (no yaml); the journal schema is loaded first", () => {
    const { run, cwd } = setup();
    const text = `brand:\n  name: Northwind\nnotify:\n  routes:\n    team:\n      type: slack\n      url_env: CRISIS_TEST_UNSET_WEBHOOK\n`;
    writeFileSync(path.join(cwd, "crisis.config.yaml"), text);
    const first = run(["status"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.libraries).toContain("yaml");
    const second = run(["status"]);
    expect(second.stdout).toBe(first.stdout);
    expect(second.libraries).not.toContain("yaml");
    expect(second.libraries).toContain("zod");
  });
});
