import { z } from "../zod/zod-lib.js";

const COUNTING_RULES = ["x-weighted", "graphemes", "code-points", "mastodon", "sms"] as const;

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
export type Channel = z.infer<typeof channelSchema>;

/** A config entry changes only what it names: no defaults, so `{ limit: 300 }` keeps the rest. */
export const channelOverrideSchema = z.strictObject({
  label: channelSchema.shape.label.optional(),
  limit: channelSchema.shape.limit.optional(),
  counting: channelSchema.shape.counting.optional(),
  fold: channelSchema.shape.fold,
  public: z.boolean().optional().describe("Messages here are seen by the public (default: true for a new channel)."),
});
export type ChannelOverride = z.infer<typeof channelOverrideSchema>;

/** Defaults from each platform's published limits; teams override them in crisis.config.yaml. */
export const BUILTIN_CHANNELS: Readonly<Record<string, Channel>> = {
  x: { label: "X", limit: 280, counting: "x-weighted", public: true },
  bluesky: { label: "Bluesky", limit: 300, counting: "graphemes", public: true },
  threads: { label: "Threads", limit: 500, counting: "code-points", public: true },
  mastodon: { label: "Mastodon", limit: 500, counting: "mastodon", public: true },
  instagram: { label: "Instagram caption", limit: 2200, counting: "code-points", fold: 125, public: true },
  facebook: { label: "Facebook post", limit: 63206, counting: "code-points", fold: 477, public: true },
  linkedin: { label: "LinkedIn post", limit: 3000, counting: "code-points", fold: 210, public: true },
  tiktok: { label: "TikTok caption", limit: 2200, counting: "code-points", public: true },
  reddit: { label: "Reddit comment", limit: 10000, counting: "code-points", public: true },
  youtube: { label: "YouTube description", limit: 5000, counting: "code-points", fold: 157, public: true },
  "direct-message": { label: "Direct message", limit: 10000, counting: "code-points", public: false },
  sms: { label: "SMS", limit: 160, counting: "sms", public: false },
  email: { label: "E-mail", limit: null, counting: "code-points", public: false },
  "status-page": { label: "Status page", limit: null, counting: "code-points", public: true },
  website: { label: "Website or crisis hub", limit: null, counting: "code-points", public: true },
  "internal-chat": { label: "Internal chat", limit: 40000, counting: "code-points", public: false },
};

export type ChannelRegistry = Readonly<Record<string, Channel>>;

/** Built-in channels with the config's overrides and additions laid over them. */
export function buildChannelRegistry(overrides: Readonly<Record<string, ChannelOverride>> = {}): ChannelRegistry {
  const registry: Record<string, Channel> = Object.create(null) as Record<string, Channel>;
  for (const [id, channel] of Object.entries(BUILTIN_CHANNELS)) registry[id] = channel;
  for (const [id, override] of Object.entries(overrides)) {
    const base = registry[id];
    registry[id] = channelSchema.parse({
      ...(base ?? { label: id, limit: null, counting: "code-points" }),
      ...override,
    });
  }
  return registry;
}
