import type { Document, DocumentOptions, LineCounter, Node, Pair, ParseOptions, SchemaOptions, YAMLMap } from "yaml";
import { isAlias, isMap, isPair, isScalar, isSeq, newLineCounter, parseDocument } from "./yaml-lib.js";
import type { Problem } from "../../errors.js";
import type { QuickRange } from "./fast-locate.js";

/** Bounds that keep a hostile or broken file from hanging or exhausting the process. */
export interface YamlLimits {
  maxBytes: number;
  /** How many alias nodes a file may hold, and yaml's bound on how far aliases may expand. */
  maxAliasCount: number;
  /** How deeply maps and lists may nest. Crisis files need about eight levels. */
  maxDepth?: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = { maxBytes: 1024 * 1024, maxAliasCount: 100, maxDepth: 64 };

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** What kind of YAML-layer problem it is: the linter turns each into a `yaml/<code>` rule. */
export type YamlCode =
  | "syntax"
  | "duplicate-key"
  | "tag"
  | "forbidden-key"
  | "complex-key"
  | "alias-limit"
  | "alias-cycle"
  | "too-deep"
  | "file-too-large"
  | "binary"
  | "multi-document"
  | "merge-key";

/** A problem of the YAML layer: a Problem with its kind and, when known, where it ends. */
export interface YamlProblem extends Problem {
  code: YamlCode;
  endLine?: number;
  endColumn?: number;
}

export interface ParsedYaml {
  file: string;
  /** The text as parsed: without a byte-order mark. */
  text: string;
  doc: Document.Parsed | undefined;
  lines: LineCounter;
  /** The plain value, or undefined when the YAML layer found errors. */
  value: unknown;
  /** One line per problem, for loading errors. */
  problems: Problem[];
  /** The same problems with their kind and end position, for the linter. */
  issues: YamlProblem[];
  /**
   * Where a key or one-line scalar is, found without the Document (fast-parse.ts sets it on the
   * files it reads); undefined when it is not sure, and the Document is asked.
   */
  quickRange?: (path: readonly PropertyKey[], at: "key" | "value") => QuickRange | undefined;
}

/** A key written twice in one map, where the second one is (the first is named in the message). */
export function duplicateKeyProblem(
  file: string,
  lines: LineCounter,
  range: readonly number[],
  name: string,
  firstOffset: number,
): YamlProblem {
  const was = positionOf(lines, firstOffset);
  return problemAt(
    file,
    lines,
    "duplicate-key",
    range,
    `duplicate key "${clip(name)}" (first defined at line ${was.line}, column ${was.column}); expected each key once per map`,
  );
}

export function plain(p: YamlProblem): Problem {
  return { file: p.file, line: p.line, column: p.column, message: p.message };
}

export function positionOf(lines: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lines.linePos(offset);
  // An empty LineCounter (nothing parsed yet) answers line 0; the start of the file is 1:1.
  return line === 0 ? { line: 1, column: 1 } : { line, column: col };
}

/** Line and column of an offset by counting newlines; for problems found before parsing. */
function scanPosition(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

function problemAt(
  file: string,
  lines: LineCounter,
  code: YamlCode,
  range: readonly number[],
  message: string,
): YamlProblem {
  const start = positionOf(lines, range[0] ?? 0);
  const problem: YamlProblem = { file, ...start, message, code };
  const endOffset = range[1];
  if (endOffset !== undefined && endOffset > (range[0] ?? 0)) {
    const end = positionOf(lines, endOffset);
    problem.endLine = end.line;
    problem.endColumn = end.column;
  }
  return problem;
}

/**
 * Parses one YAML document with the safety rules every crisis file follows: no tags, no duplicate
 * keys, keys that are plain scalars, a bounded number of aliases and no recursive ones, bounded
 * nesting, no keys that could reach object internals, a size limit, and no binary content.
 * Every check is linear in the file's size. Returns problems instead of throwing.
 */
export function parseYaml(rawText: string, file: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): ParsedYaml {
  const lines = newLineCounter();
  const text = rawText.startsWith("\uFEFF") ? rawText.slice(1) : rawText;
  const result = (issues: YamlProblem[], doc?: Document.Parsed): ParsedYaml => ({
    file,
    text,
    doc,
    lines,
    value: undefined,
    problems: issues.map(plain),
    issues,
  });
  const early = (code: YamlCode, offset: number, message: string): ParsedYaml =>
    result([{ file, ...scanPosition(text, offset), message, code }]);

  if (text.length > limits.maxBytes || Buffer.byteLength(text, "utf8") > limits.maxBytes) {
    return early(
      "file-too-large",
      0,
      `file is larger than ${formatBytes(limits.maxBytes)}; expected a playbook-sized YAML file`,
    );
  }
  const nul = text.indexOf("\0");
  if (nul !== -1) return early("binary", nul, "file contains NUL bytes; expected UTF-8 YAML text, not a binary file");

  let doc: Document.Parsed;
  try {
    // uniqueKeys is off because yaml's own check is quadratic in the number of keys; walk() does it in linear time.
    doc = parseDocument(text, documentOptions(lines));
  } catch (error) {
    if (error instanceof RangeError) return early("too-deep", 0, tooDeep(limits));
    return early("syntax", 0, `cannot read the file as YAML: ${firstLine(String(error))}`);
  }
  const problems: YamlProblem[] = [];
  for (const e of doc.errors) {
    if (e.code === "MISSING_CHAR" && /quote/.test(e.message)) {
      // The parser notices only at the end of the file; point at the quote that was never closed.
      const open = unclosedQuote(text, e.pos[0]);
      problems.push(
        problemAt(
          file,
          lines,
          "syntax",
          [open ?? e.pos[0]],
          "string is never closed; expected a closing quote on this or a later line",
        ),
      );
      continue;
    }
    const code: YamlCode =
      e.code === "MULTIPLE_DOCS"
        ? "multi-document"
        : e.code === "RESOURCE_EXHAUSTION"
          ? "too-deep"
          : e.code === "DUPLICATE_KEY"
            ? "duplicate-key"
            : "syntax";
    const message =
      code === "multi-document"
        ? "a second YAML document starts here; expected one document per file (remove the --- line)"
        : code === "too-deep"
          ? tooDeep(limits)
          : firstLine(e.message);
    problems.push(problemAt(file, lines, code, e.pos, message));
  }
  for (const w of doc.warnings) {
    if (w.code === "TAG_RESOLVE_FAILED") continue; // reported by walk(), with a better message
    problems.push(problemAt(file, lines, "syntax", w.pos, firstLine(w.message)));
  }
  const deep = problems.find((p) => p.code === "too-deep");
  if (deep) {
    // yaml notices only when its stack runs out, which varies; point at the bracket that crosses the limit.
    const at = flowDepthOffset(text, limits.maxDepth ?? DEFAULT_YAML_LIMITS.maxDepth ?? 64);
    const first: YamlProblem = at === undefined ? deep : problemAt(file, lines, "too-deep", [at, at + 1], deep.message);
    return result([first, ...problems.filter((p) => p.code !== "too-deep")], doc);
  }

  problems.push(...walk(doc, text, file, lines, limits));
  if (problems.length > 0) return result(problems, doc);

  try {
    const value: unknown = doc.toJS({ maxAliasCount: limits.maxAliasCount });
    return { file, text, doc, lines, value, problems: [], issues: [] };
  } catch (error) {
    if (error instanceof RangeError) return result([problemAt(file, lines, "too-deep", [0], tooDeep(limits))], doc);
    const first = firstAlias(doc);
    if (error instanceof Error && /alias/i.test(error.message)) {
      return result(
        [
          problemAt(
            file,
            lines,
            "alias-limit",
            first?.range ?? [0],
            `aliases expand to too many nodes (more than ${limits.maxAliasCount}); expected a file without an alias bomb`,
          ),
        ],
        doc,
      );
    }
    return result(
      [problemAt(file, lines, "syntax", [0], `cannot read the file as YAML: ${firstLine(String(error))}`)],
      doc,
    );
  }
}

export function documentOptions(lineCounter: LineCounter): ParseOptions & DocumentOptions & SchemaOptions {
  return { lineCounter, uniqueKeys: false, prettyErrors: false, customTags: [], schema: "core" };
}

/**
 * Lets go of a clean parse's Document, most of the memory a parsed file holds, and keeps its text,
 * value and line starts. The Document is parsed again, the same way, only if a position is asked
 * for. A linter holding every Document while its rules run spends much of its time collecting garbage.
 */
export function releaseDocument(parsed: ParsedYaml): void {
  // A fast-path parse (fast-parse.ts) has no Document yet: its getter builds one only when asked.
  const own = Object.getOwnPropertyDescriptor(parsed, "doc");
  if (parsed.issues.length > 0 || own?.get !== undefined || !parsed.doc) return;
  let doc: Document.Parsed | undefined;
  Object.defineProperty(parsed, "doc", {
    configurable: true,
    enumerable: true,
    get: () => (doc ??= parseDocument(parsed.text, documentOptions(newLineCounter()))),
  });
}

function tooDeep(limits: YamlLimits): string {
  return `nesting is too deep (more than ${limits.maxDepth ?? DEFAULT_YAML_LIMITS.maxDepth} levels); expected a flatter structure`;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MiB` : `${Math.round(n / 1024)} KiB`;
}

function firstAlias(doc: Document.Parsed): Node | undefined {
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) return node;
    if (isMap(node))
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]?.value, node.items[i]?.key);
    else if (isSeq(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
  }
  return undefined;
}

/** One iterative pass over the tree (no recursion, so any depth is safe) for the structural rules. */
function walk(doc: Document.Parsed, text: string, file: string, lines: LineCounter, limits: YamlLimits): YamlProblem[] {
  const problems: YamlProblem[] = [];
  const maxDepth = limits.maxDepth ?? DEFAULT_YAML_LIMITS.maxDepth ?? 64;
  const anchors = new Map<string, Node[]>();
  const aliases: Node[] = [];
  // Two parallel stacks rather than an object per node: this walk runs on every node of every file.
  const nodes: unknown[] = [doc.contents];
  const depths: number[] = [0];
  const checkTag = (node: Node) => {
    if (node.tag === undefined) return;
    const start = node.range?.[0] ?? 0;
    let bang = text.lastIndexOf("!", start);
    // A tag is one token ("!!str", "!e!x", "!<tag:…>"): walk back to its first character.
    while (bang > 0 && !/[\s,[\]{}]/.test(text[bang - 1] ?? " ")) bang--;
    const at = bang !== -1 && start - bang < 1024 ? bang : start;
    let end = at + 1;
    while (end < text.length && !/\s/.test(text[end] ?? " ")) end++;
    problems.push(
      problemAt(
        file,
        lines,
        "tag",
        [at, end],
        `tag ${text.slice(at, end)} is not allowed; expected plain YAML without tags`,
      ),
    );
  };
  while (nodes.length > 0) {
    const node = nodes.pop();
    const depth = depths.pop() ?? 0;
    if (node === null || node === undefined) continue;
    if (isAlias(node)) {
      aliases.push(node);
      continue;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) continue;
    checkTag(node);
    if (node.anchor !== undefined) {
      const list = anchors.get(node.anchor) ?? [];
      list.push(node);
      anchors.set(node.anchor, list);
    }
    if (isScalar(node)) continue;
    if (depth >= maxDepth) {
      problems.push(problemAt(file, lines, "too-deep", node.range ?? [0], tooDeep(limits)));
      return problems;
    }
    if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        nodes.push(node.items[i]);
        depths.push(depth + 1);
      }
      continue;
    }
    for (let i = node.items.length - 1; i >= 0; i--) {
      const pair = node.items[i];
      if (!isPair(pair)) continue;
      nodes.push(pair.value);
      depths.push(depth + 1);
    }
    // Most maps are small: a scan of the earlier keys costs less than a Map per map.
    const seen = node.items.length > SMALL_MAP ? new Map<string, Node>() : undefined;
    for (let index = 0; index < node.items.length; index++) {
      const key: unknown = node.items[index]?.key;
      if (isAlias(key) || isMap(key) || isSeq(key)) {
        const range = key.range ?? [0];
        problems.push(
          problemAt(
            file,
            lines,
            "complex-key",
            range,
            "a key must be a plain name; expected a string key, not a list, a map or an alias",
          ),
        );
        continue;
      }
      if (!isScalar(key)) continue;
      checkTag(key);
      const name = String(key.value);
      if (FORBIDDEN_KEYS.has(name)) {
        problems.push(
          problemAt(
            file,
            lines,
            "forbidden-key",
            key.range ?? [0],
            `key "${name}" is not allowed: it could reach object internals; expected another name (rename the key)`,
          ),
        );
      }
      const first = seen ? seen.get(name) : earlierKey(node.items, index, name);
      if (first) {
        problems.push(duplicateKeyProblem(file, lines, key.range ?? [0], name, first.range?.[0] ?? 0));
      } else {
        seen?.set(name, key);
      }
    }
  }
  if (aliases.length > limits.maxAliasCount) {
    const at = aliases[limits.maxAliasCount] ?? aliases[0];
    problems.push(
      problemAt(
        file,
        lines,
        "alias-limit",
        at?.range ?? [0],
        `more than ${limits.maxAliasCount} aliases; expected a file without an alias bomb`,
      ),
    );
    return problems;
  }
  for (const alias of aliases) {
    if (!isAlias(alias)) continue;
    const start = alias.range?.[0] ?? 0;
    // An alias refers to the closest anchor of that name before it.
    const candidates = anchors.get(alias.source) ?? [];
    let source: Node | undefined;
    for (const c of candidates) if ((c.range?.[0] ?? 0) < start) source = c;
    if (!source) {
      problems.push(
        problemAt(
          file,
          lines,
          "syntax",
          alias.range ?? [0],
          `alias *${alias.source} has no anchor &${alias.source} before it; expected the anchor first`,
        ),
      );
    } else if (start >= (source.range?.[0] ?? 0) && start < (source.range?.[2] ?? 0)) {
      problems.push(
        problemAt(
          file,
          lines,
          "alias-cycle",
          alias.range ?? [0],
          `alias *${alias.source} is inside its own anchor; expected aliases that do not refer to themselves`,
        ),
      );
    }
  }
  return problems;
}

const SMALL_MAP = 16;

/** The first key before `index` written as a plain scalar with this name, as walk() records keys. */
function earlierKey(items: readonly Pair[], index: number, name: string): Node | undefined {
  for (let j = 0; j < index; j++) {
    const key: unknown = items[j]?.key;
    if (isScalar(key) && String(key.value) === name) return key;
  }
  return undefined;
}

/** The offset of the first [ or { nested deeper than `max`, skipping quoted text and comments. */
function flowDepthOffset(text: string, max: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if ((ch === '"' || ch === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1] ?? ""))) {
      for (i++; i < text.length && text[i] !== ch; i++) if (ch === '"' && text[i] === "\\") i++;
    } else if (ch === "#" && (i === 0 || /\s/.test(text[i - 1] ?? ""))) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (ch === "[" || ch === "{") {
      if (++depth > max) return i;
    } else if ((ch === "]" || ch === "}") && depth > 0) {
      depth--;
    }
  }
  return undefined;
}

/** The offset of the last quote that opens a value before `end` and is not closed on its line. */
function unclosedQuote(text: string, end: number): number | undefined {
  let found: number | undefined;
  let lineStart = 0;
  for (const line of text.slice(0, end).split("\n")) {
    const m = /(?:^|:\s|-\s|\[|,\s*)(["'])/.exec(line);
    if (m?.index !== undefined) {
      const quote = m[1] ?? '"';
      const at = line.indexOf(quote, m.index);
      const rest = line.slice(at + 1).replace(quote === '"' ? /\\./g : /''/g, "");
      if (!rest.includes(quote)) found = lineStart + at;
    }
    lineStart += line.length + 1;
  }
  return found;
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}

function clip(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Follows an alias to the node it names (cycle-safe); other nodes are returned as they are. */
function deref(doc: Document.Parsed, node: unknown): unknown {
  let current = node;
  for (let guard = 0; guard < 16 && isAlias(current); guard++) current = current.resolve(doc);
  return current;
}

/** Large maps get a key index on first lookup, so placing many findings in one map stays linear. */
const mapIndex = new WeakMap<object, Map<string, Pair>>();

function pairFor(map: YAMLMap, key: string): Pair | undefined {
  if (map.items.length < 32) return map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
  let index = mapIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) {
      if (isPair(p) && isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p);
    }
    mapIndex.set(map, index);
  }
  return index.get(key);
}

/**
 * Finds the node for a path of keys and indexes. Returns the deepest node that exists, so an
 * issue about a missing key points at the map that lacks it.
 */
export function nodeAt(doc: Document.Parsed, path: readonly PropertyKey[]): { node: Node | undefined; keyNode?: Node } {
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const segment of path) {
    node = deref(doc, node);
    if (isMap(node)) {
      const pair = pairFor(node, String(segment));
      if (!pair) break;
      keyNode = pair.key as Node;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof segment === "number") {
      const item: unknown = node.items[segment];
      if (item === undefined) break;
      keyNode = undefined;
      node = item;
    } else {
      break;
    }
  }
  return { node: node as Node | undefined, keyNode };
}

/** The line and column of a path in a parsed file (1-based); the start of the file if unknown. */
export function locate(
  parsed: ParsedYaml,
  path: readonly PropertyKey[],
  at: "key" | "value" = "value",
): { line: number; column: number } {
  const { line, column } = locateRange(parsed, path, at);
  return { line, column };
}

export interface SourceRange {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /**
   * Character offsets of the node in the parsed text, when known. A map or list over several lines
   * may come without its end (fast-locate.ts): callers place one line at most.
   */
  offset?: number;
  endOffset?: number;
}

function documentRange(
  parsed: ParsedYaml,
  path: readonly PropertyKey[],
  at: "key" | "value",
): readonly [number, number, ...number[]] | undefined {
  if (!parsed.doc) return undefined;
  const { node, keyNode } = nodeAt(parsed.doc, path);
  const target = at === "key" && keyNode ? keyNode : node;
  return target?.range ?? undefined;
}

/** Where a path starts and ends in a parsed file: the key itself, or its value. */
export function locateRange(
  parsed: ParsedYaml,
  path: readonly PropertyKey[],
  at: "key" | "value" = "value",
): SourceRange {
  const quick = parsed.quickRange?.(path, at);
  // A map or list over several lines placed without the Document: its end is on another line.
  if (quick && quick.end === undefined) return { ...positionOf(parsed.lines, quick.start), offset: quick.start };
  const range = quick?.end !== undefined ? ([quick.start, quick.end] as const) : documentRange(parsed, path, at);
  if (!range) return { line: 1, column: 1 };
  const start = positionOf(parsed.lines, range[0]);
  if (range[1] <= range[0]) return { ...start, offset: range[0], endOffset: range[1] };
  const end = positionOf(parsed.lines, range[1]);
  return { ...start, endLine: end.line, endColumn: end.column, offset: range[0], endOffset: range[1] };
}
