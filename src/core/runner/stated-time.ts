/**
 * The time a message's text promises the next update for. A drafted text states the time the
 * runner rendered ({{next_update_time}}); an edited text is read for the time it now states:
 * "21 Nov 2026 20:30 UTC", "20:30", "tomorrow 09:00", "Monday 9am", "in 2 hours" … Times are
 * in the brand's zone (`offsetMinutes` from UTC: the text is written for its audience, so a
 * Danish "kl. 06:35" is Copenhagen time; 0 when the config names no zone) and always in the
 * future of `now`. chrono-node reads them; it is loaded only when an edited text has to be read.
 */

/** Words that say a time is the next-update promise rather than some other time in the text. */
const PROMISE_WORDS =
  /(?<![\p{L}])(update|updates|news|more|back|again|next|latest|shortly|opdatering|opdateringer|nyt|igen|næste|senest|tilbage)(?![\p{L}])/iu;

export async function statedTime(text: string, now: Date, offsetMinutes = 0): Promise<Date | undefined> {
  const chrono = await import("chrono-node");
  const found = chrono
    .parse(text, { instant: now, timezone: offsetMinutes }, { forwardDate: true })
    // A date without a time of day ("by Monday") is not a time anyone can keep to the minute.
    .filter((r) => r.start.isCertain("hour") && r.start.date().getTime() > now.getTime());
  if (found.length === 0) return undefined;
  // Several times: the one after words about the next update, else the last one (promises close a message).
  const promised = found.filter((r) => PROMISE_WORDS.test(text.slice(Math.max(0, r.index - 40), r.index)));
  return (promised.at(-1) ?? found.at(-1))?.start.date();
}
