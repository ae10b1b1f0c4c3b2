import { z } from "../zod/zod-lib.js";
import { BUILTIN_CHANNELS, COUNTING_RULES, layChannels, type Channel, type ChannelRegistry } from "./builtin.js";

// The built-in channels live in builtin.ts (no zod); they are re-exported here for the code that has both.
export { BUILTIN_CHANNELS };
export type { Channel, ChannelRegistry };

const channelSchema = z.strictObject({
  label: z.string().min(1).describe("The channel's name as shown to people."),
  limit: z
    .number()
    .int()
    .positive()
    .nullable()
    .describe("The longest message allowed, in the channel's units; null for no limit."),
  counting: z
    .enum(COUNTING_RULES)
    .describe(
      "How length is counted: x-weighted (X's rules: URLs 23, emoji and CJK 2), graphemes (what a reader sees as one character), code-points, mastodon (code points, URLs 23), sms (GSM-7 160, or 70 with other characters).",
    ),
  fold: z.number().int().positive().optional().describe("Characters shown before the text is cut off with 'more'."),
  public: z.boolean().default(true).describe("Messages here are seen by the public."),
});

/** A config entry changes only what it names: no defaults, so `{ limit: 300 }` keeps the rest. */
export const channelOverrideSchema = z.strictObject({
  label: channelSchema.shape.label.optional(),
  limit: channelSchema.shape.limit.optional(),
  counting: channelSchema.shape.counting.optional(),
  fold: channelSchema.shape.fold,
  public: z.boolean().optional().describe("Messages here are seen by the public (default: true for a new channel)."),
});
export type ChannelOverride = z.infer<typeof channelOverrideSchema>;

/** Built-in channels with the config's overrides and additions laid over them, each checked by the schema. */
export function buildChannelRegistry(overrides: Readonly<Record<string, ChannelOverride>> = {}): ChannelRegistry {
  return layChannels(overrides, (merged) => channelSchema.parse(merged));
}

// The schema and the plain type must agree: this fails to compile if they drift apart.
const sameShape: (c: z.infer<typeof channelSchema>) => Channel = (c) => c;
void sameShape;
