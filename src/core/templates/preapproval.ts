import { createHash } from "node:crypto";
import type { Preapproval, TemplateMeta } from "../playbook/schema.js";
import type { MessageTemplate } from "./parse.js";

/**
 * Pre-approved templates: a team approves a template's exact text in advance (crisis preapprove
 * stamps the front matter with who, as which role, when, and the text's sha256). Any edit of the
 * text voids the stamp, because the hash no longer matches. docs/playbook-format.md documents it.
 */

/** The sha256 of a text, hex: what approvals and pre-approvals are given for. */
export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** A template's hash: of its text as crisis loads it (after the front matter, CRLF as LF, no trailing newlines). */
export const templateHash = (body: string): string => sha256(body);

/** The stamps in a template's front matter, one or a list, as a list. */
export function stampsOf(meta: Pick<TemplateMeta, "preapproved">): Preapproval[] {
  const p = meta.preapproved;
  if (p === undefined) return [];
  return Array.isArray(p) ? p : [p];
}

/** The stamps that still hold: their hash is the template's current text. */
export function validStamps(template: Pick<MessageTemplate, "meta" | "body">): Preapproval[] {
  const hash = templateHash(template.body);
  return stampsOf(template.meta).filter((s) => s.sha256 === hash);
}

const FRONT_MATTER = /^(\uFEFF?---\r?\n)([\s\S]*?)(\r?\n---(?:\r?\n|$))/;

/** The `preapproved:` block of a front matter: the key's line and every indented or list line under it. */
function withoutStampBlock(lines: string[]): { lines: string[]; at: number } {
  const start = lines.findIndex((l) => /^preapproved\s*:/.test(l));
  if (start === -1) return { lines, at: lines.length };
  let end = start + 1;
  while (end < lines.length && /^(?:\s|-\s|-$|$)/.test(lines[end] ?? "")) end++;
  // Blank lines at the end of the block belong to what follows.
  while (end > start + 1 && (lines[end - 1] ?? "").trim() === "") end--;
  return { lines: [...lines.slice(0, start), ...lines.slice(end)], at: start };
}

const quote = (s: string) => (/^[\w .@'-]+$/.test(s) && !/^[\s'-]|\s$/.test(s) ? s : JSON.stringify(s));

function renderStamps(stamps: readonly Preapproval[]): string[] {
  const fields = (s: Preapproval) => [
    `by: ${quote(s.by)}`,
    `role: ${s.role}`,
    `at: ${s.at}`,
    `sha256: ${s.sha256}`,
  ];
  if (stamps.length === 1) return ["preapproved:", ...fields(stamps[0]!).map((f) => `  ${f}`)];
  return ["preapproved:", ...stamps.flatMap((s) => fields(s).map((f, i) => `  ${i === 0 ? "-" : " "} ${f}`))];
}

export interface StampResult {
  /** The whole file with the new stamp; nothing outside the `preapproved:` block changes. */
  text: string;
  /** Earlier stamps dropped because the text changed since they were given. */
  voided: Preapproval[];
  /** Earlier stamps of other roles on the same text, kept. */
  kept: Preapproval[];
}

/**
 * Adds (or refreshes) the stamp of one role in a template file's text. Stamps of other roles on
 * the same text are kept; stamps on an earlier text are dropped, since the text they approved is
 * gone. Returns undefined when the file has no front matter.
 */
export function stampTemplate(
  fileText: string,
  template: Pick<MessageTemplate, "meta" | "body">,
  stamp: Omit<Preapproval, "sha256">,
): StampResult | undefined {
  const match = FRONT_MATTER.exec(fileText);
  if (!match) return undefined;
  const sha256 = templateHash(template.body);
  const earlier = stampsOf(template.meta).filter((s) => s.role !== stamp.role);
  const kept = earlier.filter((s) => s.sha256 === sha256);
  const voided = stampsOf(template.meta).filter((s) => s.sha256 !== sha256 && s.role !== stamp.role);
  const eol = match[2]!.includes("\r\n") ? "\r\n" : "\n";
  const { lines, at } = withoutStampBlock(match[2]!.split(/\r?\n/));
  lines.splice(at, 0, ...renderStamps([...kept, { ...stamp, sha256 }]));
  const head = `${match[1]}${lines.join(eol)}${match[3]}`;
  return { text: head + fileText.slice(match[0].length), voided, kept };
}

/** "pre-approved by Morgan Ellis (Legal reviewer) on 2026-12-07": a text approved in advance, as the log and post-mortem say it. */
export function preapprovedBy(
  stamps: readonly { by: string; role: string; at: string }[],
  roleTitle: (id: string) => string,
): string {
  return `pre-approved by ${stamps.map((s) => `${s.by} (${roleTitle(s.role)}) on ${s.at}`).join(" and ")}`;
}
