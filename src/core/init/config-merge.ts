import { isMap, isPair, isScalar, parseDocument, stringify, type YAMLMap } from "yaml";
import type { Config } from "../config/schema.js";

/** One value to set in the config: its path (a top-level key, or a key in a top-level map) and the value. */
export interface ConfigSet {
  path: [string] | [string, string];
  value: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const missing = (v: unknown) => v === undefined || v === null;

/**
 * The values of `next` that `current` does not have: what a second `crisis init` adds to an
 * existing config. Two levels deep (brand.name, baselines.negative_share, targets.SEV1); anything
 * below is one value. A value the team already set is never changed (that is what --force is
 * for), and nothing is removed.
 */
export function configChanges(current: Config, next: Config): ConfigSet[] {
  const out: ConfigSet[] = [];
  const cur = current as Record<string, unknown>;
  for (const [key, value] of Object.entries(next as Record<string, unknown>)) {
    if (missing(value)) continue;
    const before = cur[key];
    if (missing(before)) out.push({ path: [key], value });
    else if (isPlainObject(value) && isPlainObject(before)) {
      for (const [sub, v] of Object.entries(value))
        if (!missing(v) && missing(before[sub])) out.push({ path: [key, sub], value: v });
    }
  }
  return out;
}

/** The values of `over` that differ from what `current` already has: flags a second run cannot apply. */
export function configConflicts(current: Config, over: Config): string[] {
  const out: string[] = [];
  const cur = current as Record<string, unknown>;
  for (const [key, value] of Object.entries(over as Record<string, unknown>)) {
    const before = cur[key];
    if (missing(value) || missing(before)) continue;
    if (isPlainObject(value) && isPlainObject(before)) {
      for (const [sub, v] of Object.entries(value))
        if (!missing(v) && !missing(before[sub]) && !same(before[sub], v)) out.push(`${key}.${sub}`);
    } else if (!same(before, value)) out.push(key);
  }
  return out;
}

/**
 * The existing config with the flags' values, two levels deep (brand.name, not all of brand):
 * added where it has none, or with `overWins` (--force, which rewrites the file) over its own.
 */
export function mergeConfig(base: Config, over: Config, overWins = false): Config {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over as Record<string, unknown>)) {
    const before = out[key];
    if (missing(before)) out[key] = value;
    else if (isPlainObject(value) && isPlainObject(before))
      out[key] = {
        ...before,
        ...Object.fromEntries(Object.entries(value).filter(([k]) => overWins || missing(before[k]))),
      };
    else if (overWins) out[key] = value;
  }
  return out;
}

/** A value as YAML on one line: a scalar, or a flow map or list. */
const inline = (value: unknown): string =>
  stringify(value, { collectionStyle: "flow", lineWidth: 0 }).trimEnd().replace(/\n\s*/g, " ");

const lineEnd = (text: string, at: number): number => {
  const n = text.indexOf("\n", at);
  return n === -1 ? text.length : n + 1;
};
const columnOf = (text: string, at: number): number => at - (text.lastIndexOf("\n", at - 1) + 1);

interface Edit {
  at: number;
  end: number;
  text: string;
}

/**
 * Sets values in the text of a YAML config by editing only where they go: a value that exists is
 * replaced in place, a new key is added as a line at the end of its map (with the map's
 * indentation), a new top-level key is added at the end of the file. Every other line the team
 * wrote, with its comments, quotes, blank lines and layout, stays exactly as it was.
 */
export function mergeIntoYaml(text: string, sets: readonly ConfigSet[]): string {
  const doc = parseDocument(text);
  const root = isMap(doc.contents) ? doc.contents : undefined;
  const edits: Edit[] = [];
  const appended: Record<string, unknown> = {};
  const topPair = (key: string) => root?.items.find((p) => isScalar(p.key) && p.key.value === key);

  const byTop = new Map<string, ConfigSet[]>();
  for (const s of sets) byTop.set(s.path[0], [...(byTop.get(s.path[0]) ?? []), s]);

  for (const [key, group] of byTop) {
    const pair = topPair(key);
    const whole = group.find((s) => s.path.length === 1);
    const nested: Record<string, unknown> = Object.fromEntries(
      group.filter((s) => s.path.length === 2).map((s): [string, unknown] => [s.path[1] ?? "", s.value]),
    );
    if (!pair) {
      appended[key] = whole ? whole.value : nested;
      continue;
    }
    const value = pair.value as { range?: [number, number, number] } | null;
    const map = isMap(pair.value) && !pair.value.flow ? (pair.value as YAMLMap) : undefined;
    if (whole || !map || map.items.length === 0) {
      // Replace the whole value (a scalar, a flow map, or nothing after the key) by the merged one.
      const all: unknown = doc.toJS();
      const current = isPlainObject(all) ? all[key] : undefined;
      const next = whole ? whole.value : { ...(isPlainObject(current) ? current : {}), ...nested };
      if (value?.range && value.range[1] > value.range[0])
        edits.push({ at: value.range[0], end: value.range[1], text: inline(next) });
      else {
        const keyEnd = (pair.key as { range: [number, number, number] }).range[1];
        const colon = text.indexOf(":", keyEnd);
        edits.push({ at: colon + 1, end: colon + 1, text: ` ${inline(next)}` });
      }
      continue;
    }
    const items = map.items.filter(isPair);
    const first = items[0]?.key as { range: [number, number, number] };
    const indent = " ".repeat(columnOf(text, first.range[0]));
    const last = items.at(-1);
    const lastEnd =
      (last?.value as { range?: [number, number, number] } | null)?.range?.[1] ??
      (last?.key as { range: [number, number, number] }).range[1];
    const adds: string[] = [];
    for (const [sub, v] of Object.entries(nested)) {
      const existing = items.find((p) => isScalar(p.key) && p.key.value === sub);
      const range = (existing?.value as { range?: [number, number, number] } | null)?.range;
      if (existing && range) edits.push({ at: range[0], end: range[1], text: inline(v) });
      else adds.push(`${indent}${inline({ [sub]: v }).replace(/^\{ ?|\s?\}$/g, "")}\n`);
    }
    if (adds.length > 0) {
      const at = lineEnd(text, lastEnd);
      edits.push({ at, end: at, text: `${at > 0 && text[at - 1] !== "\n" ? "\n" : ""}${adds.join("")}` });
    }
  }

  let out = text;
  for (const e of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + e.text + out.slice(e.end);
  if (Object.keys(appended).length > 0) {
    out = `${out}${out === "" || out.endsWith("\n") ? "" : "\n"}${stringify(appended, { lineWidth: 0 })}`;
  }
  return out;
}
