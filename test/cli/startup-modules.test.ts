// @module-tag slow (crisis processes with a module-load hook)
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateJournal } from "../../bench/generate-journal.js";
import { main } from "../../src/cli.js";
import { parseConfig } from "../../src/core/config/parse.js";
import { openSession } from "../../src/services/incident/session.js";
import { readJournal } from "../../src/services/journal/store.js";
import { loadWorkspace } from "../../src/services/workspace/workspace.js";
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

/** Appends a line as the writer writes it: the last line's envelope with the next clock and seq, and `fields` over it. */
function appendAfterLast(journal: string, fields: (last: Record<string, unknown>) => Record<string, unknown>): void {
  const text = readFileSync(journal, "utf8");
  const last = JSON.parse(text.trim().split("\n").at(-1)!) as Record<string, unknown>;
  const line = { ...last, clock: (last.clock as number) + 1, seq: (last.seq as number) + 1, ...fields(last) };
  writeFileSync(journal, `${text}${JSON.stringify(line)}\n`);
}

/**
 * The first command parses the config file (yaml); the next takes it from the cache: the same
 * output, with neither yaml nor zod loaded.
 */
function expectConfigFromCacheAfterFirst(run: ReturnType<typeof setup>["run"]): void {
  const first = run(["status"]);
  expect(first.code, first.stderr).toBe(0);
  expect(first.libraries).toContain("yaml");
  const second = run(["status"]);
  expect(second.stdout).toBe(first.stdout);
  expect([...second.libraries].filter((l) => ["zod", "yaml"].includes(l))).toEqual([]);
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

  it("loads crisis's code from a handful of files, not one per set of modules esbuild split (scripts/build.js)", () => {
    const { run } = setup();
    expect(run(["status"]).code).toBe(0); // fills the snapshot cache
    for (const args of COMMANDS) {
      const r = run(args);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(0);
      // cli.js, version.js, the code every command shares, the incident commands' code, rolldown's helpers.
      expect([...r.distFiles].length, `${args.join(" ")}: ${[...r.distFiles].join("\n")}`).toBeLessThanOrEqual(5);
      // A plain line is read without commander (src/commands/plain-line.ts).
      expect(r.libraries).not.toContain("commander");
    }
    // A line commander reads: commander is required (src/cli.ts), not imported through its ES-module wrapper.
    const help = run(["note", "--help"]);
    expect(help.code).toBe(0);
    expect(help.modules.filter((m) => m.endsWith("/commander/esm.mjs"))).toEqual([]);
    expect(help.libraries).toContain("commander");
  });

  it("a line only the schema reads loads zod, and status and note do what they do with it loaded first", async () => {
    const { run, journal, inProcess } = setup();
    expect(run(["status"]).code).toBe(0);
    // A line the quick check leaves to zod (a skipped message), written as the writer writes lines.
    appendAfterLast(journal, () => ({
      id: "skippedskippedskipped0",
      type: "message_skipped",
      data: { step: "contain", template: "holding", channels: ["x"], reason: "not needed" },
    }));
    const after = run(["status", "--json"]);
    expect(after.code, after.stderr).toBe(0);
    expect(after.libraries).toContain("zod");
    const loadedFirst = await inProcess(["status", "--json"]);
    expect(loadedFirst.code).toBe(0);
    // Everything but the seconds since the declaration, which the two clocks count apart.
    const summary = (text: string) => ({ ...(JSON.parse(text) as object), elapsed_seconds: undefined });
    expect(summary(after.stdout)).toEqual(summary(loadedFirst.stdout));
    const note = run(["note", "After the skip"]);
    expect(note.code, note.stderr).toBe(0);
    expect(note.libraries).toContain("zod");
    const events = readJournal(path.dirname(journal)).events;
    expect(events.at(-1)).toMatchObject({ type: "note", data: { text: "After the skip" } });
    expect(events.filter((e) => e.type === "message_skipped")).toHaveLength(1);
  });

  it("a note whose own line makes the fold read a line only the schema reads is recorded once, not again", () => {
    const { run, journal } = setup();
    appendAfterLast(journal, () => ({
      id: "skippedskippedskipped0",
      type: "message_skipped",
      data: { step: "contain", template: "holding", channels: ["x"], reason: "not needed" },
    }));
    // Keeps a checkpoint past the skipped message: the next note opens without reading it.
    expect(run(["note", "First"]).code).toBe(0);
    // Dated before the latest event: the log cannot take it as one more row, so the session folds
    // the whole journal after writing it, and meets the line that needs the schema.
    const latest = readJournal(path.dirname(journal)).events.at(-1)!.at;
    const earlier = new Date(Date.parse(latest) - 60_000).toISOString();
    const late = run(["note", "Late entry", "--at", earlier]);
    expect(late.code, late.stderr).toBe(0);
    expect(late.libraries).toContain("zod");
    const events = readJournal(path.dirname(journal)).events;
    expect(events.filter((e) => e.type === "note" && e.data.text === "Late entry")).toHaveLength(1);
    const log = readFileSync(path.join(path.dirname(journal), "incident-log.md"), "utf8");
    expect(log).toContain("Late entry");
  });

  it("a config file is validated once: later commands take it from the cache, and a changed or bad one is read again", () => {
    const { run, cwd, cache } = setup();
    const config = path.join(cwd, "crisis.config.yaml");
    const text = `brand:\n  name: Northwind\n  hub_url: https://northwind.example/updates\nchannels:\n  x: { limit: 200 }\nbaselines: { mentions_per_hour: 100 }\n`;
    writeFileSync(config, text);
    expectConfigFromCacheAfterFirst(run);
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

  it("with notify routes configured, the config comes from the cache and neither yaml nor zod loads, attempts in the journal too", () => {
    const { run, cwd, journal } = setup();
    const text = `brand:\n  name: Northwind\nnotify:\n  routes:\n    team:\n      type: slack\n      url_env: CRISIS_TEST_UNSET_WEBHOOK\n`;
    writeFileSync(path.join(cwd, "crisis.config.yaml"), text);
    // What the sender records after a failed delivery (services/notify/send.ts).
    appendAfterLast(journal, (last) => ({
      id: "attemptattemptattempt0",
      actor: "crisis",
      type: "notification_attempt",
      data: {
        key: `${String(last.id)}/team`,
        route: "team",
        kind: "declared",
        source: String(last.id),
        attempt: 1,
        outcome: "failed",
        error: "connect ECONNREFUSED 127.0.0.1:9",
        retry: true,
      },
    }));
    expectConfigFromCacheAfterFirst(run);
    const now = (JSON.parse(run(["status", "--json"]).stdout) as { severity: string }).severity;
    for (const args of [
      ["note", "Journalist called"],
      ["severity", now === "SEV1" ? "SEV2" : "SEV1", "--reason", "press pickup"],
    ]) {
      const r = run(args);
      expect(r.code, r.stderr).toBe(0);
      expect(
        [...r.libraries].filter((l) => ["zod", "yaml"].includes(l)),
        args.join(" "),
      ).toEqual([]);
    }
    // The severity change owes a notification: the note (its session restored from the checkpoint
    // the severity change left, so holding only the events since) still sees it, from the journal.
    const waiting = /notify route team: \$CRISIS_TEST_UNSET_WEBHOOK is not set/;
    expect(run(["note", "Still waiting"]).stderr).toMatch(waiting);
    expect(readdirSync(path.dirname(journal))).toContain(".checkpoint");
    const events = readJournal(path.dirname(journal)).events;
    expect(events.map((e) => e.type).slice(-3)).toEqual(["note", "severity_changed", "note"]);
    // Once delivered (as another machine's sender would record it), nothing is owed any more.
    const change = events.at(-2)!;
    appendAfterLast(journal, () => ({
      id: "deliveredelivered00000",
      at: new Date().toISOString(),
      logged_at: new Date().toISOString(),
      actor: "crisis",
      type: "notification_attempt",
      data: {
        key: `${change.id}/team`,
        route: "team",
        kind: "severity_changed",
        source: change.id,
        attempt: 1,
        outcome: "delivered",
        retry: false,
      },
    }));
    const after = run(["note", "Delivered"]);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stderr).not.toMatch(waiting);
  });

  it("with a sync remote, a note syncs without zod, and loads it to merge a line from the team only the schema reads", async () => {
    const { run, cwd, journal } = setup();
    const remote = path.join(tempDir(), "remote.git");
    execFileSync("git", ["init", "--bare", "--quiet", remote]);
    const config = `sync:\n  remote: ${remote}\n`;
    writeFileSync(path.join(cwd, "crisis.config.yaml"), config);
    expect(run(["status"]).code).toBe(0);
    const sent = run(["note", "Before the team joined"]);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stderr).toMatch(/Synced with the team: \d+ events sent, 0 received/);
    expect([...sent.libraries].filter((l) => ["zod", "yaml"].includes(l))).toEqual([]);
    // Another machine joins and records a line the quick check leaves to zod (a skipped message).
    const other = tempDir({ "crisis.config.yaml": config });
    const env = { CRISIS_ACTOR: "Ben Okafor", CRISIS_REPLICA: "other.bbbb", CRISIS_CACHE_DIR: path.join(other, ".c") };
    const io = () => fakeIo({ cwd: other, env, now: new Date() });
    expect(await main(["node", "crisis", "join", ID], io())).toBe(0);
    const x = io();
    openSession(loadWorkspace(x, {}), path.join(other, "incidents", ID), x, "Ben Okafor", undefined).append(
      "message_skipped",
      { step: "contain", template: "holding", channels: ["x"], reason: "not needed" },
    );
    expect(await main(["node", "crisis", "sync", ID], io())).toBe(0);
    const merged = run(["note", "After the skip"]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stderr).toMatch(/Synced with the team: 1 event sent, 2 received/);
    expect(merged.libraries).toContain("zod");
    const events = readJournal(path.dirname(journal)).events;
    expect(events.filter((e) => e.type === "message_skipped")).toHaveLength(1);
    expect(events.filter((e) => e.type === "note").at(-1)?.data).toEqual({ text: "After the skip" });
  });
});
