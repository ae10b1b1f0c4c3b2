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
