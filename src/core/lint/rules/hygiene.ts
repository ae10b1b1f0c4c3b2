import type { PlaybookRule, Report, TemplateRule, TemplateScope, TextRule } from "../rule.js";
import type { RuleMeta } from "../types.js";

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

/** Phrases that apologise for people's feelings, or for nothing in particular, instead of for what was done. */
export const NON_APOLOGIES: readonly RegExp[] = [
  /\bif (?:anyone|anybody|any of you|you|people|someone|somebody|some people)\s+(?:was|were|felt|feels|has been|have been|got|may have been|might have been)\s+(?:offended|hurt|upset|bothered)\b/gi,
  /\bsorry (?:if |that )?(?:you|anyone|people) (?:feel|felt|found|were offended|was offended|took offen[cs]e)\b/gi,
  /\b(?:regret|apologi[sz]e for|sorry for) any (?:confusion|inconvenience|misunderstanding|offen[cs]e|upset)\b/gi,
  /\bmistakes were made\b/gi,
  /\b(?:offen[cs]e|hurt|upset|distress) (?:this|that|it|we) may have caused\b/gi,
  /\bif (?:we|this|that|it|our [a-z]+) (?:offended|upset|hurt) (?:anyone|anybody|you|people)\b/gi,
  /\bto (?:those|anyone) who (?:was|were|felt|may have been|might have been) offended\b/gi,
];

const FIXED = String.raw`(?:fix(?:es)? (?:will|should|is expected to|are expected to) (?:be )?(?:live|out|deployed|ready|in place)|fixed|resolved|restored|repaired|back (?:up|online|to normal|in service)|up and running(?: again)?|running again|working (?:again|normally)|available again|fully operational|operational again|live again)`;
const WHEN = String.raw`(?:(?:with)?in (?:the next |about |around |roughly |approximately |less than |under )?(?:\d+|an?|one|two|three|four|five|six|few|couple|several|half|\{\{\s*[a-z_]+\s*\}\})(?:[ -](?:more )?(?:minutes?|mins?|hours?|hrs?|days?|weeks?)\b)?|by (?:\d|noon|midnight|tonight|tomorrow|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|(?:the )?end of|eod|close of|\{\{\s*[a-z_]+\s*\}\})|before (?:\d|noon|midnight|tonight|tomorrow|the end of|\{\{)|later today|today|tonight|tomorrow|this (?:morning|afternoon|evening|week))`;
/** A promise of when the problem will be fixed: "back online within two hours", "resolved by 5pm", "ETA". */
export const ETAS: readonly RegExp[] = [
  new RegExp(String.raw`\b${FIXED}\b[^.!?\n]{0,40}?(?<![\w{])${WHEN}`, "gi"),
  /\bETA\b/g,
  /\b(?:expect|expects|expected|expecting|anticipate|anticipates|estimate|estimates|estimated)\b[^.!?\n]{0,30}?\b(?:a fix|the fix|fix it|fixed|resolution|resolved|restoration|restored|to be back|back online)\b/gi,
];

/**
 * Speculation in a public statement: guesses about causes or numbers presented before they are
 * confirmed. The post-mortem's messaging review flags them (with the ETAs above) under "facts, not
 * speculation".
 */
export const SPECULATION: readonly RegExp[] = [
  /\b(?:we|it) (?:believe|think|suspect|assume|guess)\b/gi,
  /\b(?:probably|presumably|possibly|apparently|seemingly|most likely|it seems|it appears)\b/gi,
  /\b(?:may|might|could) have been (?:caused|triggered|due)\b/gi,
];

/** The phrases the patterns find in a text, overlapping matches merged, in order. */
export function findPhrases(text: string, patterns: readonly RegExp[]): { at: number; end: number; text: string }[] {
  const body = text.replace(/\u2019/g, "'");
  const matches = patterns.flatMap((pattern) => [...body.matchAll(pattern)].map((m) => ({ at: m.index, text: m[0] })));
  matches.sort((a, b) => a.at - b.at);
  // Patterns overlap ("sorry if anyone was offended" contains "if anyone was offended"): overlapping matches are one phrase.
  const phrases: { at: number; end: number; text: string }[] = [];
  for (const m of matches) {
    const last = phrases[phrases.length - 1];
    if (last && m.at < last.end) {
      last.end = Math.max(last.end, m.at + m.text.length);
      last.text = body.slice(last.at, last.end);
    } else phrases.push({ at: m.at, end: m.at + m.text.length, text: m.text });
  }
  return phrases;
}

function scan(
  rule: RuleMeta,
  s: TemplateScope,
  report: Report,
  patterns: readonly RegExp[],
  message: (phrase: string) => string,
): void {
  for (const p of findPhrases(s.template.body, patterns)) report(rule, s.atBody(p.at, p.end - p.at), message(p.text));
}

const nonApology: TemplateRule = {
  id: "hygiene/non-apology",
  severity: "warning",
  scope: "template",
  description:
    'A non-apology in an apology or public template: "if anyone was offended", "we regret any confusion", "sorry you feel…", "mistakes were made".',
  fix: "Say plainly what we did and that we are sorry for it; apologise for the act, not for people's reaction.",
  check(s, report) {
    if (s.template.meta.kind !== "apology" && s.template.meta.audience !== "public") return;
    scan(
      nonApology,
      s,
      report,
      NON_APOLOGIES,
      (p) => `non-apology "${p}"; expected an apology for what we did, not for how people feel about it`,
    );
  },
};

const etaPromise: TemplateRule = {
  id: "hygiene/eta-promise",
  severity: "warning",
  scope: "template",
  description:
    'A public template promises when the problem will be fixed ("back online within two hours", "resolved by 5pm", "ETA"); a missed public estimate becomes a second story.',
  fix: "Promise only the time of the next update ({{next_update_time}}); keep fix estimates internal.",
  check(s, report) {
    if (s.template.meta.audience !== "public") return;
    scan(
      etaPromise,
      s,
      report,
      ETAS,
      (p) =>
        `public message promises a fix time ("${p}"); expected only the time of the next update ({{next_update_time}})`,
    );
  },
};

const noComment: TemplateRule = {
  id: "hygiene/no-comment",
  severity: "warning",
  scope: "template",
  description: 'A public template says "no comment", which reads as hiding something.',
  fix: "Say what you can: that you are looking into it, and when you will say more.",
  check(s, report) {
    if (s.template.meta.audience !== "public") return;
    scan(
      noComment,
      s,
      report,
      [/\bno comment\b/gi],
      () => `"no comment" in a public message; expected what we can say and when we will say more`,
    );
  },
};

export const HYGIENE_RULES = [reviewAge, todo, nonApology, etaPromise, noComment];
