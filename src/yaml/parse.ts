import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from "yaml";
import type { Problem } from "../errors.js";

/** Bounds that keep a hostile or broken file from hanging or exhausting the process. */
export interface YamlLimits {
  maxBytes: number;
  maxAliasCount: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = { maxBytes: 1024 * 1024, maxAliasCount: 100 };

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export interface ParsedYaml {
  file: string;
  /** The text as parsed: without a byte-order mark. */
  text: string;
  doc: Document.Parsed | undefined;
  lines: LineCounter;
  /** The plain value, or undefined when the YAML layer found errors. */
  value: unknown;
  problems: Problem[];
}

export function positionOf(lines: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

function problemAt(file: string, lines: LineCounter, offset: number, message: string): Problem {
  return { file, ...positionOf(lines, offset), message };
}

/**
 * Parses one YAML document with the safety rules every crisis file follows: no tags, no duplicate
 * keys, a bounded number of aliases, no keys that could reach object internals, a size limit,
 * and no binary content. Returns problems instead of throwing.
 */
export function parseYaml(rawText: string, file: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): ParsedYaml {
  const lines = new LineCounter();
  const text = rawText.startsWith("\uFEFF") ? rawText.slice(1) : rawText;
  const fail = (message: string, offset = 0): ParsedYaml => ({
    file,
    text,
    doc: undefined,
    lines,
    value: undefined,
    problems: [problemAt(file, lines, offset, message)],
  });
  if (Buffer.byteLength(text, "utf8") > limits.maxBytes) {
    return fail(`file is larger than ${Math.round(limits.maxBytes / 1024)} KiB; expected a playbook-sized YAML file`);
  }
  const nul = text.indexOf("\0");
  if (nul !== -1) return fail("file contains NUL bytes; expected UTF-8 YAML text, not a binary file");

  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, customTags: [], schema: "core" });
  } catch (error) {
    if (error instanceof RangeError) return fail("nesting is too deep to read; expected a flatter structure");
    throw error;
  }
  const problems: Problem[] = [];
  for (const e of doc.errors) {
    if (e.code === "MISSING_CHAR" && /quote/.test(e.message)) {
      // The parser notices only at the end of the file; point at the quote that was never closed.
      const open = unclosedQuote(text, e.pos[0]);
      problems.push(problemAt(file, lines, open ?? e.pos[0], "string is never closed; expected a closing quote on this or a later line"));
      continue;
    }
    const message = e.code === "DUPLICATE_KEY" ? `duplicate key: ${firstLine(e.message)}` : firstLine(e.message);
    problems.push(problemAt(file, lines, e.pos[0], message));
  }
  for (const w of doc.warnings) {
    if (w.code === "TAG_RESOLVE_FAILED") continue; // reported below, with a better message
    problems.push(problemAt(file, lines, w.pos[0], firstLine(w.message)));
  }
  try {
    visit(doc, {
      Node(_key, node) {
        // Parsed nodes carry a tag only when the source wrote one explicitly.
        if (node.tag !== undefined) {
          problems.push(problemAt(file, lines, tagOffset(text, node), `tag ${node.tag} is not allowed; expected plain YAML without tags`));
        }
      },
      Pair(_key, pair) {
        if (isScalar(pair.key) && typeof pair.key.value === "string" && FORBIDDEN_KEYS.has(pair.key.value)) {
          problems.push(problemAt(file, lines, pair.key.range?.[0] ?? 0, `key "${pair.key.value}" is not allowed; it could reach object internals`));
        }
      },
    });
  } catch (error) {
    if (error instanceof RangeError) return fail("nesting is too deep to read; expected a flatter structure");
    throw error;
  }
  if (problems.length > 0) return { file, text, doc, lines, value: undefined, problems };

  try {
    const value: unknown = doc.toJS({ maxAliasCount: limits.maxAliasCount });
    return { file, text, doc, lines, value, problems };
  } catch (error) {
    if (error instanceof RangeError) return fail("nesting is too deep to read; expected a flatter structure");
    if (error instanceof Error && /alias/i.test(error.message)) {
      return fail(`too many aliases (more than ${limits.maxAliasCount}); expected a file without an alias bomb`);
    }
    throw error;
  }
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

/** The tag is written before the node's range: find its "!" on the way back. */
function tagOffset(text: string, node: Node): number {
  const start = node.range?.[0] ?? 0;
  const bang = text.lastIndexOf("!", start);
  return bang === -1 ? start : bang;
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}

/**
 * Finds the node for a path of keys and indexes. Returns the deepest node that exists, so an
 * issue about a missing key points at the map that lacks it.
 */
export function nodeAt(doc: Document.Parsed, path: readonly PropertyKey[]): { node: Node | undefined; keyNode?: Node } {
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
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
export function locate(parsed: ParsedYaml, path: readonly PropertyKey[], at: "key" | "value" = "value"): { line: number; column: number } {
  if (!parsed.doc) return { line: 1, column: 1 };
  const { node, keyNode } = nodeAt(parsed.doc, path);
  const target = at === "key" && keyNode ? keyNode : node;
  return positionOf(parsed.lines, target?.range?.[0] ?? 0);
}
