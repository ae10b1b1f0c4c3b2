/**
 * Where a key or a one-line scalar is written, read from the text's indentation alone, for files
 * the fast path read (fast-parse.ts): no tabs, no anchors, tags or explicit keys, quoted scalars and
 * flow collections on one line, no duplicate keys. A file with a finding used to build the yaml
 * Document only to place it (about a tenth of lint's CPU on the bench corpus); most places are a
 * key or a short value, which the block structure finds directly.
 *
 * It answers only what it is sure of and undefined otherwise (a quoted or unusual key on the way,
 * a flow collection, a block scalar, a multi-line or empty value, a map or list on one line, a path
 * that is not there), and the caller asks the Document. Offsets are yaml's own: [start, end) of the
 * key or value node; a map or list over several lines is given by its start alone. test/yaml/fast-locate.test.ts compares every answer with the
 * Document's on the bundled playbooks and on edited copies of them.
 */

/** A key yaml reads as the same string: a plain word that is not a bool, a null or a number. */
const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const NOT_A_STRING = /^(?:true|True|TRUE|false|False|FALSE|null|Null|NULL)$/;

const SPACE = 0x20;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;

/** A node of the block structure: where its first character is, and the indentation of the collection holding it. */
interface At {
  pos: number;
  /** The column of the collection the node is an entry of (-1 for the document's root). */
  parent: number;
}

class Lines {
  constructor(private readonly text: string) {}

  start(pos: number): number {
    return this.text.lastIndexOf("\n", pos - 1) + 1;
  }

  /** The end of the line's content (before "\r\n" or "\n"). */
  end(pos: number): number {
    const nl = this.text.indexOf("\n", pos);
    const end = nl === -1 ? this.text.length : nl;
    return end > 0 && this.text.charCodeAt(end - 1) === RETURN ? end - 1 : end;
  }

  /** The start of the next line, or -1 at the end of the text. */
  next(pos: number): number {
    const nl = this.text.indexOf("\n", pos);
    return nl === -1 ? -1 : nl + 1;
  }

  /** The first character that is not a space, from pos. */
  skipSpaces(pos: number): number {
    let i = pos;
    while (this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /** Whether nothing but spaces or a comment is left on the line from pos. */
  restIsEmpty(pos: number): boolean {
    const i = this.skipSpaces(pos);
    const c = this.text.charCodeAt(i);
    return i >= this.end(i) || c === HASH || Number.isNaN(c);
  }

  /** The first character of the next line after pos's that holds content (not blank, not a comment), or -1. */
  nextContent(pos: number): number {
    for (let line = this.next(pos); line !== -1; line = this.next(line)) {
      const i = this.skipSpaces(line);
      if (i < this.end(line) && this.text.charCodeAt(i) !== HASH) return i;
    }
    return -1;
  }

  /** Whether a sequence entry's dash is at pos. */
  isDash(pos: number): boolean {
    if (this.text.charCodeAt(pos) !== DASH) return false;
    const c = this.text.charCodeAt(pos + 1);
    return c === SPACE || c === NEWLINE || c === RETURN || Number.isNaN(c);
  }

  /** The plain key that starts at pos, if the line from pos is `key:` followed by a space or its end. */
  keyAt(pos: number): string | undefined {
    const end = this.end(pos);
    for (let i = pos; i < end; i++) {
      const c = this.text.charCodeAt(i);
      if (c === COLON) {
        const after = this.text.charCodeAt(i + 1);
        if (i + 1 === end || after === SPACE) return this.text.slice(pos, i);
      } else if (c === SPACE || c === HASH) return undefined;
    }
    return undefined;
  }
}

function column(lines: Lines, pos: number): number {
  return pos - lines.start(pos);
}

/**
 * The value of the entry whose key or dash ends just before `from`, in the collection at column
 * `col`. A map's value may be a list at the key's own column; a list entry's may not.
 */
function valueAfter(lines: Lines, text: string, from: number, col: number, ofKey: boolean): At | undefined {
  const v = lines.skipSpaces(from);
  if (!lines.restIsEmpty(v)) {
    const c = text[v];
    // Block scalars, anchors, aliases and tags are placed by the Document.
    if (c === "|" || c === ">" || c === "&" || c === "*" || c === "!") return undefined;
    return { pos: v, parent: col };
  }
  const next = lines.nextContent(v);
  if (next === -1) return undefined;
  const nextCol = column(lines, next);
  if (nextCol > col || (ofKey && nextCol === col && lines.isDash(next))) return { pos: next, parent: col };
  return undefined; // an empty value
}

/** The entry of the map at `map` with key `key`: where its key starts, or undefined. */
function findKey(lines: Lines, map: At, key: string): number | undefined {
  const col = column(lines, map.pos);
  for (let pos = map.pos; pos !== -1; pos = lines.nextContent(pos)) {
    const c = column(lines, pos);
    if (c < col) return undefined;
    if (c > col || (pos !== map.pos && lines.isDash(pos))) continue; // inside an entry, or a list at the key's column
    const k = lines.keyAt(pos);
    if (k === undefined || !SIMPLE_KEY.test(k) || NOT_A_STRING.test(k)) return undefined;
    if (k === key) return pos;
  }
  return undefined;
}

/** The index-th entry of the list at `seq`: where its dash is, or undefined. */
function findItem(lines: Lines, seq: At, index: number): number | undefined {
  const col = column(lines, seq.pos);
  let n = 0;
  for (let pos = seq.pos; pos !== -1; pos = lines.nextContent(pos)) {
    const c = column(lines, pos);
    if (c < col) return undefined;
    if (c > col) continue;
    if (!lines.isDash(pos)) return undefined; // the parent map's next key
    if (n === index) return pos;
    n++;
  }
  return undefined;
}

/** The end of a one-line scalar at pos, or undefined when it is not one (a map, a flow collection, more lines). */
function scalarEnd(lines: Lines, text: string, at: At): number | undefined {
  const { pos } = at;
  const end = lines.end(pos);
  const c = text[pos];
  if (c === "[" || c === "{") return undefined;
  let last: number;
  if (c === '"' || c === "'") {
    let i = pos + 1;
    for (; i < end; i++) {
      if (c === '"' && text[i] === "\\") i++;
      else if (text[i] === c) {
        if (c === "'" && text[i + 1] === "'") i++;
        else break;
      }
    }
    if (i >= end) return undefined;
    last = i + 1;
    if (!lines.restIsEmpty(last) || (last < end && text[last] !== " ")) return undefined;
    return last;
  }
  if (lines.keyAt(pos) !== undefined) return undefined; // a map
  last = pos;
  for (let i = pos; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === HASH && text.charCodeAt(i - 1) === SPACE) break;
    if (ch === COLON && (i + 1 === end || text.charCodeAt(i + 1) === SPACE)) return undefined;
    if (ch !== SPACE) last = i + 1;
  }
  // A plain scalar continues on the next line that is not blank, when that is indented more than
  // its collection (a comment ends it).
  for (let line = lines.next(pos); line !== -1; line = lines.next(line)) {
    const i = lines.skipSpaces(line);
    if (i >= lines.end(line)) continue;
    if (text.charCodeAt(i) !== HASH && column(lines, i) > at.parent) return undefined;
    break;
  }
  return last;
}

/** The document's root node: its first line with content. */
function root(lines: Lines, text: string): At | undefined {
  const first = lines.skipSpaces(0);
  const pos = first < lines.end(0) && text.charCodeAt(first) !== HASH ? first : lines.nextContent(0);
  return pos === -1 ? undefined : { pos, parent: -1 };
}

/** Whether the list or map at `node` has content on a line after its first. */
function overSeveralLines(lines: Lines, node: At, seq: boolean): boolean {
  const next = lines.nextContent(node.pos);
  if (next === -1) return false;
  const col = column(lines, node.pos);
  const c = column(lines, next);
  return c > col || (c === col && (!seq || lines.isDash(next)));
}

/**
 * A node's place: [start, end) as yaml's Document gives it, or only its start for a list or map
 * over several lines (whose end no caller places: a finding underlines one line at most).
 */
export interface QuickRange {
  start: number;
  end: number | undefined;
}

/**
 * Where the key (`at` "key", when the path ends at a key) or the value at `path` is written;
 * undefined when not sure.
 */
export function quickRange(text: string, path: readonly PropertyKey[], at: "key" | "value"): QuickRange | undefined {
  const lines = new Lines(text);
  let node = root(lines, text);
  let keyStart: number | undefined;
  let keyEnd = 0;
  for (const segment of path) {
    if (!node) return undefined;
    const col = column(lines, node.pos);
    if (lines.isDash(node.pos)) {
      if (typeof segment !== "number") return undefined;
      // A list's entries begin their lines (a list inside a list's entry is left to the Document).
      if (lines.skipSpaces(lines.start(node.pos)) !== node.pos) return undefined;
      const item = findItem(lines, node, segment);
      if (item === undefined) return undefined;
      keyStart = undefined;
      node = valueAfter(lines, text, item + 1, col, false);
    } else {
      if (typeof segment !== "string") return undefined;
      const k = findKey(lines, node, segment);
      if (k === undefined) return undefined;
      keyStart = k;
      keyEnd = k + segment.length;
      node = valueAfter(lines, text, keyEnd + 1, col, true);
    }
  }
  if (at === "key" && keyStart !== undefined) return { start: keyStart, end: keyEnd };
  if (!node) return undefined;
  const seq = lines.isDash(node.pos);
  if (seq || lines.keyAt(node.pos) !== undefined) {
    if (seq && lines.skipSpaces(lines.start(node.pos)) !== node.pos) return undefined;
    return overSeveralLines(lines, node, seq) ? { start: node.pos, end: undefined } : undefined;
  }
  const end = scalarEnd(lines, text, node);
  return end === undefined ? undefined : { start: node.pos, end };
}

/** A key written again in the same map: where it is, and where the map first has it. */
export interface DuplicateKey {
  name: string;
  start: number;
  first: number;
}

/**
 * Every key written twice in one block map, in the order yaml's safety walk reports them (each
 * map before what it holds, maps in the order they start); undefined when the text holds what
 * this reading does not follow (a flow map, a key that is not a plain word, a list inside a
 * list's entry). The caller checks the answer against js-yaml (fast-parse.ts).
 */
export function duplicateKeys(text: string): DuplicateKey[] | undefined {
  const lines = new Lines(text);
  const out: DuplicateKey[] = [];
  const start = root(lines, text);
  return start && visitNode(lines, text, start, out) ? out : undefined;
}

/** Whether a one-line value at pos is followed on its line by ": " (a map's key), quotes skipped. */
function opensMap(lines: Lines, text: string, pos: number): boolean {
  const end = lines.end(pos);
  let i = pos;
  const c = text[pos];
  if (c === '"' || c === "'") {
    const closed = scalarEnd(lines, text, { pos, parent: Number.MAX_SAFE_INTEGER });
    if (closed === undefined) return true; // not a plain quoted scalar: let the caller give up
    i = closed;
  }
  for (; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === HASH && text.charCodeAt(i - 1) === SPACE) return false;
    if (ch === COLON && (i + 1 === end || text.charCodeAt(i + 1) === SPACE)) return true;
  }
  return false;
}

/** The offset after the quoted scalar opening at pos, or -1 when it does not close before `end`. */
function afterQuoted(text: string, pos: number, end: number): number {
  const quote = text[pos];
  for (let i = pos + 1; i < end; i++) {
    if (quote === '"' && text[i] === "\\") i++;
    else if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return -1;
}

const FLOW_KEY_CHAR = /[A-Za-z0-9_-]/;

/**
 * A one-line flow map of plain keys and scalar values (`{ text: '…', role: lead }`, as checklists
 * are written): its duplicates. False for anything else in braces (a nested collection, an odd key).
 */
function visitFlowMap(lines: Lines, text: string, pos: number, out: DuplicateKey[]): boolean {
  const end = lines.end(pos);
  const seen = new Map<string, number>();
  let i = pos + 1;
  for (;;) {
    while (text[i] === " ") i++;
    if (text[i] === "}") return true;
    const k0 = i;
    while (i < end && FLOW_KEY_CHAR.test(text[i] ?? "")) i++;
    const k = text.slice(k0, i);
    if (!SIMPLE_KEY.test(k) || NOT_A_STRING.test(k) || text[i] !== ":" || text[i + 1] !== " ") return false;
    const first = seen.get(k);
    if (first === undefined) seen.set(k, k0);
    else out.push({ name: k, start: k0, first });
    i = lines.skipSpaces(i + 2);
    const c = text[i];
    if (c === '"' || c === "'") {
      i = afterQuoted(text, i, end);
      if (i === -1) return false;
    } else {
      for (; i < end && text[i] !== "," && text[i] !== "}"; i++) {
        const ch = text[i];
        if (
          ch === "[" ||
          ch === "]" ||
          ch === "{" ||
          (ch === ":" && text[i + 1] === " ") ||
          (ch === "#" && text[i - 1] === " ")
        )
          return false;
      }
    }
    while (text[i] === " ") i++;
    if (text[i] === "}") return true;
    if (text[i] !== ",") return false;
    i++;
  }
}

function visitNode(lines: Lines, text: string, node: At, out: DuplicateKey[]): boolean {
  const c = text[node.pos];
  if (c === "{") return visitFlowMap(lines, text, node.pos, out);
  if (c === "[") return !text.slice(node.pos, lines.end(node.pos)).includes("{");
  if (lines.isDash(node.pos)) return visitList(lines, text, node, out);
  if (!opensMap(lines, text, node.pos)) return true; // a scalar
  return visitMap(lines, text, node, out);
}

function visitList(lines: Lines, text: string, node: At, out: DuplicateKey[]): boolean {
  if (lines.skipSpaces(lines.start(node.pos)) !== node.pos) return false;
  const col = column(lines, node.pos);
  for (let pos = node.pos; pos !== -1; pos = lines.nextContent(pos)) {
    const c = column(lines, pos);
    if (c < col) break;
    if (c > col) continue;
    if (!lines.isDash(pos)) break;
    const value = valueAfter(lines, text, pos + 1, col, false);
    if (value && !visitNode(lines, text, value, out)) return false;
  }
  return true;
}

function visitMap(lines: Lines, text: string, node: At, out: DuplicateKey[]): boolean {
  const col = column(lines, node.pos);
  const seen = new Map<string, number>();
  const values: At[] = [];
  for (let pos = node.pos; pos !== -1; pos = lines.nextContent(pos)) {
    const c = column(lines, pos);
    if (c < col) break;
    if (c > col || (pos !== node.pos && lines.isDash(pos))) continue;
    const k = lines.keyAt(pos);
    if (k === undefined || !SIMPLE_KEY.test(k) || NOT_A_STRING.test(k)) return false;
    const first = seen.get(k);
    if (first === undefined) seen.set(k, pos);
    else out.push({ name: k, start: pos, first });
    const value = valueAfter(lines, text, pos + k.length + 1, col, true);
    if (value) values.push(value);
  }
  // A map's own duplicates come before those of the maps it holds.
  return values.every((v) => visitNode(lines, text, v, out));
}
