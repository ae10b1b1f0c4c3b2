import { describe, expect, test } from "vitest";
import { countFor } from "../../src/core/channels/count.js";
import { layChannels } from "../../src/core/channels/builtin.js";
import { buildChannelRegistry, BUILTIN_CHANNELS } from "../../src/core/channels/registry.js";

const channel = (id: string) => {
  const c = BUILTIN_CHANNELS[id];
  if (!c) throw new Error(id);
  return c;
};

describe("X counts weighted characters", () => {
  test("a URL counts 23 whatever its length", () => {
    const long = `https://example.com/${"a".repeat(200)}`;
    expect(countFor(channel("x"), long).length).toBe(23);
    expect(countFor(channel("x"), "see https://a.co").length).toBe(4 + 23);
  });

  test("an emoji counts 2, CJK counts 2, Latin counts 1", () => {
    expect(countFor(channel("x"), "😀").length).toBe(2);
    expect(countFor(channel("x"), "👩‍👩‍👧‍👦").length).toBe(2);
    expect(countFor(channel("x"), "日本").length).toBe(4);
    expect(countFor(channel("x"), "abc").length).toBe(3);
  });

  test("over the limit is reported with how much", () => {
    const count = countFor(channel("x"), "é".repeat(290));
    expect(count).toMatchObject({ length: 290, limit: 280, over: 10 });
  });
});

describe("Bluesky counts graphemes", () => {
  test("a family emoji is one grapheme; combining marks join their letter", () => {
    expect(countFor(channel("bluesky"), "👩‍👩‍👧‍👦").length).toBe(1);
    expect(countFor(channel("bluesky"), "e\u0301").length).toBe(1);
    expect(countFor(channel("bluesky"), "🇫🇷 ok").length).toBe(4);
  });

  test(
    "up to U+024F every character is a grapheme but CR LF, as Intl.Segmenter says for every pair",
    { tags: ["slow"] },
    () => {
      // The count skips the segmenter for such text (loading its rules is most of a short lint's count).
      const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
      const bluesky = channel("bluesky");
      for (let a = 0; a <= 0x24f; a++) {
        for (let b = 0; b <= 0x24f; b++) {
          const text = String.fromCharCode(a, b);
          if (text.normalize("NFC") !== text) continue; // counted after NFC, which may join the two
          const expected = [...segmenter.segment(text)].length;
          if (countFor(bluesky, text).length !== expected) expect(`${a}/${b}`).toBe(`${expected} graphemes`);
        }
      }
      expect(countFor(bluesky, "Næste opdatering\r\nsenest").length).toBe(23);
    },
  );
});

describe("SMS", () => {
  test("GSM-7 text gets 160; extension characters take two", () => {
    expect(countFor(channel("sms"), "a".repeat(160))).toMatchObject({ length: 160, limit: 160, over: 0 });
    expect(countFor(channel("sms"), "€[]").length).toBe(6);
  });

  test("one character outside GSM-7 drops the limit to 70", () => {
    const count = countFor(channel("sms"), `${"a".repeat(70)}😀`);
    expect(count.limit).toBe(70);
    expect(count.over).toBeGreaterThan(0);
  });
});

describe("the registry", () => {
  test("has every channel the playbooks publish to", () => {
    for (const id of [
      "x",
      "bluesky",
      "threads",
      "mastodon",
      "instagram",
      "facebook",
      "linkedin",
      "tiktok",
      "reddit",
      "youtube",
      "sms",
      "email",
      "status-page",
      "internal-chat",
    ]) {
      expect(BUILTIN_CHANNELS[id], id).toBeDefined();
    }
    expect(BUILTIN_CHANNELS.threads?.limit).toBe(500);
    expect(BUILTIN_CHANNELS.mastodon?.limit).toBe(500);
  });

  test("config overrides a limit and adds a channel", () => {
    const registry = buildChannelRegistry({
      x: { limit: 25000 },
      forum: { label: "Forum", limit: 1000, counting: "graphemes" },
    });
    expect(registry.x).toMatchObject({ limit: 25000, counting: "x-weighted" });
    expect(registry.forum).toMatchObject({ label: "Forum", limit: 1000, public: true });
  });

  test("Mastodon counts links as 23", () => {
    expect(countFor(channel("mastodon"), `read https://example.com/${"x".repeat(100)}`).length).toBe(5 + 23);
  });
});

test("a config override changes only what it names", () => {
  const registry = buildChannelRegistry({ sms: { limit: 300 } });
  expect(registry.sms).toMatchObject({ limit: 300, public: false, counting: "sms" });
});

test("validated overrides laid without zod (the post-mortem's way) give the registry the schema gives", () => {
  const overrides = {
    x: { limit: 25000 },
    sms: { limit: 300, public: true },
    "status-page": { fold: 40 },
    forum: { label: "Forum", limit: 1000, counting: "graphemes" as const },
    pager: { label: "Pager", public: false },
  };
  expect({ ...layChannels(overrides) }).toStrictEqual({ ...buildChannelRegistry(overrides) });
  expect({ ...layChannels() }).toStrictEqual({ ...BUILTIN_CHANNELS });
});

test("graphemes: ASCII text (the common case, counted without segmenting) counts as a segmenter counts it", () => {
  const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
  const segmented = (text: string) => [...segmenter.segment(text)].length;
  const texts = [
    "",
    "Update 41: we are still working on it.",
    "line one\r\nline two\r\n",
    "\r\r\n\n\r",
    "tabs\tand\u0000controls\u007f",
    "mixed: café\r\n",
    "e\u0301 combining",
    "👩‍👩‍👧‍👦 family",
  ];
  for (const text of texts)
    expect(countFor(channel("bluesky"), text).length, JSON.stringify(text)).toBe(segmented(text));
});
