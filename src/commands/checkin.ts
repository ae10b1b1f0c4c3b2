import { defineCommand, value } from "./define.js";
import { atOption, incidentOption, numberIn, recorderOption } from "./values.js";

/** Counts are bounded: a typo of many digits is refused, not charted. */
const MAX_COUNT = 1_000_000_000;
const count = numberIn("a whole number from 0 to 1000000000", { min: 0, max: MAX_COUNT, whole: true });

export const checkin = defineCommand({
  name: "checkin",
  description:
    "record a check-in on the active incident: mentions per hour, negative share, media pickups, support tickets",
  args: {},
  options: {
    mentions: value(
      "--mentions <n>",
      "mentions in the last hour",
      numberIn("a number from 0 to 1000000000", { min: 0, max: MAX_COUNT }),
    ),
    negative: value(
      "--negative <percent>",
      "share of mentions that are negative, 0-100",
      numberIn("a percentage from 0 to 100", { min: 0, max: 100 }),
    ),
    media: value("--media <n>", "media pickups so far", count),
    tickets: value("--tickets <n>", "support tickets about it", count),
    at: atOption,
    incident: incidentOption,
    actor: recorderOption,
  },
  examples: [
    "crisis checkin --mentions 1240 --negative 61 --media 2 --tickets 30",
    "crisis checkin   # asks for each number",
  ],
  async run(io, { options, global }) {
    const { recordCheckin } = await import("../services/incident/record.js");
    const { mentions, negative, media, tickets, ...where } = options;
    const numbers = {
      ...(mentions !== undefined ? { mentions_per_hour: mentions } : {}),
      ...(negative !== undefined ? { negative_share: negative } : {}),
      ...(media !== undefined ? { media_pickups: media } : {}),
      ...(tickets !== undefined ? { support_tickets: tickets } : {}),
    };
    await recordCheckin(io, global, numbers, where);
  },
});
