import type { LanguagePhrases } from "./types.js";

/** English wording, in the phrase language of match.ts. Tested on test/lint/wording.test.ts's corpus. */
export const EN: LanguagePhrases = {
  nonApology: [
    // Apologising for people's feelings, on a condition: "if anyone was offended", "sorry if some of you were upset".
    "if|whoever ... offend*|upset|upsetting|hurt|bothered|distress*|insult*|disappoint*|uncomfortable",
    "if|whoever ... took|take|taken offen*",
    "those|anyone|anybody|everyone|people|all who ... offend*|upset|insult*",
    "sorry|apologi*|apologize*|apology|apologies|regret* if|whether",
    // Sorry for how people feel, not for what was done: "sorry you feel that way".
    "sorry|apologi*|apologize*|regret* (that) (some|many|all|any) (of) (our) you|anyone|people|some|customers|followers|fans|users|members|parents|readers (have|may|might) feel|felt|feels|think|thought|perceive*|took",
    // Sorry for something vague: "apologise for any frustration", "we regret the inconvenience".
    "sorry|apologi*|apologize*|apology|apologies|regret* & any|whatever confusion|misunderstanding*|frustration*|upset|offen*|disappointment*|distress|concern*|hurt|inconvenien*|trouble|issues|problems",
    "sorry|apologi*|apologize*|apology|apologies|regret* & the|this|that|all inconvenien*",
    // The passive that names no one: "mistakes were made", "errors have been made".
    "mistake*|error* were|was|have|has|had (been) made|committed",
    "offen*|hurt|upset|distress*|inconvenien*|confusion|frustration*|harm ... may|might|could (have) (been) caus*|creat*",
  ],
  etaFixed: [
    "fixed|resolved|restored|repaired|solved|sorted",
    "fix|resolve|restore|repair|solve|sort (this|it|the|everything) (out)",
    "back (up|online|to|in|on) (normal|service|track)",
    "up and running",
    "running|working normally|again",
    "available|operational|live|online again",
    "fully operational",
    "fix (will|should) (be) live|out|deployed|ready|in",
    "normal service",
  ],
  etaWhen: [
    "within|in (the) (next) (about|around|roughly|approximately|less|under|over) (than) #|a|an|one|two|three|four|five|six|few|couple|several|half|24|48 (more) (of) (an) min*|hour*|hrs|hr|day*|week*",
    "within|in (the) (next) (a) couple|few (of) (more) min*|hour*|hrs|days|weeks",
    "within|in {{}}",
    "within the hour|day|morning|afternoon|evening|week",
    "by|before|until #|noon|midday|midnight|tonight|tomorrow|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|eod|cob|{{}}",
    "by|before (the) end|close of (the) day|today|week|business|play",
    "later today|tonight|this",
    "today|tonight",
    "tomorrow (morning|afternoon|evening)",
    "this morning|afternoon|evening|week|weekend",
    "# am|pm",
  ],
  eta: [
    "eta|etas",
    "estimated time (of|to) fix|resolution|restoration|recovery|repair",
    "expect*|anticipat*|estimat*|hope|hoping|aim*|plan*|project* ... fix|fixed|resolution|resolved|restoration|restored|repaired|repair|back|up|working|operational",
  ],
  /** Words that tie a time to an update rather than to the fix: "an update within the hour". */
  updateWords: [
    "update*",
    "news",
    "post*",
    "statement*",
    "shar*",
    "tell",
    "told",
    "hear",
    "inform*",
    "announc*",
    "detail*",
    "know",
    "more",
  ],
  /** Before a fix word, it is a fact already true, not a promise: "was restored today". */
  pastWords: ["was", "were", "has", "had", "been", "now"],
  noComment: ["no comment*", "declin* (to) comment*", "refus* to comment*", "nothing (further|more) to say|add"],
  allow: [],
};
