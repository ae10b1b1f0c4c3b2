import { describe, expect, test } from "vitest";
import { checkin } from "../../src/commands/checkin.js";
import { HourTally } from "../../src/core/checkin-import/hours.js";
import { columnsFrom, LAYOUT_IDS, layoutsMatching } from "../../src/core/checkin-import/layouts.js";
import { delimiterOf, encodingOf } from "../../src/core/checkin-import/sniff.js";
import { mentionTime, sentimentOf } from "../../src/core/checkin-import/values.js";

const utc = (ms: number) => new Date(ms).toISOString();
const at = (date: string, time?: string, zone = "UTC", format?: string) => {
  const t = mentionTime(date, time, zone, format);
  return "ms" in t ? utc(t.ms) : t.expected;
};

describe("reading one mention", () => {
  test("the forms of time the exports write, with offsets kept and local times read in the zone", () => {
    expect(at("2026-03-04 14:05:12.0")).toBe("2026-03-04T14:05:12.000Z");
    expect(at("2026-03-04T14:05:12+01:00", undefined, "America/New_York")).toBe("2026-03-04T13:05:12.000Z");
    expect(at("2026-03-04T14:05:12Z", undefined, "Europe/Copenhagen")).toBe("2026-03-04T14:05:12.000Z");
    expect(at("2026-03-04 14:05", undefined, "Europe/Copenhagen")).toBe("2026-03-04T13:05:00.000Z");
    expect(at("04-Mar-2026 02:05PM")).toBe("2026-03-04T14:05:00.000Z");
    expect(at("04-Mar-2026", "02:05 PM")).toBe("2026-03-04T14:05:00.000Z");
    expect(at("Mar 4, 2026 2:05 PM")).toBe("2026-03-04T14:05:00.000Z");
    expect(at("1772633112")).toBe("2026-03-04T14:05:12.000Z");
    expect(at("1772633112000")).toBe("2026-03-04T14:05:12.000Z");
    expect(at("03/04/2026 14:05", undefined, "UTC", "MM/dd/yyyy HH:mm")).toBe("2026-03-04T14:05:00.000Z");
    expect(at("03/04/2026 14:05")).toContain("give --date-format for another form");
    expect(at("2026-03-04")).toContain("is a date without a time of day");
    expect(at("")).toContain("the date column is empty");
  });

  test("daylight-saving changes: a repeated local time is the later one, a skipped one moves on", () => {
    expect(mentionTime("2026-10-25 02:30:00", undefined, "Europe/Copenhagen")).toEqual({
      ms: Date.parse("2026-10-25T01:30:00Z"),
      ambiguous: true,
    });
    expect(mentionTime("2026-03-29 02:30:00", undefined, "Europe/Copenhagen")).toEqual({
      ms: Date.parse("2026-03-29T01:30:00Z"),
      nonexistent: true,
    });
    // New York changes at other dates and hours.
    expect(at("2026-03-08 01:59:00", undefined, "America/New_York")).toBe("2026-03-08T06:59:00.000Z");
    expect(at("2026-03-08 03:00:00", undefined, "America/New_York")).toBe("2026-03-08T07:00:00.000Z");
  });

  test("sentiment labels in any case, signed scores, and mentions left unrated", () => {
    expect(["Negative", "NEGATIVE", " very negative ", "-3", "-0.2"].map(sentimentOf)).toEqual(
      Array(5).fill("negative"),
    );
    expect(["positive", "2", "+1"].map(sentimentOf)).toEqual(Array(3).fill("positive"));
    expect(["neutral", "Mixed", "0"].map(sentimentOf)).toEqual(Array(3).fill("neutral"));
    expect(["", "Not Rated", "n/a"].map(sentimentOf)).toEqual([null, null, null]);
    expect(sentimentOf("constructor")).toEqual({
      expected: expect.stringContaining('"constructor": expected negative') as unknown,
    });
  });
});

describe("layouts, columns and the file's form", () => {
  test("the command offers exactly the bundled layouts, each told apart by its header", () => {
    expect(checkin.options.layout.choices).toEqual(LAYOUT_IDS);
    expect(layoutsMatching(["Query Id", "Query Name", "Date", "Title", "Sentiment"]).map((l) => l.id)).toEqual([
      "brandwatch",
    ]);
    expect(layoutsMatching(["url", "published", "sentiment", "source_type"]).map((l) => l.id)).toEqual(["talkwalker"]);
    expect(layoutsMatching(["\uFEFFDate", "Headline", "Hit Sentence", "sentiment", "Time"]).map((l) => l.id)).toEqual([
      "meltwater",
    ]);
    expect(layoutsMatching(["Date", "Sentiment"])).toEqual([]);
  });

  test("--columns names roles", () => {
    expect(
      columnsFrom([
        ["date", "Published"],
        ["Sentiment", "Tone"],
      ]),
    ).toEqual({ date: "Published", sentiment: "Tone" });
    expect(columnsFrom([["when", "x"]])).toContain('"when" is not a column role');
  });

  test("encoding and delimiter from the first bytes; a preamble does not sway the delimiter", () => {
    expect(encodingOf(Buffer.from([0xff, 0xfe, 0x41, 0]))).toBe("utf16le");
    expect(encodingOf(Buffer.from("Date,x"))).toBe("utf8");
    expect(delimiterOf('Report:,x\nA;B;C;D\n"1;2";3;4;5\n')).toBe(";");
    expect(delimiterOf("a\tb\tc\n1\t2,5\t3\n")).toBe("\t");
    expect(delimiterOf("just one column")).toBe(",");
  });

  test("hours: one check-in per hour from the first to the last, a quiet hour a real zero", () => {
    const t = new HourTally();
    t.add(Date.parse("2026-03-04T10:59:59Z"), "negative");
    t.add(Date.parse("2026-03-04T10:00:00Z"), null);
    t.add(Date.parse("2026-03-04T12:30:00Z"), "positive");
    expect(t.checkIns().map((c) => [utc(c.hour), utc(c.at), c.mentions, c.negative_share])).toEqual([
      ["2026-03-04T10:00:00.000Z", "2026-03-04T11:00:00.000Z", 2, 100],
      ["2026-03-04T11:00:00.000Z", "2026-03-04T12:00:00.000Z", 0, undefined],
      ["2026-03-04T12:00:00.000Z", "2026-03-04T13:00:00.000Z", 1, 0],
    ]);
    expect(t.span()).toBe(3);
  });
});
