import type { Config } from "../../config/schema.js";
import { DA } from "./da.js";
import { EN } from "./en.js";
import { compile, matchSentence, sentences, type Pattern, type Sentence, type Token } from "./match.js";
import type { LanguagePhrases } from "./types.js";

/** "da" for da-DK: the phrase lists are per primary language. */
export function primaryLanguage(tag: string | undefined): string | undefined {
  return tag?.split("-")[0]?.toLowerCase();
}

const BUNDLED: Readonly<Record<string, LanguagePhrases>> = { en: EN, da: DA };

interface Compiled {
  nonApology: Pattern[];
  etaFixed: Pattern[];
  etaWhen: Pattern[];
  eta: Pattern[];
  updateWords: Pattern;
  pastWords: Pattern;
  noComment: Pattern[];
  allow: Pattern[];
}

const compiled = new WeakMap<object, Map<string, Compiled | undefined>>();

/** The phrases for a language, bundled plus the config's, compiled once per config. */
export function phrasesFor(config: Config, language: string): Compiled | undefined {
  let byLanguage = compiled.get(config);
  if (!byLanguage) compiled.set(config, (byLanguage = new Map<string, Compiled | undefined>()));
  if (byLanguage.has(language)) return byLanguage.get(language);
  const bundled = BUNDLED[language];
  const extra = config.lint?.phrases?.[language];
  let out: Compiled | undefined;
  if (bundled || extra) {
    const base = bundled ?? {
      nonApology: [],
      etaFixed: [],
      etaWhen: [],
      eta: [],
      updateWords: [],
      pastWords: [],
      noComment: [],
      allow: [],
    };
    out = {
      nonApology: [...base.nonApology, ...(extra?.non_apology ?? [])].map(compile),
      etaFixed: base.etaFixed.map(compile),
      etaWhen: base.etaWhen.map(compile),
      eta: [...base.eta, ...(extra?.eta_promise ?? [])].map(compile),
      updateWords: compile(base.updateWords.join("|") || "\u0000"),
      pastWords: compile(base.pastWords.join("|") || "\u0000"),
      noComment: [...base.noComment, ...(extra?.no_comment ?? [])].map(compile),
      allow: [...base.allow, ...(extra?.allow ?? [])].map(compile),
    };
  }
  byLanguage.set(language, out);
  return out;
}

/** A phrase found in a text: character offsets. */
export interface PhraseMatch {
  start: number;
  end: number;
}

function span(s: Sentence, [a, b]: [number, number]): PhraseMatch {
  return { start: (s[a] as Token).start, end: (s[b - 1] as Token).end };
}

function allowed(c: Compiled, s: Sentence): boolean {
  return c.allow.some((p) => matchSentence(p, s).length > 0);
}

/** Matches of whole patterns, sentence by sentence, except in sentences the allow list covers. */
export function findPhrases(patterns: readonly Pattern[], c: Compiled, list: readonly Sentence[]): PhraseMatch[] {
  const out: PhraseMatch[] = [];
  for (const s of list) {
    if (allowed(c, s)) continue;
    for (const p of patterns) for (const r of matchSentence(p, s)) out.push(span(s, r));
  }
  return out;
}

const NEAR = 4;

/**
 * Promises of a fix time: a whole ETA phrase, or a fix word and a time within a few words of each
 * other in one sentence, in either order, with no update word between them (the time then belongs
 * to the update) and no "was"/"has been" just before the fix word (then it is a fact, not a promise).
 */
export function findEtas(c: Compiled, list: readonly Sentence[]): PhraseMatch[] {
  const out: PhraseMatch[] = [];
  for (const s of list) {
    if (allowed(c, s)) continue;
    for (const p of c.eta) for (const r of matchSentence(p, s)) out.push(span(s, r));
    const fixes = c.etaFixed.flatMap((p) => matchSentence(p, s));
    if (fixes.length === 0) continue;
    const whens = c.etaWhen.flatMap((p) => matchSentence(p, s));
    for (const f of fixes) {
      if (isFact(c, s, f[0])) continue;
      for (const w of whens) {
        const gap = w[0] >= f[1] ? w[0] - f[1] : f[0] - w[1];
        if (gap < 0 || gap > NEAR) continue;
        const [from, to] = w[0] >= f[1] ? [f[1], w[0]] : [w[1], f[0]];
        if (s.slice(from, to).some((t) => matchesWord(c.updateWords, t))) continue;
        out.push(span(s, [Math.min(f[0], w[0]), Math.max(f[1], w[1])]));
        break;
      }
    }
  }
  return out;
}

function isFact(c: Compiled, s: Sentence, at: number): boolean {
  for (let i = Math.max(0, at - 2); i < at; i++) if (matchesWord(c.pastWords, s[i])) return true;
  return false;
}

function matchesWord(p: Pattern, t: Token | undefined): boolean {
  return t !== undefined && matchSentence(p, [t]).length > 0;
}

export { sentences };
