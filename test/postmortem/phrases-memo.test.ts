import { expect, test } from "vitest";
import { phrasesIn, SPECULATION } from "../../src/core/postmortem/comms.js";
import { findEtas, findPhrases, phrasesFor, sentences } from "../../src/core/lint/phrases/index.js";
import type { Config } from "../../src/core/config/schema.js";

/**
 * The messaging review remembers the phrases found per sentence (numbers set aside unless a phrase
 * names them): it must find exactly what the phrase engine finds in the whole text.
 */
function direct(text: string, config: Config) {
  const compiled = phrasesFor(config, config.brand?.locale?.split("-")[0] ?? "en");
  if (!compiled) throw new Error("no phrases");
  const list = sentences(text);
  const slice = (ms: { start: number; end: number }[]) => [...new Set(ms.map((m) => text.slice(m.start, m.end)))];
  const speculation = SPECULATION.flatMap((p) => [...text.matchAll(p)].map((m) => m[0]));
  return {
    nonApologies: slice(findPhrases(compiled.nonApology, compiled, list)),
    guesses: [...slice(findEtas(compiled, list)), ...speculation],
  };
}

const SENTENCES = [
  "Update 41: we are still working on the checkout problem.",
  "We expect a fix within 24 hours.",
  "We expect a fix within 25 hours.",
  "It will be fixed in 2 hours.",
  "It was fixed 2 hours ago.",
  "Next update by 2025-03-14T09:02:56.145Z.",
  "We're sorry for any inconvenience this may have caused.",
  "We apologise if anyone was offended by 3 posts.",
  "Back up by 5pm, we hope.",
  "Resolved within 48 hours, next update at 17:00.",
  "Vi beklager. Det er løst inden for 24 timer.",
  "We will share an update in 30 minutes; the fix is expected in 45 minutes.",
  "Service restored in under 48 hrs.",
  "We believe 3 servers were probably hit; it may have been caused by a bad deploy.",
  "It appears 12 accounts were affected.",
];

test("the remembered phrases are the phrase engine's (and speculation found as before), for texts that differ only in their numbers too", () => {
  let seed = 11;
  let found = 0;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (const locale of ["en-GB", "da-DK"]) {
    const config: Config = { brand: { locale } };
    for (let n = 0; n < 400; n++) {
      const picked = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => {
        const s = SENTENCES[Math.floor(rand() * SENTENCES.length)] ?? "";
        // The same sentence with other numbers: what a long incident's updates look like.
        return s.replace(/\d+/g, (d) => (rand() < 0.5 ? d : String(Math.floor(rand() * 100))));
      });
      const text = picked.join(rand() < 0.5 ? " " : "\n");
      const want = direct(text, config);
      const got = phrasesIn(text, config);
      expect(got.nonApologies, text).toEqual(want.nonApologies);
      expect(got.guesses, text).toEqual(want.guesses);
      found += want.nonApologies.length + want.guesses.length;
    }
  }
  expect(found).toBeGreaterThan(100);
});
