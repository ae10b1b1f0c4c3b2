// @module-tag slow (post-mortems of several generated journals of a few thousand events, each twice)
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import Mustache from "mustache";
import { parse as chronoParse } from "chrono-node";
import { describe, expect, test } from "vitest";
import { generateJournal, type JournalPlaybook } from "../../bench/generate-journal.js";
import { main } from "../../src/cli.js";
import { playbookFacts, targetsInEffect } from "../../src/core/incident/opening.js";
import type { JournalEvent } from "../../src/core/journal/events.js";
import { buildReport } from "../../src/core/postmortem/report.js";
import { toView } from "../../src/core/postmortem/view.js";
import { freezeTimes } from "../../src/core/time-freeze.js";
import { readJournal } from "../../src/services/journal/store.js";
import { streamJournal } from "../../src/services/journal/stream.js";
import { findTemplate } from "../../src/services/postmortem/template.js";
import { fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";
import { fixturePlaybook } from "./fixtures.js";
import { wholeTidy } from "./whole-tidy.js";

/**
 * The post-mortem streams its journal (services/journal/stream.ts), folds each event as it comes
 * (JournalScan) and renders the document in pieces (renderMarkdownTo). Here the command's output is
 * held to what the whole-journal path gives, the one crisis had before: readJournal's events, the
 * report built from them, Mustache rendering the whole view, and the whole document tidied once.
 */

/** The post-mortem of a whole journal, the way crisis made it before streaming. */
function wholePath(dir: string): { markdown: string; json: string } {
  const read = readJournal(dir);
  const report = buildReport(read.events, {
    freeze: (text, at) => freezeTimes(text, at, chronoParse),
    config: {},
    read,
  });
  const template = findTemplate(report.form);
  const text = Mustache.render(
    template.body.replace(/\r\n/g, "\n"),
    toView(report),
    {},
    { tags: ["{{", "}}"], escape: (value: unknown) => String(value) },
  );
  return { markdown: wholeTidy(text), json: `${JSON.stringify(report, null, 2)}\n` };
}

const PLAYBOOK: JournalPlaybook = (() => {
  const pb = fixturePlaybook();
  return {
    id: pb.id,
    version: pb.version,
    title: pb.title,
    crisis_type: pb.crisis_type,
    targets: targetsInEffect(pb, {}),
    ...playbookFacts(pb),
  };
})();

const ID = "2026-03-04-stream";
const lines = (text: string) => text.split("\n").filter((l) => l !== "");

/** A v1 line: what crisis wrote before team sync (no id, replica or clock). */
function asV1(line: string): string {
  const { id: _id, replica: _replica, clock: _clock, ...rest } = JSON.parse(line) as Record<string, unknown>;
  return JSON.stringify({ ...rest, v: 1 });
}

const SHAPES: Record<string, () => string> = {
  "a v2 journal in fold order": () => generateJournal(3000, ID, PLAYBOOK),
  "a v1 journal (ids derived from the lines)": () =>
    `${lines(generateJournal(2000, ID, PLAYBOOK, 11))
      .map(asV1)
      .join("\n")}\n`,
  "v1 lines, then v2 lines after an upgrade": () => {
    const all = lines(generateJournal(2000, ID, PLAYBOOK, 13));
    return `${all.map((l, i) => (i < 900 ? asV1(l) : l)).join("\n")}\n`;
  },
  "two replicas synced: lower clocks appended, a copy again, concurrent register writes": () => {
    const all = lines(generateJournal(2500, ID, PLAYBOOK, 17, ["bench.aaaa", "laptop.bbbb"]));
    // A sync appends the other machine's events after this one's, whatever their clocks.
    const moved = all.filter((_, i) => i > 20 && i % 9 === 0);
    const kept = all.filter((l) => !moved.includes(l));
    const lead = JSON.parse(all.find((l) => l.includes('"role_assigned"')) ?? "{}") as JournalEvent;
    const rival = {
      ...lead,
      id: "zz00000000000000000000concurrent",
      replica: "laptop.bbbb",
      clock: lead.clock,
      supersedes: "b17x000000000000000",
      data: { role: "lead", person: "Eve Moreau" },
    };
    return `${[...kept, ...moved, JSON.stringify(rival), moved[3] ?? ""].join("\n")}\n`;
  },
  "damage: a bad line, blank lines, an event twice in a row, notes back-dated, a torn end": () => {
    const all = lines(generateJournal(2000, ID, PLAYBOOK, 19));
    const out = all.flatMap((l, i) => {
      if (i === 500) return [l, "{not json", "", "   "];
      if (i === 700) return [l, l];
      if (l.includes('"type":"note"') && i % 4 === 0) {
        const e = JSON.parse(l) as JournalEvent;
        const at = new Date(Date.parse(e.at) - 3_600_000).toISOString();
        return [JSON.stringify({ ...e, at, data: { text: `Back-dated: called 25 minutes ago — “ünïcødé” ${i}` } })];
      }
      return [l];
    });
    return `${out.join("\n")}\n{"v":2,"id":"cut`;
  },
};

async function streamedPath(root: string, dir: string) {
  const io = fakeIo({ cwd: root });
  expect(await main(["node", "crisis", "postmortem", ID, "--no-retro"], io)).toBe(0);
  const json = fakeIo({ cwd: root });
  expect(await main(["node", "crisis", "postmortem", ID, "--no-retro", "--format", "json"], json)).toBe(0);
  return { markdown: readFileSync(path.join(dir, "postmortem.md"), "utf8"), json: json.out() };
}

describe("the streamed post-mortem is byte-identical to the whole-journal one", () => {
  for (const [shape, make] of Object.entries(SHAPES)) {
    test(shape, async () => {
      const root = tempDir({ "crisis.config.yaml": "incidents_dir: records\n" });
      const dir = path.join(root, "records", ID);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "journal.jsonl"), make());
      const whole = wholePath(dir);
      const streamed = await streamedPath(root, dir);
      expect(streamed.markdown.length).toBeGreaterThan(10_000);
      expect(streamed.markdown).toBe(whole.markdown);
      expect(streamed.json).toBe(whole.json);
    });
  }
});

describe("streamJournal", () => {
  test("gives readJournal's events, bad lines and torn end, however the chunks cut lines and characters", () => {
    const root = tempDir();
    const make = SHAPES["damage: a bad line, blank lines, an event twice in a row, notes back-dated, a torn end"];
    writeFileSync(path.join(root, "journal.jsonl"), make?.() ?? "");
    const whole = readJournal(root);
    for (const chunk of [7, 100, 4096]) {
      const events: JournalEvent[] = [];
      const read = streamJournal(root, () => (e) => events.push(e), chunk);
      expect(read.streamed).toBe(true);
      expect(events).toEqual(whole.events);
      expect(read.invalid).toEqual(whole.invalid);
      expect(read.torn).toEqual(whole.torn);
      expect(read.count).toBe(whole.events.length);
    }
  });

  test("a journal out of fold order is read again whole, and its consumer starts afresh", () => {
    const root = tempDir();
    const make = SHAPES["two replicas synced: lower clocks appended, a copy again, concurrent register writes"];
    writeFileSync(path.join(root, "journal.jsonl"), make?.() ?? "");
    let starts = 0;
    let events: JournalEvent[] = [];
    const read = streamJournal(root, () => {
      starts++;
      events = [];
      return (e) => events.push(e);
    });
    expect(read.streamed).toBe(false);
    expect(starts).toBe(2);
    expect(events).toEqual(readJournal(root).events);
  });
});
