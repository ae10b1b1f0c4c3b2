// @module-tag slow (imports write dozens of journal lines, each fsynced and followed by the incident log)
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { readJournal } from "../../src/services/journal/store.js";
import { fakeIo } from "../helpers/io.js";
import { injectFaults } from "../faults/helpers.js";
import { bundledTemplatesDir } from "../../src/adapters/fs/package-root.js";
import { renderLog } from "../../src/core/incident-log/render.js";
import { buildLogView } from "../../src/core/incident-log/view.js";
import { foldEvents } from "../../src/core/journal/fold.js";
import { findLogTemplate } from "../../src/services/incident/incident-log.js";
import { snapshotPlaybook, workspaceSnapshot } from "../../src/services/workspace/snapshot.js";
import { loadWorkspace } from "../../src/services/workspace/workspace.js";
import {
  brandwatchCsv,
  crisisCurve,
  meltwaterTsv,
  mentionsOf,
  talkwalkerCsv,
  type Curve,
} from "../helpers/mentions.js";
import { FIXTURES, fixtureWorkspace } from "../helpers/workspace.js";

const ID = "2026-03-04-data-breach";

/** The fixture workspace with the SEV1 journal as an open incident (its lines before the resolution). */
function workspace(files: Record<string, string | Buffer> = {}) {
  const cwd = fixtureWorkspace();
  const lines = readFileSync(path.join(FIXTURES, "journals/sev1-data-breach.jsonl"), "utf8").split("\n");
  const open = lines.slice(
    0,
    lines.findIndex((l) => l.includes('"type":"resolved"')),
  );
  const dir = path.join(cwd, "incidents", ID);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "journal.jsonl"), `${open.join("\n")}\n`);
  for (const [name, body] of Object.entries(files)) writeFileSync(path.join(cwd, name), body);
  const run = async (...args: string[]) => {
    const io = fakeIo({ cwd, now: new Date("2026-03-06T12:00:00Z") });
    const code = await main(["node", "crisis", "checkin", ...args], io);
    return { code, out: io.out(), err: io.err() };
  };
  const imported = () =>
    readJournal(dir).events.flatMap((e) =>
      e.type === "metric_snapshot" && e.data.hour ? [{ at: e.at, ...e.data }] : [],
    );
  return { cwd, dir, run, imported };
}

const expected = (curve: Curve) =>
  curve.perHour.map((n, h) => ({
    hour: new Date(Date.parse(curve.start) + h * 3_600_000).toISOString(),
    mentions_per_hour: n,
    negative_share: Math.round(((curve.negativePerHour[h] ?? 0) / n) * 1000) / 10,
  }));

describe("crisis checkin --from: a mention export becomes hourly check-ins", () => {
  it("reads a Brandwatch export (report lines before the header, quoted multi-line texts) into one check-in per hour", async () => {
    const curve = crisisCurve("2026-03-04T08:00:00Z", 14, 3000);
    const ws = workspace({ "bw.csv": brandwatchCsv(mentionsOf(curve)) });
    const r = await ws.run("--from", "bw.csv");
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain("Read 3,000 mentions from bw.csv (brandwatch layout, header on line 6");
    expect(r.err).toContain("Recorded 14 hourly check-ins in 2026-03-04-data-breach.");
    const got = ws.imported();
    expect(
      got.map(({ hour, mentions_per_hour, negative_share }) => ({ hour, mentions_per_hour, negative_share })),
    ).toEqual(expected(curve));
    // Recorded at the end of the hour they count, with where they came from.
    expect(got[0]).toMatchObject({ at: "2026-03-04T09:00:00.000Z", source: "bw.csv (brandwatch)" });
  });

  it("records every new hour in one write and renders the incident log once, as a whole render would", async () => {
    const curve = crisisCurve("2026-03-04T08:00:00Z", 12, 1200);
    const ws = workspace({ "bw.csv": brandwatchCsv(mentionsOf(curve)) });
    const faults = injectFaults({});
    const r = await ws.run("--from", "bw.csv");
    faults.restore();
    expect(r.code, r.err).toBe(0);
    expect(ws.imported()).toHaveLength(12);
    expect(faults.logVersions).toHaveLength(1);
    const lines = readFileSync(path.join(ws.dir, "journal.jsonl"), "utf8").trimEnd().split("\n").slice(-12);
    expect(lines.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual(
      lines.map((_, i) => (JSON.parse(lines[0]!) as { seq: number }).seq + i),
    );
    const events = readJournal(ws.dir).events;
    const body = findLogTemplate([bundledTemplatesDir()]);
    const playbook = snapshotPlaybook(loadWorkspace(fakeIo({ cwd: ws.cwd }), {}), {}, "data-breach");
    const titles = new Map(
      Object.entries(workspaceSnapshot(loadWorkspace(fakeIo({ cwd: ws.cwd }), {}), {}).templateTitles),
    );
    expect(readFileSync(path.join(ws.dir, "incident-log.md"), "utf8")).toBe(
      renderLog(body.body, body.file, buildLogView(foldEvents(events), { playbook, templateTitles: titles })),
    );
  });

  it("records nothing new when the same export is imported again, and only the new hours of an overlapping one", async () => {
    const curve = crisisCurve("2026-03-04T08:00:00Z", 20, 2000);
    const all = [...mentionsOf(curve)];
    const firstPart = all.filter((m) => m.at < new Date("2026-03-04T18:00:00Z"));
    const later = all.filter((m) => m.at >= new Date("2026-03-04T14:00:00Z"));
    const ws = workspace({ "a.csv": brandwatchCsv(firstPart), "b.csv": brandwatchCsv(later) });
    expect((await ws.run("--from", "a.csv")).err).toContain("Recorded 10 hourly check-ins");
    const again = await ws.run("--from", "a.csv");
    expect(again.code).toBe(0);
    expect(again.err).toContain("10 hours were already recorded and were left as they are.");
    expect(again.err).toContain("Recorded 0 hourly check-ins");
    const overlap = await ws.run("--from", "b.csv");
    expect(overlap.err).toContain("4 hours were already recorded");
    expect(overlap.err).toContain("Recorded 10 hourly check-ins");
    expect(ws.imported().map((c) => c.mentions_per_hour)).toEqual(curve.perHour);
  });

  it("reads a Talkwalker export: Unix-millisecond times and signed sentiment scores", async () => {
    const curve = crisisCurve("2026-03-04T10:00:00Z", 6, 600);
    const ws = workspace({ "tw.csv": talkwalkerCsv(mentionsOf(curve)) });
    const r = await ws.run("--from", "tw.csv", "--json");
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out) as {
      layout: string;
      mentions: number;
      check_ins: { hour: string; mentions_per_hour: number; negative_share: number; status: string }[];
    };
    expect(json).toMatchObject({ layout: "talkwalker", mentions: 600 });
    expect(
      json.check_ins.map(({ hour, mentions_per_hour, negative_share }) => ({
        hour,
        mentions_per_hour,
        negative_share,
      })),
    ).toEqual(expected(curve));
    expect(new Set(json.check_ins.map((c) => c.status))).toEqual(new Set(["recorded"]));
  });

  it("reads a Meltwater export in UTF-16 with tabs, its Date and Time columns in the brand's zone", async () => {
    const curve = crisisCurve("2026-03-04T10:00:00Z", 5, 500);
    // Copenhagen is UTC+1 in March before the change.
    const ws = workspace({ "mw.tsv": meltwaterTsv(mentionsOf(curve), 60) });
    const r = await ws.run("--from", "mw.tsv", "--timezone", "Europe/Copenhagen");
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain("meltwater layout");
    expect(r.err).toContain("read in Europe/Copenhagen");
    // Meltwater's times are to the minute; the hours are still the same.
    expect(ws.imported().map((c) => [c.hour, c.mentions_per_hour])).toEqual(
      expected(curve).map((e) => [e.hour, e.mentions_per_hour]),
    );
  });

  it("reads times without an offset in brand.timezone when --timezone is not given", async () => {
    const curve = crisisCurve("2026-03-04T10:00:00Z", 5, 500);
    const ws = workspace({ "mw.tsv": meltwaterTsv(mentionsOf(curve), 60) });
    const config = path.join(ws.cwd, "crisis.config.yaml");
    writeFileSync(config, readFileSync(config, "utf8").replace("brand:\n", "brand:\n  timezone: Europe/Copenhagen\n"));
    const r = await ws.run("--from", "mw.tsv");
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain("read in Europe/Copenhagen");
    expect(ws.imported().map((c) => c.hour)).toEqual(expected(curve).map((e) => e.hour));
  });

  it("takes any other export with --columns (here semicolons, a local zone, a form named with --date-format)", async () => {
    const csv = [
      "Published;Tone;Text",
      "04/03/2026 09:10;negative;a",
      "04/03/2026 09:50;Positive;b",
      "04/03/2026 10:05;NEGATIVE;c",
      "04/03/2026 10:06;not rated;d",
      "",
    ].join("\n");
    const ws = workspace({ "other.csv": csv });
    const plain = await ws.run("--from", "other.csv");
    expect(plain.code).toBe(2);
    expect(plain.err).toContain(
      "other.csv:1: no header row of a known export; expected the columns of brandwatch (Query Id, Query Name, Date, Sentiment)",
    );
    expect(plain.err).toContain('the first row has "Published", "Tone", "Text"');
    const r = await ws.run(
      "--from",
      "other.csv",
      "--columns",
      "date=published,sentiment=Tone",
      "--date-format",
      "dd/MM/yyyy HH:mm",
      "--timezone",
      "Europe/Copenhagen",
    );
    expect(r.code, r.err).toBe(0);
    expect(ws.imported().map((c) => [c.hour, c.mentions_per_hour, c.negative_share])).toEqual([
      ["2026-03-04T08:00:00.000Z", 2, 50],
      // The unrated mention counts as a mention, not in the share.
      ["2026-03-04T09:00:00.000Z", 2, 100],
    ]);
  });

  it("reports each bad row as file:line with what was expected, and records nothing unless told to skip them", async () => {
    const csv = [
      "url,published,title,content,lang,sentiment,source_type",
      "u1,2026-03-04 10:05:00,t,c,en,-2,NEWS",
      'u2,yesterday,t,"two',
      'lines",en,1,NEWS',
      "u3,2026-03-04 10:15:00,t,c,en,furious,NEWS",
      "u4,2026-03-04,t,c,en,0,NEWS",
      "u5,2026-03-04 11:15:00,t,c,en,3,NEWS",
      "",
    ].join("\n");
    const ws = workspace({ "bad.csv": csv });
    const r = await ws.run("--from", "bad.csv");
    expect(r.code).toBe(2);
    expect(r.err).toContain('bad.csv:3: published: "yesterday": expected a date and time such as 2026-03-04 14:05');
    expect(r.err).toContain(
      'bad.csv:5: sentiment: "furious": expected negative, neutral, positive, not rated, or a score',
    );
    expect(r.err).toContain('bad.csv:6: published: "2026-03-04" is a date without a time of day');
    expect(r.err).toContain("3 of 5 rows could not be read; nothing was recorded");
    expect(ws.imported()).toEqual([]);
    const skipped = await ws.run("--from", "bad.csv", "--skip-bad-rows");
    expect(skipped.code, skipped.err).toBe(0);
    expect(skipped.err).toContain("3 bad rows skipped");
    expect(ws.imported().map((c) => [c.hour, c.mentions_per_hour])).toEqual([
      ["2026-03-04T10:00:00.000Z", 1],
      ["2026-03-04T11:00:00.000Z", 1],
    ]);
  });

  it("reads local times across daylight-saving changes in the zone given", async () => {
    // Copenhagen: 2026-03-29 02:00 → 03:00 (UTC+1 → UTC+2); 2026-10-25 03:00 → 02:00 (UTC+2 → UTC+1).
    const csv = [
      "Query Id,Query Name,Date,Sentiment",
      "1,q,2026-03-29 01:30:00.0,negative", // 00:30Z
      "1,q,2026-03-29 03:30:00.0,neutral", // 01:30Z: the hour after the change
      "1,q,2026-10-25 01:30:00.0,neutral", // 23:30Z the day before
      "1,q,2026-10-25 02:30:00.0,neutral", // happens twice: read as the later, 01:30Z
      "1,q,2026-10-25 03:30:00.0,negative", // 02:30Z
      "",
    ].join("\n");
    const ws = workspace({ "dst.csv": csv });
    const r = await ws.run(
      "--from",
      "dst.csv",
      "--timezone",
      "Europe/Copenhagen",
      "--incident",
      ID,
      "--dry-run",
      "--json",
    );
    expect(r.code, r.err).toBe(0);
    const hours = (JSON.parse(r.out) as { check_ins: { hour: string; mentions_per_hour: number }[] }).check_ins.filter(
      (c) => c.mentions_per_hour > 0,
    );
    expect(hours.map((c) => c.hour)).toEqual([
      "2026-03-29T00:00:00.000Z",
      "2026-03-29T01:00:00.000Z",
      "2026-10-24T23:00:00.000Z",
      "2026-10-25T01:00:00.000Z",
      "2026-10-25T02:00:00.000Z",
    ]);
    expect(r.err).toContain("1 mentions had a local time that happens twice (clocks went back in Europe/Copenhagen)");
    expect(r.err).toContain("Dry run:");
    expect(ws.imported()).toEqual([]);
  });

  it("refuses what does not go together, and says what an empty or unknown file is", async () => {
    const ws = workspace({ "empty.csv": "" });
    expect((await ws.run("--from", "x.csv", "--mentions", "5")).err).toContain(
      "--from and --mentions do not go together",
    );
    expect((await ws.run("--layout", "brandwatch")).err).toContain("--layout goes with --from FILE.csv");
    expect((await ws.run("--from", "x.csv", "--timezone", "Mars/Olympus")).err).toContain("expected an IANA time zone");
    expect(await ws.run("--from", "empty.csv")).toMatchObject({
      code: 4,
      err: expect.stringContaining("the file is empty") as unknown,
    });
    expect((await ws.run("--from", "missing.csv")).err).toBe(
      "crisis: cannot read missing.csv: no such file or folder (ENOENT)\n",
    );
    // A folder, or a FIFO, is refused at once rather than read or waited on.
    expect((await ws.run("--from", "incidents")).err).toContain("cannot read incidents: it is a folder, not a file");
    expect((await ws.run("--from", "x.csv", "--columns", "when=Date")).err).toContain('"when" is not a column role');
  });
});
