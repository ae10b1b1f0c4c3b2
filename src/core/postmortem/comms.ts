import { countFor } from "../channels/count.js";
import { BUILTIN_CHANNELS, layChannels, type ChannelRegistry } from "../channels/builtin.js";
import type { Config } from "../config/schema.js";
import { findEtas, findPhrases, phrasesFor, primaryLanguage, sentences } from "../lint/phrases/index.js";
import type { Pattern, Sentence } from "../lint/phrases/match.js";
import { answerText, type Facts } from "./facts.js";
import { flat } from "./flat.js";
import { formatNumber } from "./numbers.js";
import { formatDuration } from "../time.js";
import { isoMinutesOf, isoTime } from "./iso-time.js";

/**
 * The sections a communications director reviews, each computed from the journal: every public
 * statement against the chosen posture, the media enquiries and spokesperson appearances, who
 * was told what and when, how the audience moved after each statement, and the evidence. The
 * phrase lists are lint's (hygiene), so a template that lint passes and a statement that the
 * review passes agree.
 */

type Statement = Facts["published"][number];

interface MessagingReview {
  at: string;
  template: string;
  kind?: string;
  channels: string[];
  apology: string;
  facts: string;
  next_update: string;
  channel_fit: string;
  verdict: "ok" | "review";
}

export interface CommsSection {
  messaging: MessagingReview[];
  media: {
    outlet: string;
    reporter?: string;
    question: string;
    asked_at: string;
    deadline?: string;
    status: string;
    response?: string;
    answered?: string;
  }[];
  appearances: { at: string; spokesperson: string; outlet: string; format: string; summary?: string }[];
  stakeholders: { at: string; who: string; how: string; what: string }[];
  audience: { at: string; template: string; before: string; after: string; change: string }[];
  evidence: { at: string; actor: string; link: string; description: string }[];
  business_impact: { label: string; value: string }[];
}

/** The template's kind; journals from before it was recorded: read from the template's name. */
function kindOf(s: Statement): string | undefined {
  if (s.kind !== undefined) return s.kind;
  return ["holding", "final", "update", "apolog", "reply", "notice"]
    .find((k) => s.template.includes(k))
    ?.replace("apolog", "apology");
}
/** Kinds that must carry the apology when the posture is rebuild: the first word, the apology itself, the last word. */
const MUST_APOLOGISE = new Set(["holding", "apology", "final"]);
const KIND_NAME: Record<string, string> = {
  holding: "holding statement",
  apology: "apology",
  final: "final statement",
};
const APOLOGY = /\b(?:sorry|apologi[sz]e[sd]?|apologi[sz]ing|apology|undskyld|beklager)\b/i;
/**
 * Speculation about causes or numbers before they are confirmed. Lint has no list for it (a
 * template cannot speculate until an answer fills it), so it lives here; the non-apology and
 * fix-time phrases are lint's, in the brand's language.
 */
export const SPECULATION = [
  /\b(?:we|it) (?:believe|think|suspect|assume|guess)\b/gi,
  /\b(?:probably|presumably|possibly|apparently|seemingly|most likely|it seems|it appears)\b/gi,
  /\b(?:may|might|could) have been (?:caused|triggered|due)\b/gi,
];
/** Any of SPECULATION: most statements have none, and then one search instead of three says so. */
const ANY_SPECULATION = new RegExp(SPECULATION.map((p) => p.source).join("|"), "i");
const quote = (phrases: string[]) => phrases.map((p) => `"${p}"`).join(", ");

type Compiled = NonNullable<ReturnType<typeof phrasesFor>>;
type Spans = [number, number][];

/**
 * The lint phrases (non-apologies, fix-time promises) found in each sentence, as token ranges,
 * remembered per sentence: a long incident publishes thousands of statements that share their
 * sentences but for a number ("Update 41: …", a time), so the phrase engine runs once per distinct
 * sentence. A word starting with a digit that no phrase names (phrases name "24" or "48" hours)
 * is remembered as "0": then only `#` (any number) can match it, as it matches "0".
 */
class SentencePhrases {
  private readonly memo = new Map<string, { non: Spans; eta: Spans }>();
  /** The phrase words that start with a digit ("24", "48"); undefined when one would match "0" too. */
  private readonly numerals: { text: string; prefix: boolean }[] | undefined;

  constructor(private readonly compiled: Compiled) {
    const patterns = Object.values(compiled).flatMap((p: Pattern | Pattern[]) => (Array.isArray(p) ? p : [p]));
    const numerals = patterns.flatMap((p) =>
      p.parts.flatMap((part) =>
        part.flatMap((e) => (e.kind === "word" ? e.alternatives.filter((a) => NUMERAL.test(a.text[0] ?? "")) : [])),
      ),
    );
    this.numerals = numerals.some((a) => named(a, "0")) ? undefined : numerals;
  }

  private word(word: string): string {
    if (!this.numerals || !NUMERAL.test(word[0] ?? "")) return word;
    return this.numerals.some((a) => named(a, word)) ? word : "0";
  }

  of(s: Sentence): { non: Spans; eta: Spans } {
    const words = s.map((t) => this.word(t.word));
    const key = words.join("\n");
    let found = this.memo.get(key);
    if (!found) {
      // Token i as characters [i, i + 1): the engine's character spans are then token ranges.
      const indexed = [words.map((word, i) => ({ word, start: i, end: i + 1 }))];
      const ranges = (ms: { start: number; end: number }[]): Spans => ms.map((m) => [m.start, m.end]);
      const c = this.compiled;
      found = { non: ranges(findPhrases(c.nonApology, c, indexed)), eta: ranges(findEtas(c, indexed)) };
      if (this.memo.size >= 50_000) this.memo.clear();
      this.memo.set(key, found);
    }
    return found;
  }
}
const NUMERAL = /\p{N}/u;
const named = (a: { text: string; prefix: boolean }, word: string) =>
  a.prefix ? word.startsWith(a.text) : word === a.text;
const sentencePhrases = new WeakMap<Compiled, SentencePhrases>();

/** The lint phrases (non-apologies, fix-time promises) and speculation found in a text, as quoted strings. */
export function phrasesIn(text: string, config: Config) {
  const compiled = phrasesFor(config, primaryLanguage(config.brand?.locale) ?? "en");
  const nonApologies = new Set<string>();
  const etas = new Set<string>();
  if (compiled) {
    let memo = sentencePhrases.get(compiled);
    if (!memo) sentencePhrases.set(compiled, (memo = new SentencePhrases(compiled)));
    for (const s of sentences(text)) {
      const found = memo.of(s);
      const slice = ([a, b]: [number, number]) => text.slice(s[a]?.start, s[b - 1]?.end);
      for (const r of found.non) nonApologies.add(slice(r));
      for (const r of found.eta) etas.add(slice(r));
    }
  }
  return {
    nonApologies: [...nonApologies],
    guesses: ANY_SPECULATION.test(text)
      ? [...etas, ...SPECULATION.flatMap((p) => [...text.matchAll(p)].map((m) => m[0]))]
      : [...etas],
  };
}

/** One entry per exact text: its first publication and every channel it went to. */
function distinctStatements(statements: readonly Statement[]): { first: Statement; channels: string[] }[] {
  const byHash = new Map<string, { first: Statement; channels: string[] }>();
  for (const s of statements) {
    const known = byHash.get(s.hash);
    if (!known) byHash.set(s.hash, { first: s, channels: [s.channel] });
    else if (!known.channels.includes(s.channel)) known.channels.push(s.channel);
  }
  return [...byHash.values()];
}

function review(
  facts: Facts,
  entry: { first: Statement; channels: string[] },
  channels: ChannelRegistry,
  config: Config,
): MessagingReview {
  const s = entry.first;
  const text = facts.drafts.get(s.hash)?.text ?? "";
  const posture = (answerText(facts.answers.get("posture")?.value) ?? "").toLowerCase();
  const kind = kindOf(s);
  const flags: boolean[] = [];
  const flag = (bad: boolean, text: string) => (flags.push(bad), bad ? `**${text}**` : text);

  const { nonApologies, guesses } = phrasesIn(text, config);
  const apology =
    nonApologies.length > 0
      ? flag(true, `non-apology ${quote(nonApologies)}`)
      : APOLOGY.test(text)
        ? "yes"
        : posture.includes("rebuild") && (kind === undefined || MUST_APOLOGISE.has(kind))
          ? flag(
              true,
              `missing: the posture is rebuild, and this ${KIND_NAME[kind ?? ""] ?? "statement"} does not apologise`,
            )
          : posture.includes("rebuild")
            ? `not needed in ${kind === "update" ? "an update" : `a ${kind}`}`
            : `not needed (posture ${posture || "not recorded"})`;

  const factsOnly =
    guesses.length > 0
      ? flag(true, `speculation or a fix time: ${quote(guesses)}`)
      : "no speculation or fix time found";

  const promises = kind === undefined || kind === "holding" || kind === "update";
  const nextUpdate =
    s.due !== null && s.due < s.at
      ? flag(true, `states ${isoMinutesOf(s.due)}, which had already passed when it went out`)
      : s.due !== null
        ? `yes, for ${isoMinutesOf(s.due)}`
        : kind === "final"
          ? "not needed (final statement)"
          : promises
            ? flag(true, "missing: a holding statement or update should say when the next one comes")
            : `not needed (${kind})`;

  const fit = entry.channels.map((id) => {
    const channel = channels[id] ?? BUILTIN_CHANNELS[id];
    if (!channel) return `${id}: unknown channel`;
    const count = countFor(channel, text);
    if (count.limit !== null && count.over > 0) return flag(true, `${id}: over the limit by ${count.over}`);
    const folded =
      channel.fold !== undefined && count.length > channel.fold ? `, ${channel.fold} shown before "more"` : "";
    const direct = channel.public ? "" : ", sent to people directly";
    return `${id}: fits${count.limit !== null ? ` (${count.length} of ${count.limit})` : ""}${folded}${direct}`;
  });

  return {
    at: isoTime(s.at),
    template: s.template,
    ...(kind ? { kind } : {}),
    channels: entry.channels,
    apology: flat(apology),
    facts: flat(factsOnly),
    next_update: flat(nextUpdate),
    channel_fit: fit.join("; "),
    verdict: flags.some(Boolean) ? "review" : "ok",
  };
}

const snapshotText = (c: Facts["snapshots"][number] | undefined): string => {
  if (!c) return "no check-in";
  const parts = [
    c.mentions_per_hour !== undefined ? `${formatNumber(c.mentions_per_hour)} mentions/h` : "",
    c.negative_share !== undefined ? `${formatNumber(c.negative_share)}% negative` : "",
  ].filter(Boolean);
  return `${parts.join(", ") || "no numbers"} at ${isoMinutesOf(c.at)}`;
};

/** How the conversation moved after each public statement: the check-in before it against the first one after it. */
/** The index of the first check-in later than `at` (the list is sorted by time): a binary search, as a long incident has thousands. */
function firstAfter(checkins: readonly { at: number }[], at: number): number {
  let lo = 0;
  let hi = checkins.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((checkins[mid]?.at ?? Infinity) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function audienceResponse(facts: Facts, statements: readonly Statement[]): CommsSection["audience"] {
  // One message cross-posted (the same template and promise, channel after channel) is one statement here.
  const entries: { first: Statement }[] = [];
  for (const s of statements) {
    const last = entries.at(-1)?.first;
    if (!last || last.template !== s.template || last.due !== s.due) entries.push({ first: s });
  }
  const checkins = [...facts.snapshots].sort((a, b) => a.at - b.at || a.seq - b.seq);
  // A check-in is usually the "after" of one statement and the "before" of the next: its text is
  // made once and shared (a long incident's audience list was a quarter of the report's memory).
  const texts = new Map<number, string>();
  const textOf = (k: number): string => {
    let text = texts.get(k);
    if (text === undefined) texts.set(k, (text = flat(snapshotText(checkins[k]))));
    return text;
  };
  return entries.map(({ first: s }, i) => {
    const nextAt = entries[i + 1]?.first.at ?? Infinity;
    // The check-ins are in time order: the first one after the statement splits them in two.
    const split = firstAfter(checkins, s.at);
    const before = checkins[split - 1];
    const after = split < checkins.length && (checkins[split]?.at ?? Infinity) <= nextAt ? checkins[split] : undefined;
    const change: string[] = [];
    if (before && after) {
      const { mentions_per_hour: m0, negative_share: n0 } = before;
      const { mentions_per_hour: m1, negative_share: n1 } = after;
      if (m0 !== undefined && m1 !== undefined && m0 > 0)
        change.push(`mentions ${m1 >= m0 ? "+" : "−"}${formatNumber(Math.abs((100 * (m1 - m0)) / m0))}%`);
      if (n0 !== undefined && n1 !== undefined)
        change.push(`negative share ${n1 >= n0 ? "+" : "−"}${formatNumber(Math.abs(n1 - n0))} points`);
    }
    return {
      at: isoTime(s.at),
      template: s.template,
      before: before ? textOf(split - 1) : snapshotText(before),
      after: after ? textOf(split) : "no check-in before the next statement",
      change: change.length > 0 ? flat(`${change.join(", ")} in ${formatDuration(after!.at - s.at)}`) : "not measured",
    };
  });
}

export function describeComms(facts: Facts, statements: readonly Statement[], config: Config): CommsSection {
  // The config was validated when it was loaded (its schema checks each override): no zod here.
  const channels = layChannels(config.channels);
  const entries = distinctStatements(statements);
  const internal = facts.published.filter((p) => p.audience !== "public");
  const told = [
    ...distinctStatements(internal).map(({ first, channels: via }) => ({
      at: first.at,
      who: first.audience === "internal" ? "staff (internal message)" : "people contacted directly (private message)",
      how: via.join(", "),
      what: first.template,
    })),
    ...facts.notices.map((n) => ({ at: n.at, who: n.stakeholder, how: n.channel ?? "", what: n.summary ?? "" })),
  ].sort((a, b) => a.at - b.at);
  const impact = facts.impact;
  return {
    messaging: entries.map((e) => review(facts, e, channels, config)),
    media: [...facts.enquiries.values()].map((q) => ({
      outlet: q.outlet,
      ...(q.reporter ? { reporter: q.reporter } : {}),
      question: q.question,
      asked_at: isoTime(q.first_at),
      ...(q.deadline ? { deadline: q.deadline } : {}),
      status: q.status,
      ...(q.response ? { response: q.response } : {}),
      ...(q.status === "answered"
        ? {
            answered:
              q.deadline && q.at > Date.parse(q.deadline)
                ? `after the deadline, at ${isoMinutesOf(q.at)}`
                : `at ${isoMinutesOf(q.at)}${q.deadline ? ", before the deadline" : ""}`,
          }
        : {}),
    })),
    appearances: facts.appearances.map((a) => ({
      at: isoTime(a.at),
      spokesperson: a.spokesperson,
      outlet: a.outlet,
      format: a.format,
      ...(a.summary ? { summary: a.summary } : {}),
    })),
    stakeholders: told.map((t) => ({ ...t, at: isoTime(t.at) })),
    audience: audienceResponse(facts, statements),
    evidence: facts.evidence.map((e) => ({
      at: isoTime(e.at),
      actor: e.actor,
      link: e.link,
      description: e.description,
    })),
    business_impact: [
      impact.customers_affected !== undefined
        ? { label: "Customers affected", value: formatNumber(impact.customers_affected) }
        : undefined,
      impact.revenue ? { label: "Revenue lost or at risk", value: impact.revenue } : undefined,
      impact.costs ? { label: "Costs", value: impact.costs } : undefined,
      impact.other ? { label: "Other", value: impact.other } : undefined,
    ].filter((x) => x !== undefined),
  };
}
