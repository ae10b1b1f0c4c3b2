/**
 * The wording rules' phrases for one language: non-apologies, promises of a fix time (a fix word
 * and a time word in one sentence, or a whole phrase such as "ETA"), "no comment", and wording
 * never to flag. Bundled for English and Danish; crisis.config.yaml lint.phrases adds to them.
 */
export interface LanguagePhrases {
  nonApology: string[];
  etaFixed: string[];
  etaWhen: string[];
  eta: string[];
  updateWords: string[];
  pastWords: string[];
  noComment: string[];
  allow: string[];
}
