import { TEMPLATE_REF } from "./definitions.js";
import type { Finding, LintFileKind, SuppressedFinding } from "./types.js";

/**
 * What `crisis lint --cache` keeps per file, and how it decides a kept result still holds (pure;
 * services/lint/cache.ts reads and writes the file). A result is reused only when the file's
 * content, the run's context (crisis version, config, today's date, ids defined twice) and the
 * content of the spine and templates the file uses are all what they were.
 */

export const CACHE_FORMAT = 1;

export interface CacheEntry {
  size: number;
  mtimeMs: number;
  /** sha256 of the file's bytes. */
  hash: string;
  /** sha256 of the spine and templates it uses, as resolved in this workspace. */
  deps: string;
  /** The spine and template ids the file names (scanned from its text). */
  uses: Uses;
  /** What it defines ("kind\0id"), for duplicate ids across files. */
  defines?: string | undefined;
  kind: LintFileKind;
  findings: Finding[];
  suppressed: SuppressedFinding[];
  /** The text as the report quotes it (snippets), kept only for a file with findings. */
  source?: string;
}

export interface CacheData {
  format: number;
  crisis: string;
  context: string;
  files: Record<string, CacheEntry>;
}

export interface Uses {
  spine?: string | undefined;
  templates: string[];
}

const EXTENDS = /^extends[ \t]*:[ \t]*["']?([A-Za-z0-9_-]+)/m;

/** The spine and templates a playbook or spine names: its findings depend on their content. */
export function usesOf(text: string): Uses {
  const templates = new Set<string>();
  for (const m of text.matchAll(TEMPLATE_REF)) if (m[1] !== undefined) templates.add(m[1]);
  return { spine: EXTENDS.exec(text)?.[1], templates: [...templates].sort() };
}

/**
 * Whether a cache file's content has the shape this version writes. Anything else (another
 * version, a truncated write by an older tool, a hand edit) is ignored with a warning.
 */
export function isCacheData(value: unknown): value is CacheData {
  if (value === null || typeof value !== "object") return false;
  const v = value as Partial<CacheData>;
  if (v.format !== CACHE_FORMAT || typeof v.crisis !== "string" || typeof v.context !== "string") return false;
  if (v.files === null || typeof v.files !== "object") return false;
  return Object.values(v.files).every(
    (e: Partial<CacheEntry> | null) =>
      e !== null &&
      typeof e === "object" &&
      typeof e.hash === "string" &&
      typeof e.deps === "string" &&
      typeof e.size === "number" &&
      typeof e.mtimeMs === "number" &&
      typeof e.kind === "string" &&
      Array.isArray(e.findings) &&
      Array.isArray(e.suppressed) &&
      e.uses !== null &&
      typeof e.uses === "object" &&
      Array.isArray(e.uses.templates),
  );
}
