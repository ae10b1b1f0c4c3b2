import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { IncidentSession } from "../../src/services/incident/session.js";
import { appendEvent, JournalReader, readJournal } from "../../src/services/journal/store.js";
import { parseJournal } from "../../src/core/journal/lines.js";
import { tempDir } from "../helpers/tmp.js";

const at = new Date("2026-11-21T19:30:00Z");
const note = (text: string) => ({ type: "note" as const, data: { text }, actor: "Ana" });

describe("the journal store", () => {
  it("appends one JSON line per event, numbered from 0, and reads them back", () => {
    const dir = tempDir();
    appendEvent(dir, note("one"), at);
    appendEvent(dir, note("two"), at);
    const text = readFileSync(path.join(dir, "journal.jsonl"), "utf8");
    expect(text.split("\n")).toHaveLength(3);
    expect(text.endsWith("\n")).toBe(true);
    const read = readJournal(dir);
    expect(read.events.map((e) => [e.seq, e.type, e.data])).toEqual([
      [0, "note", { text: "one" }],
      [1, "note", { text: "two" }],
    ]);
    expect(read.events[0]).toMatchObject({
      v: 1,
      at: "2026-11-21T19:30:00.000Z",
      logged_at: "2026-11-21T19:30:00.000Z",
      actor: "Ana",
    });
  });

  it("refuses an event that does not match the schema, writing nothing", () => {
    const dir = tempDir();
    expect(() => appendEvent(dir, { type: "note", data: { text: 5 } as never, actor: "Ana" }, at)).toThrow();
    expect(() => readFileSync(path.join(dir, "journal.jsonl"))).toThrow();
  });

  it("detects a torn last line, reports its line number, and keeps it apart from the next append", () => {
    const dir = tempDir();
    appendEvent(dir, note("one"), at);
    appendFileSync(path.join(dir, "journal.jsonl"), '{"v":1,"seq":1,"at":"2026-11-21T19:3');
    const torn = readJournal(dir);
    expect(torn.events).toHaveLength(1);
    expect(torn.torn).toEqual({ line: 2, text: '{"v":1,"seq":1,"at":"2026-11-21T19:3' });
    expect(torn.invalid).toEqual([]);

    appendEvent(dir, note("two"), at);
    const after = readJournal(dir);
    expect(after.events.map((e) => [e.seq, e.data])).toEqual([
      [0, { text: "one" }],
      [1, { text: "two" }],
    ]);
    expect(after.torn).toBeUndefined();
    expect(after.invalid).toEqual([{ line: 2, message: "not valid JSON (cut off by a crash?)" }]);
  });

  it("reports complete lines that are not events, without failing", () => {
    const read = parseJournal('{"v":1}\nnot json\n\n');
    expect(read.events).toEqual([]);
    expect(read.invalid.map((x) => x.line)).toEqual([1, 2]);
  });

  it("reads incrementally: only complete lines, and only the new ones", () => {
    const dir = tempDir();
    const file = path.join(dir, "journal.jsonl");
    const reader = new JournalReader(file);
    expect(reader.readNew()).toEqual([]);
    appendEvent(dir, note("one"), at);
    expect(reader.readNew().map((e) => e.seq)).toEqual([0]);
    expect(reader.readNew()).toEqual([]);
    const line = readFileSync(file, "utf8").trim().replace('"seq":0', '"seq":1').replace("one", "two");
    appendFileSync(file, line.slice(0, 20));
    expect(reader.readNew()).toEqual([]);
    expect(reader.torn?.line).toBe(2);
    appendFileSync(file, `${line.slice(20)}\n`);
    expect(reader.readNew().map((e) => e.data)).toEqual([{ text: "two" }]);
    expect(reader.torn).toBeUndefined();
    expect(reader.maxSeq).toBe(1);
  });

  it("takes over a lock left behind by a process that was killed while holding it", () => {
    const dir = tempDir();
    appendEvent(dir, note("one"), at);
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid;
    mkdirSync(path.join(dir, ".journal.lock"));
    writeFileSync(path.join(dir, ".journal.lock", "owner"), JSON.stringify({ pid: dead, host: hostname() }));
    appendEvent(dir, note("two"), at);
    expect(readJournal(dir).events.map((e) => e.seq)).toEqual([0, 1]);
    expect(existsSync(path.join(dir, ".journal.lock"))).toBe(false);
  }, 5_000);

  it("a session keeps its state current with lines other processes append, and never reuses a seq", () => {
    const dir = tempDir();
    const a = IncidentSession.open(dir, { actor: "A", now: () => at });
    const b = IncidentSession.open(dir, { actor: "B", now: () => at });
    a.append("note", { text: "from a" });
    b.append("note", { text: "from b" });
    a.append("note", { text: "from a again" });
    expect(a.state.notes.map((n) => `${n.actor}:${n.text}`)).toEqual(["A:from a", "B:from b", "A:from a again"]);
    b.refresh();
    expect(b.state.lastSeq).toBe(2);
    expect(readJournal(dir).events.map((e) => e.seq)).toEqual([0, 1, 2]);
  });

  it("writes the incident log atomically after every append, and survives a failing renderer", () => {
    const dir = tempDir();
    let n = 0;
    const errors: unknown[] = [];
    const s = IncidentSession.open(dir, {
      actor: "A",
      now: () => at,
      renderLog: (state) => {
        if (++n === 2) throw new Error("template broke");
        return `${state.events.length} events\n`;
      },
      onLogError: (e) => errors.push(e),
    });
    s.append("note", { text: "one" });
    expect(readFileSync(path.join(dir, "incident-log.md"), "utf8")).toBe("1 events\n");
    s.append("note", { text: "two" });
    expect(errors).toHaveLength(1);
    expect(readJournal(dir).events).toHaveLength(2);
    s.append("note", { text: "three" });
    expect(readFileSync(path.join(dir, "incident-log.md"), "utf8")).toBe("3 events\n");
  });
});
