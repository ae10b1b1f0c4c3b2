import Mustache from "mustache";
import { TemplateError, templateVariables } from "../templates/render.js";
import type { Report } from "./report.js";
import { toView, VIEW_NAMES } from "./view.js";
import { lazy, LazyList } from "./view-list.js";

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
    } else if (Array.isArray(value) || value instanceof LazyList) {
      for (const item of value) renderTokens(inner, context.push(item), run);
    } else if (typeof value === "object" || typeof value === "string" || typeof value === "number") {
      renderTokens(inner, context.push(value), run);
    } else {
      renderTokens(inner, context, run);
    }
  }
}

/**
 * What optional sections leave behind: trailing spaces, runs of blank lines, and empty table
 * cells written as "|  |". Fenced blocks (statement texts, charts) are left exactly as they are.
 * Fed the document in pieces; writes it trimmed, with one newline at the end.
 */
class Tidy {
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
    const parts = (this.partial + text).split("\n");
    this.partial = parts.pop() ?? "";
    for (const raw of parts) this.line(raw);
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
