import type extractUrlsModule from "twitter-text/dist/extractUrlsWithIndices.js";
import type parseTweetModule from "twitter-text/dist/parseTweet.js";

type ParseTweet = Extract<typeof parseTweetModule, (text: string) => unknown>;
type ExtractUrls = Extract<typeof extractUrlsModule, (text: string) => unknown>;

/**
 * twitter-text's counter, loaded the first time a text needs it. Loading it builds its URL and
 * emoji patterns (about 20 ms) and its first use compiles them (about 30 ms): `crisis lint <one
 * playbook>` paid both for messages that hold no link and no emoji (issue 15). The literal
 * require is on purpose: esbuild bundles twitter-text (scripts/build.js) into a wrapper that runs
 * only when this call is made, and under vitest it is Node's require of the installed package.
 */
let parseTweet: ParseTweet | undefined;
let extractUrls: ExtractUrls | undefined;

// The modules are Babel output: depending on the loader the function is the export or its .default.
const fn = <F>(mod: F | { default: F }): F => (typeof mod === "function" ? mod : (mod as { default: F }).default);

function loadParseTweet(): ParseTweet {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return fn(require("twitter-text/dist/parseTweet.js") as typeof parseTweetModule);
}

// Without parseTweet's emoji parser (whose pattern alone takes about 13 ms to build).
function loadExtractUrls(): ExtractUrls {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return fn(require("twitter-text/dist/extractUrlsWithIndices.js") as typeof extractUrlsModule);
}

/**
 * Whether every UTF-16 unit is in twitter-text's version 3 ranges of weight 1 (weight 100 at scale
 * 100); every other code point weighs 2, a link 23, an emoji 2. Surrogates are outside them.
 */
function allLight(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x10ff || (c >= 0x2000 && c <= 0x200d) || (c >= 0x2010 && c <= 0x201f) || (c >= 0x2032 && c <= 0x2037)) {
      continue;
    }
    return false;
  }
  return true;
}
// A '.' before anything that could start a top-level domain (every TLD twitter-text knows starts
// with a letter of some script): without one, the text holds no link, with or without https://.
const DOMAIN_DOT = /\.[^\s0-9!-/:-@[-`{-~]/;

const DOMAIN_DOTS = new RegExp(DOMAIN_DOT.source, "g");

/**
 * A link as plain as most messages hold (a status page, a help article): http(s)://, a lower-case
 * host (labels of at most 63 characters) ending in a common top-level domain, a path of letters,
 * digits, '-', '_' and '/' that ends in a letter, digit or '/'; after a space, a line break or the
 * text's start, and before one of those or the text's end, with at most one closing mark (.,;:!?)
 * between. twitter-text finds each such link as it stands (not .co: it reads t.co links its own way).
 */
const SIMPLE_LINK =
  /(?<=^|[ \n])https?:\/\/(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|org|net|io|dk|de|eu|uk|se|no|fi)(?:\/(?:[A-Za-z0-9_\-/]*[A-Za-z0-9/])?)?(?=[.,;:!?]?(?:[ \n]|$))/g;

/**
 * A handle with one '.' (@northwind.outdoors), which is no link: twitter-text starts none after '@'
 * or a letter or digit, and what follows the '.' holds no other '.'.
 */
const DOTTED_HANDLE = /(?<=^|[ \n(])@[A-Za-z0-9]+\.[A-Za-z0-9]+(?=[ \n:,;!?)]|\.(?:[ \n]|$)|$)/g;

/**
 * The links of a text when every '.' a domain could follow lies in a plain link (SIMPLE_LINK) or
 * a dotted handle, keyed by where they start; undefined when any does not, and twitter-text must be
 * asked: its URL pattern takes about 30 ms to build and compile, once per process (issue 15).
 */
function simpleLinks(text: string): Map<number, string> | undefined {
  const links = new Map<number, string>();
  const spans: [number, number][] = [];
  for (const m of text.matchAll(SIMPLE_LINK)) {
    if (m[0].length > 200) return undefined; // long links: twitter-text has limits of its own
    links.set(m.index, m[0]);
    spans.push([m.index, m.index + m[0].length]);
  }
  for (const m of text.matchAll(DOTTED_HANDLE)) spans.push([m.index, m.index + m[0].length]);
  spans.sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const dot of text.matchAll(DOMAIN_DOTS)) {
    while (at < spans.length && spans[at]![1] <= dot.index) at++;
    if (at >= spans.length || dot.index < spans[at]![0]) return undefined;
  }
  return links;
}

function twitterLinks(text: string): Map<number, string> {
  const links = new Map<number, string>();
  for (const { url, indices } of (extractUrls ??= loadExtractUrls())(text)) links.set(indices[0], url);
  return links;
}

/**
 * parseTweet's count for a text of weight-1 characters, which holds no emoji (every emoji has a
 * character outside those ranges) and no surrogate: 23 for each link twitter-text finds, 1 for
 * every other character. The loop is parseTweet's own, links keyed by where they start.
 */
function lightLength(text: string): number {
  const links = simpleLinks(text) ?? twitterLinks(text);
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const url = links.get(i);
    if (url === undefined) length += 1;
    else {
      length += 23;
      i += url.length - 1;
    }
  }
  return length;
}

/**
 * X's weighted length, as twitter-text's parseTweet counts it. A text whose characters all weigh
 * 1 holds no emoji, so it needs only twitter-text's link finder, and not even that when its links are
 * plain (simpleLinks); and with no '.' a domain could
 * follow it holds no link either: its weighted length is its length after NFC normalisation, which
 * is what parseTweet measures. Anything else goes to parseTweet.
 * test/channels/x-weighted.test.ts holds the three to the same answers.
 */
export function xWeightedLength(text: string): number {
  const normalized = text.normalize();
  if (allLight(normalized)) return DOMAIN_DOT.test(normalized) ? lightLength(normalized) : normalized.length;
  return (parseTweet ??= loadParseTweet())(text).weightedLength;
}
