import { suggest } from "../../suggest.js";

/**
 * "Did you mean" for ids that edit distance alone gets wrong: channels known by another name
 * (twitter is x) and rule ids typed by a prefix of their name (hygiene/eta is hygiene/eta-promise).
 */

const CHANNEL_ALIASES: Record<string, string> = {
  twitter: "x",
  tweet: "x",
  "twitter-x": "x",
  "x-twitter": "x",
  ig: "instagram",
  insta: "instagram",
  fb: "facebook",
  meta: "facebook",
  li: "linkedin",
  "linked-in": "linkedin",
  yt: "youtube",
  bsky: "bluesky",
  text: "sms",
  "text-message": "sms",
  mail: "email",
  "e-mail": "email",
  statuspage: "status-page",
  status: "status-page",
  web: "website",
  site: "website",
  blog: "website",
  hub: "website",
  newsroom: "website",
  slack: "internal-chat",
  teams: "internal-chat",
  chat: "internal-chat",
  intranet: "internal-chat",
  dm: "direct-message",
  dms: "direct-message",
};

export function suggestChannel(word: string, channels: readonly string[]): string | undefined {
  const alias = CHANNEL_ALIASES[word.toLowerCase()];
  if (alias !== undefined && channels.includes(alias)) return alias;
  return suggest(word, channels);
}

/** The rule id meant by a mistyped one: exact but for case, then a unique prefix of the name, then by edit distance. */
export function suggestRule(word: string, ids: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const exact = ids.find((id) => id.toLowerCase() === lower);
  if (exact) return exact;
  const [category = "", name = ""] = lower.split("/");
  if (name !== "") {
    const sameCategory = ids.filter((id) => id.startsWith(`${category}/`));
    const prefixed = sameCategory.filter((id) => id.slice(category.length + 1).startsWith(name));
    if (prefixed.length === 1) return prefixed[0];
    const containing = sameCategory.filter((id) => id.slice(category.length + 1).includes(name));
    if (containing.length === 1) return containing[0];
    // The name is right but the category is not (ref/todo → hygiene/todo).
    const byName = ids.filter((id) => id.split("/")[1] === name);
    if (byName.length === 1) return byName[0];
  }
  return suggest(word, ids);
}

/** Edit distance, or else a candidate the word starts with, or that starts with the word (posture_type → posture). */
export function suggestName(word: string, candidates: readonly string[]): string | undefined {
  // A name with a word added or left off (posture_type for posture) beats one a few letters away.
  const related = candidates.filter(
    (c) => c.length >= 3 && (word.startsWith(`${c}_`) || word.startsWith(`${c}-`) || c.startsWith(`${word}_`)),
  );
  return related.sort((a, b) => b.length - a.length)[0] ?? suggest(word, candidates);
}
