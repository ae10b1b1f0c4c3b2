import Mustache from "mustache";
import { TemplateError, templateVariables } from "../templates/render.js";
import type { Report } from "./report.js";
import { toView, VIEW_NAMES } from "./view.js";
import { lazy, LazyList, type ViewObject } from "./view-list.js";

/**
 * Renders the post-mortem through a logic-less template: templates/postmortem.md (full) or
 * templates/postmortem-light.md (SEV3 and SEV4). A team overrides either by putting a file with the
 * same name in one of its template_dirs; the last folder listed wins, then the bundled one.
 */

export const TEMPLATE_FILES = { full: "postmortem.md", light: "postmortem-light.md" } as const;

/** Checks a template's tags (no partials, no delimiter changes, no object internals, no unknown names). */
export function checkTemplate(body: string, id: string): void {
  for (const v of templateVariables(body, id)) {
    if (!VIEW_NAMES.has(v.name)) {
      const line = body.slice(0, v.offset).split("\n").length;
      throw new TemplateError(
        `${id}:${line}: unknown variable {{${v.name}}}; see docs/postmortem.md for the names a post-mortem template can use`,
        id,
        v.name,
      );
    }
  }
}

export function renderMarkdown(report: Report, template: { file: string; body: string }): string {
  const out: string[] = [];
  renderMarkdownTo(report, template, (chunk) => out.push(chunk));
  return out.join("");
}

/**
 * renderMarkdown in pieces: the document goes to `write` as it is rendered, list item by list
 * item, so a post-mortem of a million events (over 100 MB of markdown) is never one string, and
 * neither are its view objects. The bytes are exactly renderMarkdown's.
 */
export function renderMarkdownTo(
  report: Report,
  template: { file: string; body: string },
  write: (chunk: string) => void,
): void {
  checkTemplate(template.body, template.file);
  const body = template.body.replace(/\r\n/g, "\n");
  const tags: Mustache.OpeningAndClosingTags = ["{{", "}}"];
  // Every value in the view is already safe markdown, so nothing is escaped twice.
  const config = { tags, escape: (value: unknown) => String(value) };
  const writer = new Mustache.Writer();
  const tidy = new Tidy(write);
  let pending = "";
  const emit = (text: string) => {
    pending += text;
    if (pending.length >= 1 << 16) {
      tidy.push(pending);
      pending = "";
    }
  };
  const tokens = Mustache.parse(body, tags);
  renderTokens(tokens, new Mustache.Context(toView(report, lazy)), {
    writer,
    body,
    config,
    emit,
  });
  tidy.push(pending);
  tidy.end();
}

interface Run {
  writer: Mustache.Writer;
  body: string;
  config: { tags: Mustache.OpeningAndClosingTags; escape: (value: unknown) => string };
  emit: (text: string) => void;
}

/**
 * Mustache's own section rules (Writer.renderSection and renderInverted), walked here so that a
 * lazy list is rendered one item at a time; every other tag is rendered by Mustache itself.
 */
function renderTokens(tokens: Mustache.TemplateSpans, context: Mustache.Context, run: Run): void {
  for (const token of tokens) {
    const type = token[0];
    if (type === "text") {
      run.emit(token[1]);
      continue;
    }
    if (type === "name" || type === "&") {
      // A plain name the innermost view holds (every field of a list item): what Mustache's lookup
      // would find first, without a lookup cache and a token array per row. The escape is String.
      const name = token[1];
      const view = context.view as unknown;
      if (!name.includes(".") && typeof view === "object" && view !== null && name in view) {
        const value: unknown = (view as Record<string, unknown>)[name];
        if (typeof value !== "function") {
          // What Mustache writes for it: config.escape is String, for a value of any type.
          // eslint-disable-next-line @typescript-eslint/no-base-to-string
          if (value !== null && value !== undefined) run.emit(String(value));
          continue;
        }
      }
    }
    if (type !== "#" && type !== "^") {
      const text = run.writer.renderTokens([token] as unknown as string[][], context, undefined, run.body, run.config);
      if (text) run.emit(text);
      continue;
    }
    const value: unknown = context.lookup(token[1]);
    const inner = token[4] as unknown as Mustache.TemplateSpans;
    if (typeof value === "function") {
      // Never in a post-mortem's view; Mustache knows what a function section means.
      run.emit(run.writer.renderTokens([token] as unknown as string[][], context, undefined, run.body, run.config));
    } else if (type === "^") {
      const empty = (Array.isArray(value) || value instanceof LazyList) && value.length === 0;
      if (!value || empty) renderTokens(inner, context, run);
    } else if (!value) {
      continue;
    } else if (value instanceof LazyList) {
      const parts = rowParts(inner);
      if (parts) for (const item of value) run.emit(renderRow(parts, item, context, run));
      else for (const item of value) renderTokens(inner, context.push(item), run);
    } else if (Array.isArray(value)) {
      for (const item of value) renderTokens(inner, context.push(item), run);
    } else if (typeof value === "object" || typeof value === "string" || typeof value === "number") {
      renderTokens(inner, context.push(value), run);
    } else {
      renderTokens(inner, context, run);
    }
  }
}

/**
 * A list section whose body is text and plain names only (a table row, as every long list of the
 * bundled templates is): its tokens as parts, a string for text and a token for a name. Such a
 * row is made as one string, which renderTokens would make a token at a time; undefined for any
 * other body. Remembered per section, as a long list renders the same body many thousand times.
 */
type RowPart = string | Mustache.TemplateSpans[number];
const ROW_PARTS = new WeakMap<Mustache.TemplateSpans, RowPart[] | null>();
function rowParts(inner: Mustache.TemplateSpans): RowPart[] | undefined {
  let parts = ROW_PARTS.get(inner);
  if (parts === undefined) {
    const simple = inner.every((t) => t[0] === "text" || ((t[0] === "name" || t[0] === "&") && !t[1].includes(".")));
    parts = simple ? inner.map((t) => (t[0] === "text" ? t[1] : t)) : null;
    ROW_PARTS.set(inner, parts);
  }
  return parts ?? undefined;
}

/** One item of a list section of RowParts: what renderTokens writes for it, as one string. */
function renderRow(parts: readonly RowPart[], item: ViewObject, context: Mustache.Context, run: Run): string {
  let row = "";
  for (const part of parts) {
    if (typeof part === "string") {
      row += part;
      continue;
    }
    const name = part[1];
    if (name in item) {
      const value: unknown = item[name];
      if (typeof value !== "function") {
        // renderTokens' plain-name case: the value the item holds, written with String.
        // eslint-disable-next-line @typescript-eslint/no-base-to-string
        if (value !== null && value !== undefined) row += String(value);
        continue;
      }
    }
    // A name the item does not hold (a top-level one), or a function: Mustache's own lookup.
    row += run.writer.renderTokens(
      [part] as unknown as string[][],
      context.push(item),
      undefined,
      run.body,
      run.config,
    );
  }
  return row;
}

/**
 * Lines that need line() and out(): one that starts blank or with whitespace, or may open or close
 * a fence; one that ends in whitespace (a blank line ends in the line break before it); and any
 * \r, U+2028 or U+2029, after which TABLE_LINE's ^ would see a line start that Tidy does not.
 */
const UNTIDY = /^[\s`~]|\s$|\s\n|\n[`~]|[\r\u2028\u2029]/;
const TABLE_LINE = /^\|.*$/gm;
const closeCells = (line: string): string => (line.includes("|  |") ? line.replace(/\| {2}(?=\|)/g, "| ") : line);

/**
 * What optional sections leave behind: trailing spaces, runs of blank lines, and empty table
 * cells written as "|  |". Fenced blocks (statement texts, charts) are left exactly as they are.
 * Fed the document in pieces; writes it trimmed, with one newline at the end.
 */
export class Tidy {
  private fence: string | undefined;
  private blank = 0;
  /** The start of a line whose end has not come yet. */
  private partial = "";
  private lines = 0;
  /** Whitespace held back: written only if something follows it (the document is trimmed). */
  private held = "";
  private started = false;

  constructor(private readonly write: (chunk: string) => void) {}

  push(text: string): void {
    if (text === "") return;
    if (this.passThrough(text)) return;
    const parts = (this.partial + text).split("\n");
    this.partial = parts.pop() ?? "";
    for (const raw of parts) this.line(raw);
  }

  /**
   * Most pieces (table rows, mostly) hold nothing to tidy but empty cells: no line is blank or ends
   * in whitespace, none opens a fence, the document has started and nothing is held back. Then the
   * piece's complete lines are written as they are, their empty cells closed up, in one write
   * instead of a split and a call per line: the same bytes line() and out() would write.
   */
  private passThrough(text: string): boolean {
    if (this.fence !== undefined || !this.started || this.held !== "") return false;
    const whole = this.partial + text;
    const end = whole.lastIndexOf("\n");
    if (end <= 0) return false;
    const lines = whole.slice(0, end);
    if (UNTIDY.test(lines)) return false;
    this.partial = whole.slice(end + 1);
    this.blank = 0;
    this.lines++;
    this.write(`\n${lines.includes("|  |") ? lines.replace(TABLE_LINE, closeCells) : lines}`);
    return true;
  }

  end(): void {
    this.line(this.partial);
    this.partial = "";
    this.write("\n");
  }

  private line(raw: string): void {
    const first = raw.charCodeAt(0);
    // Only lines starting with ` or ~ can open or close a fence; checking first keeps this cheap.
    const marker = first === 96 || first === 126 ? /^(`{3,}|~{3,})/.exec(raw)?.[1] : undefined;
    if (this.fence) {
      this.out(raw);
      if (marker && marker[0] === this.fence[0] && marker.length >= this.fence.length && raw.trim() === marker)
        this.fence = undefined;
      return;
    }
    if (marker) this.fence = marker;
    const last = raw.charCodeAt(raw.length - 1);
    let line = last === 32 || last === 9 ? raw.replace(/[ \t]+$/, "") : raw;
    if (first === 124 && line.includes("|  |")) line = line.replace(/\| {2}(?=\|)/g, "| ");
    this.blank = line === "" ? this.blank + 1 : 0;
    if (this.blank < 2) this.out(line);
  }

  /** One line of the tidied document, after a newline unless it is the first; the whole is trimmed at both ends. */
  private out(line: string): void {
    // Most lines: the document has started, nothing is held back, and the line ends in a visible
    // ASCII character, so trimming would change nothing.
    const last = line.charCodeAt(line.length - 1);
    if (this.started && this.held === "" && last > 32 && last < 127) {
      this.lines++;
      this.write(`\n${line}`);
      return;
    }
    let piece = this.lines++ === 0 ? line : `\n${line}`;
    if (!this.started) {
      piece = piece.trimStart();
      if (piece === "") return;
      this.started = true;
    }
    const body = piece.trimEnd();
    if (body === "") {
      this.held += piece;
      return;
    }
    this.write(this.held + body);
    this.held = piece.slice(body.length);
  }
}
