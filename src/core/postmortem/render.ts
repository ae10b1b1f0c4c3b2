import Mustache from "mustache";
import { TemplateError, templateVariables } from "../templates/render.js";
import type { Report } from "./report.js";
import { toView, VIEW_NAMES } from "./view.js";

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
  checkTemplate(template.body, template.file);
  // Every value in the view is already safe markdown, so nothing is escaped twice.
  const text = Mustache.render(
    template.body.replace(/\r\n/g, "\n"),
    toView(report),
    {},
    { tags: ["{{", "}}"], escape: (value: unknown) => String(value) },
  );
  return `${tidy(text).trim()}\n`;
}

/**
 * What optional sections leave behind: trailing spaces, runs of blank lines, and empty table
 * cells written as "|  |". Fenced blocks (statement texts, charts) are left exactly as they are.
 */
function tidy(text: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  let blank = 0;
  for (const raw of text.split("\n")) {
    const first = raw.charCodeAt(0);
    // Only lines starting with ` or ~ can open or close a fence; checking first keeps this cheap.
    const marker = first === 96 || first === 126 ? /^(`{3,}|~{3,})/.exec(raw)?.[1] : undefined;
    if (fence) {
      out.push(raw);
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && raw.trim() === marker) fence = undefined;
      continue;
    }
    if (marker) fence = marker;
    const last = raw.charCodeAt(raw.length - 1);
    let line = last === 32 || last === 9 ? raw.replace(/[ \t]+$/, "") : raw;
    if (first === 124 && line.includes("|  |")) line = line.replace(/\| {2}(?=\|)/g, "| ");
    blank = line === "" ? blank + 1 : 0;
    if (blank < 2) out.push(line);
  }
  return out.join("\n");
}
