/**
 * A small phrase language for the wording rules, so the phrase lists are data (bundled per
 * language, extended in crisis.config.yaml) and match however a sentence is inflected or ordered:
 *
 *   words in order, case-insensitive     apologise for any inconvenience
 *   stem* matches any ending             apologi* for any inconvenien*
 *   a|b|c* matches either                sorry|apolog*|regret*
 *   (word) is optional                   sorry (that) you feel
 *   ... is up to four other words        if ... offend*
 *   # is a word with a digit             by # → by 5pm, by 17:00
 *   {{}} is a template variable          in {{}} (never {{next_update_time}}, the one promise to make)
 *   a & b: both parts, in any order, within one sentence
 *
 * Text is split into sentences and words once; each pattern is tried at each word of a sentence.
 */

export interface Token {
  /** Lower case, typographic apostrophes made plain. */
  word: string;
  start: number;
  end: number;
}

export type Sentence = Token[];

type Element =
  | { kind: "word"; alternatives: { text: string; prefix: boolean }[]; optional: boolean }
  | { kind: "gap"; max: number }
  | { kind: "number"; optional: boolean }
  | { kind: "variable"; optional: boolean };

export interface Pattern {
  source: string;
  /** Parts that must all match within one sentence, in any order. */
  parts: Element[][];
}

const GAP = 4;
const NEXT_UPDATE = "{{next_update_time}}";

function element(raw: string): Element {
  const optional = raw.startsWith("(") && raw.endsWith(")");
  const body = optional ? raw.slice(1, -1) : raw;
  if (body === "...") return { kind: "gap", max: GAP };
  if (body === "#") return { kind: "number", optional };
  if (body === "{{}}") return { kind: "variable", optional };
  const alternatives = body
    .toLowerCase()
    .split("|")
    .filter((a) => a !== "")
    .map((a) => (a.endsWith("*") ? { text: a.slice(0, -1), prefix: true } : { text: a, prefix: false }));
  return { kind: "word", alternatives, optional };
}

export function compile(source: string): Pattern {
  const parts = source
    .split(/\s+&\s+/)
    .map((part) => part.replace(/’/g, "'").trim().split(/\s+/).filter(Boolean).map(element))
    .filter((p) => p.length > 0);
  return { source, parts };
}

const WORD = /\{\{\s*[a-z_]+\s*\}\}|[\p{L}\p{N}][\p{L}\p{N}'’:-]*/gu;

/**
 * Sentences of a text, each a list of words with their offsets. A full stop ends a sentence only
 * before a capital letter, a line break or the end, so "kl. 17" and "approx. 2 hours" stay whole.
 */
export function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let current: Sentence = [];
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    const between = text.slice(last, m.index);
    if (current.length > 0 && endsSentence(between, m[0])) {
      out.push(current);
      current = [];
    }
    let word = m[0].replace(/’/g, "'").toLowerCase();
    if (word.startsWith("{{")) word = `{{${word.replace(/[{}\s]/g, "")}}}`;
    current.push({ word: word.replace(/[:'-]+$/, ""), start: m.index, end: m.index + m[0].length });
    last = m.index + m[0].length;
  }
  if (current.length > 0) out.push(current);
  return out;
}

function endsSentence(between: string, next: string): boolean {
  if (/[!?]/.test(between) || /\n/.test(between)) return true;
  // "kl. 17", "approx. two hours": a full stop before a digit or a lower-case word is an abbreviation.
  return /\./.test(between) && !/^[\p{N}\p{Ll}]/u.test(next);
}

const isNumber = (word: string) => /\p{N}/u.test(word) && !word.startsWith("{{");
const isVariable = (word: string) => word.startsWith("{{") && word !== NEXT_UPDATE;

function wordMatches(e: Extract<Element, { kind: "word" }>, word: string): boolean {
  return e.alternatives.some((a) =>
    a.text === "#" && !a.prefix
      ? isNumber(word)
      : a.text === "{{}}" && !a.prefix
        ? isVariable(word)
        : a.prefix
          ? word.startsWith(a.text)
          : word === a.text,
  );
}

/** The end (exclusive token index) of a match of `els` starting at token i, or -1. */
function matchAt(els: readonly Element[], k: number, s: Sentence, i: number): number {
  if (k === els.length) return i;
  const e = els[k];
  if (!e) return i;
  if (e.kind === "gap") {
    for (let skip = 0; skip <= e.max && i + skip <= s.length; skip++) {
      const end = matchAt(els, k + 1, s, i + skip);
      if (end !== -1) return end;
    }
    return -1;
  }
  const token = s[i];
  let ok = false;
  if (token) {
    if (e.kind === "word") ok = wordMatches(e, token.word);
    else if (e.kind === "number") ok = isNumber(token.word);
    else ok = isVariable(token.word);
  }
  if (ok) {
    const end = matchAt(els, k + 1, s, i + 1);
    if (end !== -1) return end;
  }
  return e.optional ? matchAt(els, k + 1, s, i) : -1;
}

/** Where a part matches in a sentence, as token indexes [start, end). */
function findPart(part: readonly Element[], s: Sentence, from = 0): [number, number] | undefined {
  for (let i = from; i < s.length; i++) {
    const end = matchAt(part, 0, s, i);
    if (end > i) return [i, end];
  }
  return undefined;
}

/** Every match of a pattern in a sentence, as token ranges [start, end). */
export function matchSentence(p: Pattern, s: Sentence): [number, number][] {
  if (p.parts.length === 1) {
    const out: [number, number][] = [];
    let from = 0;
    for (;;) {
      const found = findPart(p.parts[0] ?? [], s, from);
      if (!found) return out;
      out.push(found);
      from = found[1];
    }
  }
  let start = Number.POSITIVE_INFINITY;
  let end = -1;
  for (const part of p.parts) {
    const found = findPart(part, s);
    if (!found) return [];
    start = Math.min(start, found[0]);
    end = Math.max(end, found[1]);
  }
  return [[start, end]];
}
