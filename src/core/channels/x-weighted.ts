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

/**
 * parseTweet's count for a text of weight-1 characters, which holds no emoji (every emoji has a
 * character outside those ranges) and no surrogate: 23 for each link twitter-text finds, 1 for
 * every other character. The loop is parseTweet's own, links keyed by where they start.
 */
function lightLength(text: string): number {
  const links = new Map<number, string>();
  for (const { url, indices } of (extractUrls ??= loadExtractUrls())(text)) links.set(indices[0], url);
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
 * 1 holds no emoji, so it needs only twitter-text's link finder; and with no '.' a domain could
 * follow it holds no link either: its weighted length is its length after NFC normalisation, which
 * is what parseTweet measures. Anything else goes to parseTweet.
 * test/channels/x-weighted.test.ts holds the three to the same answers.
 */
export function xWeightedLength(text: string): number {
  const normalized = text.normalize();
  if (allLight(normalized)) return DOMAIN_DOT.test(normalized) ? lightLength(normalized) : normalized.length;
  return (parseTweet ??= loadParseTweet())(text).weightedLength;
}
