import Mustache from "mustache";
import { templateVariables } from "../templates/render.js";
import type { LogLists, LogView } from "./view.js";

/**
 * The incident log rendered in pieces, byte for byte as Mustache renders the whole template: the
 * lists that grow with the incident (timeline, decisions, messages, notes, check-ins) are kept as
 * rendered text, each item rendered once, and only the rest of the template is rendered again.
 * A template qualifies when each such list appears once, at the top level, as a section whose
 * tags name only its items' fields (so no lookup falls through to the rest of the view); any
 * other template (a team's own that does something else) is rendered whole every time.
 */

const TAGS: [string, string] = ["{{", "}}"];
const CONFIG = { tags: TAGS, escape: (value: unknown) => String(value) };

const ITEM_KEYS = {
  timeline: ["time", "event", "actor", "details"],
  decisions: ["time", "actor", "what", "why", "alternatives"],
  messages: ["title", "published", "approvals", "hash", "text"],
  notes: ["time", "actor", "text"],
  snapshots: ["time", "actor", "summary"],
} as const satisfies Partial<Record<LogLists, readonly string[]>>;

export type KeptList = keyof typeof ITEM_KEYS;
export const KEPT_LISTS = Object.keys(ITEM_KEYS) as KeptList[];

type Token = Mustache.TemplateSpans[number];
const LISTS: readonly string[] = [...KEPT_LISTS, "timeline_latest_first"];
const isKept = (name: string): name is KeptList => Object.hasOwn(ITEM_KEYS, name);
const head = (name: string) => name.split(".")[0] ?? name;

export interface LogPlan {
  body: string;
  tokens: Mustache.TemplateSpans;
  items: Map<KeptList, Mustache.TemplateSpans>;
}

/** The names a token and everything inside it look up. */
function namesIn(tokens: readonly Token[], out: string[] = []): string[] {
  for (const t of tokens) {
    if (t[0] === "name" || t[0] === "&" || t[0] === "#" || t[0] === "^") out.push(head(t[1]));
    const children = t[4] as unknown;
    if (Array.isArray(children)) namesIn(children as Token[], out);
  }
  return out;
}

/** How this template can be rendered in pieces, or undefined when it must be rendered whole. */
export function planLog(body: string, file: string): LogPlan | undefined {
  templateVariables(body, file);
  const tokens = Mustache.parse(body, TAGS);
  const items = new Map<KeptList, Mustache.TemplateSpans>();
  for (const t of tokens) {
    const name = t[1];
    if (t[0] === "#" && isKept(name)) {
      const inner = t[4] as unknown as Mustache.TemplateSpans;
      const keys: readonly string[] = ITEM_KEYS[name];
      if (items.has(name) || !namesIn(inner).every((n) => keys.includes(n))) return undefined;
      items.set(name, inner);
    } else if (t[0] === "^" && isKept(name)) {
      if (namesIn(t[4] as unknown as Token[]).some((n) => LISTS.includes(n))) return undefined;
    } else if (namesIn([t]).some((n) => LISTS.includes(n))) return undefined;
  }
  return { body, tokens, items };
}

const writer = new Mustache.Writer();
type WriterTokens = Parameters<Mustache.Writer["renderTokens"]>[0];
const renderTokens = (tokens: Mustache.TemplateSpans, context: Mustache.Context, body: string) =>
  writer.renderTokens(tokens as unknown as WriterTokens, context, {}, body, CONFIG);

/** One list's items as the template renders them (the section's body once per item). */
export function renderItems<K extends KeptList>(plan: LogPlan, list: K, items: readonly LogView[K][number][]): string {
  const inner = plan.items.get(list);
  if (!inner) return "";
  let out = "";
  for (const item of items) out += renderTokens(inner, new Mustache.Context(item), plan.body);
  return out;
}

/** Rendered text: a string, or the UTF-8 bytes of one (kept by a checkpoint, never decoded). */
export type Piece = string | Uint8Array;

/**
 * The whole log, as renderLog makes it, in pieces: the template rendered with `view`, each kept
 * list's section replaced by its text.
 */
export function renderInPieces(
  plan: LogPlan,
  view: Omit<LogView, LogLists>,
  lists: Record<KeptList, { text: readonly Piece[]; count: number }>,
): Piece[] {
  const context = new Mustache.Context(view);
  const pieces: Piece[] = [];
  let out = "";
  for (const t of plan.tokens) {
    const name = t[1];
    if (t[0] === "#" && isKept(name)) {
      pieces.push(out, ...lists[name].text);
      out = "";
    } else if (t[0] === "^" && isKept(name)) {
      if (lists[name].count === 0) out += renderTokens(t[4] as unknown as Mustache.TemplateSpans, context, plan.body);
    } else out += renderTokens([t], context, plan.body);
  }
  pieces.push(out);
  // renderLog trims the end of the whole text: trim the last pieces that are not only white space.
  while (pieces.length > 0) {
    const last = pieces.pop()!;
    const text = (typeof last === "string" ? last : new TextDecoder().decode(last)).trimEnd();
    if (text !== "") {
      pieces.push(text);
      break;
    }
  }
  pieces.push("\n");
  return pieces;
}
