import { BUILTIN_CHANNELS, layChannels, type ChannelRegistry } from "../channels/builtin.js";
import type { Config } from "../config/schema.js";
import { fileKind } from "../playbook/file-kind.js";
import type { SpineFile } from "../playbook/schema.js";
import { channelsWithOverrides, PlaybookSchemaNeeded, validateSpine } from "../playbook/schema-on-demand.js";
import type { Validated } from "../yaml/validate.js";
import { parseTemplate, type TemplateParse } from "../templates/parse.js";
import { TemplateError, templateVariables } from "../templates/render.js";
import { parseYaml, type ParsedYaml } from "../yaml/parse.js";
import { fastParseYaml } from "../yaml/fast-parse.js";
import { configExamples } from "./examples.js";
import { primaryLanguage } from "./phrases/index.js";
import { decode, kindFromPath, mightBeSpine, templateIdFromPath, type Decoded } from "./decode.js";
import { definitionIn, type Definition } from "./definitions.js";
import { LazyTemplates } from "./lazy-templates.js";
import type { LintContext, Session, SpineEntry, TemplateEntry } from "./rule.js";
import { RULES } from "./rules/index.js";
import { DEFAULT_MAX_REVIEW_AGE, durationDays } from "./settings.js";
import type { LintInput } from "./types.js";

/** One file of the run, decoded and parsed at most once whether it is linted, context, or both. */
export interface Entry {
  path: string;
  linted: boolean;
  kind: "yaml" | "template" | "config" | "report";
  source: "bundled" | "local";
  decoded: Decoded;
  parsed?: ParsedYaml;
  validatedSpine?: Validated<SpineFile>;
  template?: TemplateParse;
  templateId?: string;
  /** This file's own template, whether or not another folder's template with the same id wins. */
  templateEntry?: TemplateEntry;
  /** What the run needs of the file before linting any (scanOf): kept, so a lazily read file is not read again for it. */
  scan?: Scan;
  /** Parse with positions, never the fast path (LintContext.positioned). */
  positioned?: boolean;
  /** A lazily read file (LintInput.text a function): hold its text while it is checked, then let go. */
  pin?: () => void;
  unpin?: () => void;
}

/** What every file tells the run before any is linted: the id it defines and whether it may be a spine. */
export interface Scan {
  definition: Definition | undefined;
  spine: boolean;
}

/** The file's scan, found once (a lazily read file is read for it once, and its text let go). */
export function scanOf(entry: Entry): Scan {
  if (entry.scan) return entry.scan;
  const decoded = entry.decoded;
  entry.scan =
    "text" in decoded
      ? {
          definition: definitionIn(entry.path, entry.kind, decoded.text),
          spine: entry.kind === "yaml" && mightBeSpine(decoded.text),
        }
      : { definition: undefined, spine: false };
  return entry.scan;
}

/**
 * The file parsed once: the fast path first (a clean file's value, positions only when asked for),
 * parseYaml where the fast path is not sure or the run asks for positions throughout.
 */
export function parsedOf(entry: Entry, positioned = false): ParsedYaml | undefined {
  if (entry.parsed) return entry.parsed;
  if (!("text" in entry.decoded)) return undefined;
  const text = entry.decoded.text;
  entry.parsed = (positioned ? undefined : fastParseYaml(text, entry.path)) ?? parseYaml(text, entry.path);
  return entry.parsed;
}

/** The fast path where it is sure, parseYaml where it is not (fast-parse.ts). */
const quickParse = (text: string, file: string): ParsedYaml => fastParseYaml(text, file) ?? parseYaml(text, file);

export function templateOf(entry: Entry): TemplateParse | undefined {
  if (entry.template) return entry.template;
  if (!("text" in entry.decoded)) return undefined;
  entry.templateId = templateIdFromPath(entry.path);
  entry.template = parseTemplate(
    entry.decoded.text,
    entry.path,
    entry.templateId,
    "local",
    entry.positioned ? parseYaml : quickParse,
  );
  return entry.template;
}

/**
 * A file read when its text is wanted and let go after: each use reads it again, except between
 * pin() and unpin() (while the engine checks the file), so memory stays flat as the run grows.
 */
function lazyDecoded(entry: Entry, read: () => Uint8Array): void {
  let pinned: Decoded | undefined;
  Object.defineProperty(entry, "decoded", {
    configurable: true,
    enumerable: true,
    get: () => pinned ?? decode(read()),
  });
  entry.pin = () => (pinned = decode(read()));
  entry.unpin = () => (pinned = undefined);
}

/** A file of the run as an entry: its text decoded now, or read when it is checked (LintInput.text a function). */
export function entryOf(input: LintInput, linted: boolean, ctx: LintContext): Entry {
  const entry: Entry = {
    path: input.path,
    linted,
    kind: kindFromPath(input.path, ctx.configFile),
    source: input.source ?? "local",
    decoded: { text: "" },
    ...(ctx.positioned ? { positioned: true } : {}),
  };
  const text = input.text;
  if (typeof text === "function") lazyDecoded(entry, text);
  else entry.decoded = decode(text);
  return entry;
}

/** Workspace files first (in precedence order), then linted files that are not part of it. */
export function collectEntries(files: readonly LintInput[], ctx: LintContext): Entry[] {
  const byPath = new Map<string, Entry>();
  const add = (input: LintInput, linted: boolean) => {
    const existing = byPath.get(input.path);
    if (existing) {
      existing.linted ||= linted;
      return;
    }
    byPath.set(input.path, entryOf(input, linted, ctx));
  };
  for (const input of ctx.workspace ?? []) add(input, false);
  for (const input of files) add(input, true);
  return [...byPath.values()];
}

/** Where a template's tags go wrong, for vars/template-syntax. */
export function templateSyntaxError(body: string, error: TemplateError): { message: string; offset: number } {
  const message = error.message.replace(/^template [^:]+: /, "");
  const unclosed = /^Unclosed section "([^"]+)"/.exec(message);
  if (unclosed) {
    const open = body.search(
      new RegExp(`\\{\\{\\s*[#^]\\s*${(unclosed[1] ?? "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*\\}\\}`),
    );
    return {
      message: `section {{#${unclosed[1] ?? ""}}} is never closed; expected {{/${unclosed[1] ?? ""}}} after it`,
      offset: Math.max(0, open),
    };
  }
  const at = /\bat (\d+)$/.exec(message);
  if (at) {
    const n = Number(at[1]);
    const offset = /^Unclosed tag/.test(message) ? Math.max(0, body.lastIndexOf("{{", n)) : n;
    return {
      message: `${message.replace(/ at \d+$/, "")}; expected every {{tag}} closed with }} and every {{#section}} with {{/section}}`,
      offset,
    };
  }
  let offset = -1;
  if (error.variable !== undefined) {
    const escaped = error.variable.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    offset = body.search(new RegExp(`\\{\\{\\s*[#^/&{>=]?\\s*${escaped}`));
  }
  const expected = /expected/.test(message)
    ? ""
    : "; expected only {{name}}, {{#name}}…{{/name}}, {{^name}}…{{/name}} and {{! comments }}";
  return { message: `${message}${expected}`, offset: Math.max(0, offset) };
}

/** This template file as the session knows it: parsed once (kept on the entry for when the file itself is linted). */
export function templateEntryOf(entry: Entry): TemplateEntry {
  if (entry.templateEntry) return entry.templateEntry;
  entry.templateEntry = templateEntry(entry);
  return entry.templateEntry;
}

function templateEntry(entry: Entry): TemplateEntry {
  const parse = templateOf(entry);
  const id = entry.templateId ?? templateIdFromPath(entry.path);
  if (!parse) return { id, file: entry.path };
  const t = parse.template;
  if (!t) return { id, file: entry.path };
  try {
    return { id, file: entry.path, template: t, variables: templateVariables(t.body, t.id) };
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return { id, file: entry.path, template: t, syntaxError: templateSyntaxError(t.body, error) };
  }
}

function channelsOf(config: Config): ChannelRegistry {
  const overrides = config.channels ?? {};
  // Without overrides, the built-in channels as buildChannelRegistry lays them, without loading zod.
  if (Object.keys(overrides).length === 0) return layChannels();
  try {
    return channelsWithOverrides(overrides);
  } catch (error) {
    if (error instanceof PlaybookSchemaNeeded) throw error;
    return BUILTIN_CHANNELS; // an invalid override is reported by the config's schema
  }
}

/** The shared context of a run: templates, spines and channels, each built once. */
export function buildSession(entries: readonly Entry[], ctx: LintContext): Session {
  // Templates are parsed when a check first asks for one (lazy-templates.ts says why).
  const templates = new LazyTemplates(
    entries.filter((e) => e.kind === "template").map((e) => [templateIdFromPath(e.path), e] as const),
    templateEntryOf,
  );
  const spines = new Map<string, SpineEntry>();
  const brokenSpines = new Map<string, string>();
  for (const entry of entries) {
    if (entry.kind === "template") continue;
    // Only spines are needed up front; other files are parsed when they are linted, one at a time.
    if (entry.kind !== "yaml" || !scanOf(entry).spine || !("text" in entry.decoded)) continue;
    const parsed = parsedOf(entry, ctx.positioned === true);
    if (!parsed) continue;
    if (parsed.problems.length > 0) {
      // A spine that does not even parse still names its id, so playbooks that extend it are told why.
      const id = /^spine\s*:\s*["']?([a-z0-9_-]+)/m.exec(entry.decoded.text)?.[1];
      if (id !== undefined) {
        spines.delete(id);
        brokenSpines.set(id, entry.path);
      }
      continue;
    }
    if (fileKind(parsed.value) !== "spine") continue;
    entry.validatedSpine = validateSpine(parsed.value, parsed);
    const id = (parsed.value as { spine?: unknown }).spine;
    if (entry.validatedSpine.ok) {
      const data = entry.validatedSpine.data;
      spines.set(data.spine, { id: data.spine, file: entry.path, parsed, data });
      brokenSpines.delete(data.spine);
    } else if (typeof id === "string") {
      spines.delete(id);
      brokenSpines.set(id, entry.path);
    }
  }
  const config = ctx.config;
  return {
    config,
    now: ctx.now,
    channels: channelsOf(config),
    templates,
    spines,
    brokenSpines,
    maxReviewAgeDays: durationDays(config.lint?.max_review_age ?? DEFAULT_MAX_REVIEW_AGE),
    configExamples: configExamples(config),
    extraRules: ctx.extraRules ?? [],
    catalog: { ids: RULES.map((r) => r.id), fixed: RULES.filter((r) => r.fixed).map((r) => r.id) },
    answeredInTemplate: new Set(),
    linted: new Set([...entries.filter((e) => e.linted).map((e) => e.path), ...(ctx.alsoLinted ?? [])]),
    language: primaryLanguage(config.brand?.locale) ?? "en",
    positioned: ctx.positioned === true,
  };
}
