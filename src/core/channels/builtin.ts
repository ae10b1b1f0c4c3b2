/**
 * The built-in channels and the way a config's overrides are laid over them, kept apart from their
 * zod schema (registry.ts) so that code reading a config that is already validated (the
 * post-mortem) does not load zod.
 */

export const COUNTING_RULES = ["x-weighted", "graphemes", "code-points", "mastodon", "sms"] as const;

export interface Channel {
  label: string;
  limit: number | null;
  counting: (typeof COUNTING_RULES)[number];
  fold?: number | undefined;
  public: boolean;
}

/** A config entry changes only what it names: `{ limit: 300 }` keeps the rest. */
export type ChannelOverride = { [K in keyof Channel]?: Channel[K] | undefined };

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

/**
 * Built-in channels with the config's overrides and additions laid over them. `check` validates
 * each merged channel (registry.ts passes its zod schema); without it the overrides are trusted as
 * already validated (by the config's schema), and a new channel is public unless it says otherwise.
 */
export function layChannels(
  overrides: Readonly<Record<string, ChannelOverride>> = {},
  check: (merged: Record<string, unknown>) => Channel = (merged) =>
    ({ ...merged, public: merged["public"] ?? true }) as Channel,
): ChannelRegistry {
  const registry: Record<string, Channel> = Object.create(null) as Record<string, Channel>;
  for (const [id, channel] of Object.entries(BUILTIN_CHANNELS)) registry[id] = channel;
  for (const [id, override] of Object.entries(overrides)) {
    const base = registry[id];
    registry[id] = check({ ...(base ?? { label: id, limit: null, counting: "code-points" }), ...override });
  }
  return registry;
}
