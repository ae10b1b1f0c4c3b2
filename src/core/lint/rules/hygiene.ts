import type { PlaybookRule, Report, TemplateRule, TemplateScope, TextRule } from "../rule.js";
import type { RuleMeta } from "../types.js";
import { findEtas, findPhrases, phrasesFor, primaryLanguage, sentences, type PhraseMatch } from "../phrases/index.js";

const DAY = 24 * 60 * 60 * 1000;

const reviewAge: PlaybookRule = {
  id: "hygiene/review-age",
  severity: "warning",
  scope: "playbook",
  spines: false,
  description: "last_reviewed is older than lint.max_review_age (default 180d), or in the future.",
  fix: "Review the playbook with its owner and update last_reviewed (and version).",
  check(s, report) {
    const reviewed = (s.data as { last_reviewed?: string }).last_reviewed;
    if (reviewed === undefined) return;
    const date = Date.parse(`${reviewed}T00:00:00Z`);
    if (Number.isNaN(date)) return;
    const age = Math.floor((s.session.now.getTime() - date) / DAY);
    const where = () => s.at({ file: s.file, path: ["last_reviewed"] });
    if (age < -1) {
      report(reviewAge, where(), `last_reviewed ${reviewed} is in the future; expected the date of the last review`);
    } else if (age > s.session.maxReviewAgeDays) {
      report(
        reviewAge,
        where(),
        `last reviewed ${reviewed}, ${age} days ago; expected a review within ${s.session.maxReviewAgeDays} days (lint.max_review_age)`,
      );
    }
  },
};

const TODO = /\b(?:TODO|FIXME|TBD|XXX)\b|\blorem ipsum\b/gi;
const UPPER_ONLY = /^(?:TODO|FIXME|TBD|XXX)$/;

const todo: TextRule = {
  id: "hygiene/todo",
  severity: "warning",
  scope: "text",
  description: "A leftover TODO, FIXME, TBD or XXX marker, or lorem ipsum, in a playbook, template or the config.",
  fix: "Finish the text (or remove the note) before the playbook is needed in a crisis.",
  check(s, report) {
    for (const m of s.text.matchAll(TODO)) {
      const word = m[0];
      // Markers are upper case; "todo" in prose is a word. Lorem ipsum is filler in any case.
      if (!/lorem/i.test(word) && !UPPER_ONLY.test(word)) continue;
      // A suppression comment may mention a marker in its reason ("-- TODO remove after the audit").
      const lineStart = s.text.lastIndexOf("\n", m.index) + 1;
      const directive = s.text.slice(lineStart, m.index).indexOf("crisis-lint-");
      if (directive !== -1) continue;
      report(
        todo,
        s.at(m.index, word.length),
        `leftover ${/lorem/i.test(word) ? "placeholder text" : `${word} marker`}; expected finished text before the playbook is needed in a crisis`,
      );
    }
  },
};

/** The template's phrases: its own language, or the brand's; none when no phrases exist for it. */
function wording(s: TemplateScope) {
  const language = primaryLanguage(s.template.meta.language) ?? s.session.language;
  const phrases = phrasesFor(s.session.config, language);
  return phrases ? { phrases, list: sentences(s.template.body) } : undefined;
}

const cache = new WeakMap<TemplateScope, ReturnType<typeof wording>>();
function wordingOf(s: TemplateScope): ReturnType<typeof wording> {
  if (!cache.has(s)) cache.set(s, wording(s));
  return cache.get(s);
}

function reportMatches(
  rule: RuleMeta,
  s: TemplateScope,
  report: Report,
  matches: readonly PhraseMatch[],
  message: (phrase: string) => string,
): void {
  // Patterns overlap ("sorry if anyone was offended" matches twice): overlapping matches are one phrase.
  const sorted = [...matches].sort((a, b) => a.start - b.start);
  const phrases: PhraseMatch[] = [];
  for (const m of sorted) {
    const last = phrases[phrases.length - 1];
    if (last && m.start < last.end) last.end = Math.max(last.end, m.end);
    else phrases.push({ ...m });
  }
  const body = s.template.body;
  for (const p of phrases) report(rule, s.atBody(p.start, p.end - p.start), message(body.slice(p.start, p.end)));
}

const nonApology: TemplateRule = {
  id: "hygiene/non-apology",
  severity: "warning",
  scope: "template",
  description:
    'A non-apology in an apology or public template, in the message\'s language (English and Danish bundled): "sorry if anyone was offended", "we regret any confusion", "sorry you feel…", "mistakes were made", "vi beklager, hvis nogen føler sig stødt".',
  fix: "Say plainly what we did and that we are sorry for it; apologise for the act, not for people's reaction.",
  check(s, report) {
    if (s.template.meta.kind !== "apology" && s.template.meta.audience !== "public") return;
    const w = wordingOf(s);
    if (!w) return;
    reportMatches(
      nonApology,
      s,
      report,
      findPhrases(w.phrases.nonApology, w.phrases, w.list),
      (p) =>
        `non-apology "${p}"; expected an apology for what we did, not for how people feel about it or on a condition`,
    );
  },
};

const etaPromise: TemplateRule = {
  id: "hygiene/eta-promise",
  severity: "warning",
  scope: "template",
  description:
    'A public template promises when the problem will be fixed ("back online within two hours", "sorted by tonight", "ETA", "løst inden kl. 17"); a missed public estimate becomes a second story.',
  fix: "Promise only the time of the next update ({{next_update_time}}); keep fix estimates internal.",
  check(s, report) {
    if (s.template.meta.audience !== "public") return;
    const w = wordingOf(s);
    if (!w) return;
    reportMatches(
      etaPromise,
      s,
      report,
      findEtas(w.phrases, w.list),
      (p) =>
        `public message promises a fix time ("${p}"); expected only the time of the next update ({{next_update_time}})`,
    );
  },
};

const noComment: TemplateRule = {
  id: "hygiene/no-comment",
  severity: "warning",
  scope: "template",
  description:
    'A public template says "no comment" (or "declines to comment", "ingen kommentarer"), which reads as hiding something.',
  fix: "Say what you can: that you are looking into it, and when you will say more.",
  check(s, report) {
    if (s.template.meta.audience !== "public") return;
    const w = wordingOf(s);
    if (!w) return;
    reportMatches(
      noComment,
      s,
      report,
      findPhrases(w.phrases.noComment, w.phrases, w.list),
      (p) => `"${p}" in a public message reads as hiding something; expected what we can say and when we will say more`,
    );
  },
};

export const HYGIENE_RULES = [reviewAge, todo, nonApology, etaPromise, noComment];
