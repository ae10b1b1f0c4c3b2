// @module-tag slow (property runs over thousands of texts, and every character of the weight-1 ranges)
import { createRequire } from "node:module";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { xWeightedLength } from "../../src/core/channels/x-weighted.js";

// twitter-text itself, the authority the quick count must agree with.
const parseTweet = createRequire(import.meta.url)("twitter-text/dist/parseTweet.js") as (text: string) => {
  weightedLength: number;
};
const reference = (text: string) => parseTweet(text).weightedLength;

// Pieces that sit on both sides of the quick count's conditions: dots before letters, digits and
// spaces, links with and without https://, emoji (alone, with a variation selector, keycaps, ZWJ
// sequences), characters just inside and outside the weight-1 ranges, text that NFC changes.
const pieces = [
  ..."abcXYZ019 \n\t.,;:!?-_/'\"()#@*&%",
  ...". .. .5 .a .C .ю .中 e.g. v1.2 a.b",
  "example.com",
  "https://example.com/x",
  "http://t.co/abc",
  "status.acme.io",
  "xn--80ak6aa92e.com",
  "пример.рф",
  "😀",
  "\u263a",
  "\u263a\ufe0f",
  "#\ufe0f\u20e3",
  "1\u20e3",
  "\u00a9",
  "\u00a9\ufe0f",
  "\u00ae\ufe0f",
  "\u2122",
  "👩\u200d👩\u200d👧",
  "\u200d",
  "\u200b",
  "\u2013",
  "\u2019",
  "\u201c\u201d",
  "\u2026",
  "\u2032",
  "\u2038",
  "\u10ff",
  "\u1100",
  "é",
  "e\u0301",
  "\u212b",
  "日本",
  "\ud83c",
];
const text = fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((parts) => parts.join(""));

// Only weight-1 characters, many links: the path that asks twitter-text for the links alone.
const lightPieces = [
  ..."abc019 \n.,;:!?-/'\"()@#",
  "é",
  "ø",
  "\u2019",
  "\u2014",
  "\u10ff",
  "example.com",
  "https://example.com/x?y=1",
  "http://t.co/abcdefghijklmnop",
  "www.northwindoutdoor.com/updates/incident-2026-11",
  "@northwind.outdoors",
  "northwindø.com/x",
  "café.fr/a",
  "(https://a.co/x).",
  "e.g.",
  "a.b",
  "x.co",
  "https://" + "a".repeat(300) + ".com",
];
const lightText = fc.array(fc.constantFrom(...lightPieces), { maxLength: 20 }).map((parts) => parts.join(""));

describe("X's weighted length", () => {
  it("is twitter-text's for any mix of links, dots, emoji and weights", () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(xWeightedLength(t)).toBe(reference(t));
      }),
      { numRuns: 3000 },
    );
  });

  it("is twitter-text's for any text of weight-1 characters and links", () => {
    fc.assert(
      fc.property(lightText, (t) => {
        expect(xWeightedLength(t)).toBe(reference(t));
      }),
      { numRuns: 3000 },
    );
  });

  it("is twitter-text's for texts of plain links and dotted handles (read without twitter-text) and things close to them", () => {
    // Around core/channels/x-weighted.ts's SIMPLE_LINK: hosts, top-level domains, paths, what comes
    // before and after a link, and near misses of each.
    const host = fc.constantFrom(
      "a",
      "status",
      "www.northwindoutdoor",
      "x-y",
      "ex--ample",
      "A",
      "b.c.d",
      "a".repeat(64),
      "xn--80ak6aa92e",
      "9",
      "-a",
      "a-",
    );
    const tld = fc.constantFrom(
      "com",
      "org",
      "net",
      "io",
      "dk",
      "de",
      "eu",
      "uk",
      "co",
      "se",
      "no",
      "fi",
      "co.uk",
      "com.au",
      "example",
      "comx",
      "COM",
      "c",
    );
    const pathPart = fc.constantFrom(
      "",
      "/",
      "/x",
      "/recall/tb-200",
      "/a_b/c-",
      "/x.html",
      "/?q=1",
      "/#top",
      "/ø",
      "/a//b",
      "/-",
      "/_",
    );
    const link = fc
      .tuple(fc.constantFrom("https://", "http://", "", "ftp://", "https:/", "HTTPS://"), host, tld, pathPart)
      .map(([a, b, c, d]) => `${a}${b}.${c}${d}`);
    const glue = fc.constantFrom(
      " ",
      "\n",
      "",
      ". ",
      ", ",
      "!",
      "?\n",
      ":",
      ";",
      ".",
      "..",
      ")",
      "(",
      "'",
      '"',
      "@",
      "#",
      "$",
      "-",
      "/",
      "\t",
      "\u2014",
      "a",
      "1",
      " e.g. ",
    );
    // Handles with a dot, which are not links (SIMPLE_LINK's neighbour DOTTED_HANDLE), and near misses.
    const handle = fc.constantFrom(
      "@northwind.outdoors",
      "@a.com",
      "@a_b.c",
      "@x.y.com",
      "@ab.cd.",
      "@a.b-c",
      "@a.com/x",
      "@.com",
      "@a.",
      "@b.dk",
    );
    const t = fc
      .array(fc.tuple(glue, fc.oneof(link, handle)), { maxLength: 4 })
      .chain((parts) => glue.map((end) => parts.map(([g, l]) => g + l).join("") + end));
    fc.assert(
      fc.property(t, (x) => {
        expect(xWeightedLength(x), JSON.stringify(x)).toBe(reference(x));
      }),
      { numRuns: 5000 },
    );
  });

  it("is twitter-text's for any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (t) => {
        expect(xWeightedLength(t)).toBe(reference(t));
      }),
      { numRuns: 3000 },
    );
  });

  it("is twitter-text's for every single character of the weight-1 ranges, and each after a dot", () => {
    for (const [from, to] of [
      [0, 0x10ff],
      [0x2000, 0x200d],
      [0x2010, 0x201f],
      [0x2032, 0x2037],
    ] as const) {
      for (let c = from; c <= to; c++) {
        const ch = String.fromCharCode(c);
        for (const t of [ch, `.${ch}`, `a.${ch}b`]) expect(xWeightedLength(t), JSON.stringify(t)).toBe(reference(t));
      }
    }
  });
});
