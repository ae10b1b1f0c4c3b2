import type { EscapeMode, Prompter } from "../../adapters/terminal/prompter.js";
import type { EventData } from "../journal/events.js";

/** A check-in's numbers: the conversation's size and tone now. */
export type CheckinNumbers = EventData<"metric_snapshot">;

/**
 * Asks each number of a check-in (crisis checkin without flags, and the runner's Esc → check-in);
 * an empty answer leaves that number out, and counts are rounded to whole numbers.
 */
export async function askCheckin(prompter: Prompter, escape: EscapeMode): Promise<CheckinNumbers> {
  const ask = (key: keyof CheckinNumbers, message: string, max?: number) =>
    prompter.number({
      key: `checkin.${key}`,
      message: `${message} (empty if unknown)`,
      min: 0,
      ...(max !== undefined ? { max } : {}),
      escape,
    });
  const mentions = await ask("mentions_per_hour", "Mentions in the last hour");
  const negative = await ask("negative_share", "Negative share, in percent", 100);
  const media = await ask("media_pickups", "Media pickups so far");
  const tickets = await ask("support_tickets", "Support tickets about it");
  return {
    ...(mentions !== undefined ? { mentions_per_hour: mentions } : {}),
    ...(negative !== undefined ? { negative_share: negative } : {}),
    ...(media !== undefined ? { media_pickups: Math.round(media) } : {}),
    ...(tickets !== undefined ? { support_tickets: Math.round(tickets) } : {}),
  };
}
