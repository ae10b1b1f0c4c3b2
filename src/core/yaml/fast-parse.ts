import { load, Schema, Type } from "js-yaml";
import type { Document, LineCounter } from "yaml";
import { duplicateKeys, quickRange } from "./fast-locate.js";
import { newLineCounter, parseDocument } from "./yaml-lib.js";
import {
  DEFAULT_YAML_LIMITS,
  documentOptions,
  duplicateKeyProblem,
  plain,
  type ParsedYaml,
  type YamlLimits,
} from "./parse.js";

/**
 * The linter's fast path: most files it checks are clean, and a clean file needs its value, not
 * the positions of its nodes. js-yaml builds that value about ten times faster than the yaml
 * library builds a Document. It is used only where the two read a file the same way, and it says
 * "not sure" (undefined) everywhere else, so the caller parses with parseYaml as before:
 *
 * - plain scalars resolve exactly as yaml's core schema does (the same patterns, in the same order);
 * - any tag, anchor or alias, a flow collection or a quoted scalar over several lines, any key that yaml would refuse or read differently (null, a list or a
 *   map as a key, `__proto__`-style keys, keys over 1,000 characters), tabs, directives, document
 *   markers and nesting near the depth limit are left to parseYaml, which reports them;
 * - any error js-yaml raises (duplicate keys, syntax) is left to parseYaml, which explains it.
 *
 * The Document, with its positions, is built from the same text the first time a rule asks where
 * something is (ParsedYaml.doc and .lines are lazy), so only files with findings pay for it.
 * test/lint/fast-path.test.ts compares the two paths' findings on generated and hostile inputs.
 */

/** Set when js-yaml meets what the fast path leaves to yaml (an anchor, an explicit tag). */
let unsure = false;

/** A js-yaml scalar type for one of yaml's core-schema resolutions; explicit tags are refused. */
function implicit(name: string, test: (s: string) => boolean, construct: (s: string) => unknown): Type {
  return new Type(`crisis:implicit:${name}`, {
    kind: "scalar",
    // js-yaml passes the tag as a second argument only for an explicit tag: never ours to resolve.
    resolve: (data: unknown, ...explicit: unknown[]) => {
      if (explicit.length > 0 && explicit[0] !== undefined) {
        unsure = true;
        return false;
      }
      return typeof data === "string" && test(data);
    },
    construct: (data: string) => construct(data),
  });
}

// yaml's core schema (yaml/dist/schema/core): null, bool, int (octal, decimal, hex), float (nan/inf, exponent, plain).
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/**
 * js-yaml tries every implicit type on every plain scalar, and most are words: the first character
 * rules out most of the patterns before any of them runs (each pattern below can only match a
 * text that starts as its filter says).
 */
function startsNumber(s: string): boolean {
  const c = s.charCodeAt(0);
  return (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e; // 0-9 + - .
}
const startsNull = (s: string) => s.length === 0 || s[0] === "~" || s[0] === "n" || s[0] === "N";
const startsBool = (s: string) => s[0] === "t" || s[0] === "T" || s[0] === "f" || s[0] === "F";

const CORE = new Schema({
  implicit: [
    implicit(
      "null",
      (s) => startsNull(s) && NULL.test(s),
      () => null,
    ),
    implicit(
      "bool",
      (s) => startsBool(s) && BOOL.test(s),
      (s) => s[0] === "t" || s[0] === "T",
    ),
    implicit(
      "int",
      (s) => startsNumber(s) && (INT_OCT.test(s) || INT.test(s) || INT_HEX.test(s)),
      (s) =>
        INT_OCT.test(s) ? parseInt(s.substring(2), 8) : INT.test(s) ? parseInt(s, 10) : parseInt(s.substring(2), 16),
    ),
    implicit(
      "float",
      (s) => startsNumber(s) && (FLOAT_NAN.test(s) || FLOAT_EXP.test(s) || FLOAT.test(s)),
      (s) =>
        FLOAT_NAN.test(s)
          ? s.slice(-3).toLowerCase() === "nan"
            ? NaN
            : s[0] === "-"
              ? Number.NEGATIVE_INFINITY
              : Number.POSITIVE_INFINITY
          : parseFloat(s),
    ),
  ],
});

// One pattern with all seven cases cost about 5 % of a bulk lint's CPU: V8 tried every case (a
// lookbehind among them) at every character. Three patterns, each led by what it needs, find the
// same texts (test/lint/leave-to-yaml.test.ts holds them to the one pattern) in a quarter of the time.
const AT_LINE_START = /\t|^%|^(?:---|\.\.\.)(?:[ \r\n]|$)|^[ -]*\?(?:[ \r\n]|$)/m;
const AFTER_CLOSING_BRACKET = /[\]}](?:[ ]*:(?:[ \r\n]|$)|#)/m;
const AFTER_CLOSING_QUOTE = /[^\s:[{,]["']#/;

/**
 * Text the fast path leaves to yaml without trying: tabs, directives and document markers, explicit
 * keys (`? `), a flow collection used as a key (`[a]: b`), which js-yaml turns into a string, and a
 * `#` straight after a closing bracket or quote (`{a: b}# c`, `'q'# c`; an opening quote follows a space or
 * a flow indicator, as in `"#tag"`): js-yaml reads a comment there, yaml refuses it (a comment must follow a
 * space), so only yaml can say what is wrong.
 */
export function leaveToYaml(text: string): boolean {
  return AT_LINE_START.test(text) || AFTER_CLOSING_BRACKET.test(text) || AFTER_CLOSING_QUOTE.test(text);
}

const BRACKET = /[[\]{}]/g;

/**
 * Whether every flow collection ({…}, […]) opens and closes on one line. yaml insists that a flow
 * collection continued on later lines is indented more than its parent; js-yaml does not check, so
 * such files are left to yaml. Brackets inside text count too: an unbalanced line only costs speed.
 */
function flowOnOneLine(text: string): boolean {
  // The brackets alone are visited (a few per file, against tens of thousands of characters): the
  // depth must be back to 0 before any newline after it leaves 0.
  BRACKET.lastIndex = 0;
  let depth = 0;
  let left = 0;
  // Which of the open brackets are maps ({), one bit per depth (deeper nesting is left to yaml).
  let maps = 0;
  for (let m = BRACKET.exec(text); m; m = BRACKET.exec(text)) {
    if (depth === 0) left = m.index;
    const c = text.charCodeAt(m.index);
    if (c === 0x5b || c === 0x7b) {
      // A collection where a flow map expects a key (`{ a: b, {}, c: d }`): js-yaml makes a string
      // of it ("[object Object]"), yaml refuses it as a key.
      if (depth > 0 && (maps >> (depth - 1)) & 1 && /[{,]\s*$/.test(text.slice(Math.max(left, m.index - 16), m.index)))
        return false;
      if (depth >= 30) return false;
      maps = c === 0x7b ? maps | (1 << depth) : maps & ~(1 << depth);
      depth++;
    } else if (--depth < 0) return false;
    if (depth === 0) {
      const nl = text.indexOf("\n", left);
      if (nl !== -1 && nl < m.index) return false;
    }
  }
  return depth === 0;
}

/** A quote that opens a quoted scalar: at the start of a value, an item, a key or a flow entry. */
const OPENING_QUOTE = /(?:^[ ]*|[:-][ ]+|[[{,][ ]*)(["'])/g;
const ANY_QUOTE = /["']/g;

/**
 * Whether every quoted scalar closes on the line it opens on. yaml wants the lines that continue a
 * quoted scalar indented (js-yaml takes any indentation), so multi-line quoted scalars go to yaml.
 */
function quotesOnOneLine(text: string): boolean {
  // Only the lines with a quote are cut out of the text (splitting it all was most of the garbage).
  ANY_QUOTE.lastIndex = 0;
  for (let q = ANY_QUOTE.exec(text); q; q = ANY_QUOTE.exec(text)) {
    const nl = text.indexOf("\n", q.index);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(text.lastIndexOf("\n", q.index) + 1, end);
    ANY_QUOTE.lastIndex = end;
    OPENING_QUOTE.lastIndex = 0;
    for (let m = OPENING_QUOTE.exec(line); m; m = OPENING_QUOTE.exec(line)) {
      const quote = m[1] ?? '"';
      let i = m.index + m[0].length;
      for (; i < line.length; i++) {
        if (quote === '"' && line[i] === "\\") i++;
        else if (line[i] === quote) {
          if (quote === "'" && line[i + 1] === "'") i++;
          else break;
        }
      }
      if (i >= line.length) return false;
      // Nothing after a closing quote can open another scalar except a flow entry or a key's value.
      OPENING_QUOTE.lastIndex = i + 1;
    }
  }
  return true;
}

/** Keys yaml reads differently (a null key becomes "") or refuses (object internals). */
const DOUBTFUL_KEYS = new Set(["null", "Null", "NULL", "__proto__", "constructor", "prototype"]);
const MAX_KEY = 1000;

/** Whether every key of the value is one yaml would read the same way, and nesting stays shallow. */
function plainKeys(value: unknown, maxDepth: number): boolean {
  const stack: unknown[] = [value];
  const depths: number[] = [0];
  while (stack.length > 0) {
    const node = stack.pop();
    const depth = depths.pop() ?? 0;
    if (node === null || typeof node !== "object") continue;
    if (depth >= maxDepth) return false;
    if (Array.isArray(node)) {
      for (const item of node as unknown[]) {
        stack.push(item);
        depths.push(depth + 1);
      }
      continue;
    }
    for (const key of Object.keys(node)) {
      if (DOUBTFUL_KEYS.has(key) || key.length > MAX_KEY) return false;
      stack.push((node as Record<string, unknown>)[key]);
      depths.push(depth + 1);
    }
  }
  return true;
}

const listener = (event: string, state: { anchor?: string | null; tag?: string | null }) => {
  if (event === "close" && (state.anchor != null || state.tag === "!")) unsure = true;
};

/**
 * A clean file's value without a Document, or undefined when the fast path is not sure the file is
 * clean YAML read the way parseYaml reads it. `rawText` is the decoded text (a byte-order mark is dropped).
 */
export function fastParseYaml(
  rawText: string,
  file: string,
  limits: YamlLimits = DEFAULT_YAML_LIMITS,
): ParsedYaml | undefined {
  const text = rawText.startsWith("\uFEFF") ? rawText.slice(1) : rawText;
  if (
    text.length > limits.maxBytes ||
    text.includes("\0") ||
    leaveToYaml(text) ||
    !flowOnOneLine(text) ||
    !quotesOnOneLine(text)
  )
    return undefined;
  const maxDepth = Math.min(limits.maxDepth ?? 64, 64) - 4;
  const read = readClean(text, maxDepth);
  if (read === undefined || Buffer.byteLength(text, "utf8") > limits.maxBytes) return undefined;
  if ("value" in read) return lazyPositions({ file, text, value: read.value, problems: [], issues: [] });
  return duplicatesOnly(text, file, maxDepth, read.duplicate);
}

/**
 * js-yaml's value of a text the fast path reads the way yaml does; or, when js-yaml stopped at a
 * key written twice, where that key is; undefined for anything else.
 */
function readClean(text: string, maxDepth: number): { value: object } | { duplicate: number } | undefined {
  let value: unknown;
  unsure = false;
  try {
    value = load(text, { schema: CORE, json: false, maxDepth: maxDepth + 1, listener } as Parameters<typeof load>[1]);
  } catch (error) {
    const e = error as { reason?: unknown; mark?: { position?: unknown } };
    const at = e.mark?.position;
    return e.reason === "duplicated mapping key" && typeof at === "number" ? { duplicate: at } : undefined;
  }
  if (unsure || value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  return plainKeys(value, maxDepth) ? { value } : undefined;
}

/** More keys written twice than this, and the file is left to yaml (each costs two more reads). */
const MAX_DUPLICATES = 8;

/**
 * A file whose only fault is keys written twice in a map (a team's common slip: a pasted block),
 * reported as parseYaml reports it, without yaml's Document. The duplicates are found from the
 * text's block structure (fast-locate.ts), then proven with js-yaml: with every one of them renamed
 * the file reads clean; with all but one renamed, js-yaml stops at that one; with all but one
 * renamed and the key it repeats renamed too, the file reads clean again. Anything else is left to
 * parseYaml.
 */
function duplicatesOnly(text: string, file: string, maxDepth: number, thrownAt: number): ParsedYaml | undefined {
  const dups = duplicateKeys(text);
  if (!dups || dups.length === 0 || dups.length > MAX_DUPLICATES || !dups.some((d) => d.start === thrownAt))
    return undefined;
  const clean = (keys: { start: number; name: string }[]) => {
    const read = readClean(renamed(text, keys), maxDepth);
    return read !== undefined && "value" in read;
  };
  if (!clean(dups)) return undefined;
  for (const d of dups) {
    const others = dups.filter((o) => o !== d);
    const alone = readClean(renamed(text, others), maxDepth);
    if (alone === undefined || !("duplicate" in alone) || alone.duplicate !== d.start) return undefined;
    if (!clean([...others, { start: d.first, name: d.name }])) return undefined;
  }
  const lines = lineStarts(text);
  const issues = dups.map((d) => duplicateKeyProblem(file, lines, [d.start, d.start + d.name.length], d.name, d.first));
  return lazyPositions({ file, text, value: undefined, problems: issues.map(plain), issues });
}

/**
 * The text with each key replaced by a made-up one of the same length, so every offset stays put:
 * "§" (never in a key duplicateKeys accepts) and a number, distinct for each key.
 */
function renamed(text: string, keys: readonly { start: number; name: string }[]): string {
  let out = text;
  keys.forEach((k, i) => {
    const tag = i.toString(36);
    const name = tag.length > k.name.length ? "" : tag.padStart(k.name.length, "\u00a7");
    // A key too short for its tag stays as it is; the proofs above then fail and yaml decides.
    if (name !== "") out = out.slice(0, k.start) + name + out.slice(k.start + k.name.length);
  });
  return out;
}

/**
 * A clean parse whose Document is built from its text when first asked for. Its line counter is
 * the text's line starts (what yaml's counter holds: one per "\n"), so placing a key or a one-line
 * value (quickRange, fast-locate.ts) needs no Document at all.
 */
function lazyPositions(base: Omit<ParsedYaml, "doc" | "lines">): ParsedYaml {
  let doc: Document.Parsed | undefined;
  let lines: LineCounter | undefined;
  const parsed = base as ParsedYaml;
  parsed.quickRange = (path, at) => quickRange(base.text, path, at);
  Object.defineProperty(parsed, "doc", {
    configurable: true,
    enumerable: true,
    get: () => (doc ??= parseDocument(base.text, documentOptions(newLineCounter()))),
  });
  Object.defineProperty(parsed, "lines", {
    configurable: true,
    enumerable: true,
    get: () => (lines ??= lineStarts(base.text)),
  });
  return parsed;
}

/**
 * yaml's LineCounter over the text's line starts, built without loading yaml: the same binary
 * search (yaml/dist/parse/line-counter.js), so positions read the same.
 */
function lineStarts(text: string): LineCounter {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return {
    lineStarts: starts,
    addNewLine: (offset: number) => starts.push(offset),
    linePos: (offset: number) => {
      let low = 0;
      let high = starts.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if ((starts[mid] ?? 0) < offset) low = mid + 1;
        else high = mid;
      }
      if (starts[low] === offset) return { line: low + 1, col: 1 };
      if (low === 0) return { line: 0, col: offset };
      return { line: low, col: offset - (starts[low - 1] ?? 0) + 1 };
    },
  };
}
