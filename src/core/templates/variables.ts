import type { Config } from "../config/schema.js";

/** The template variables that come from config (brand facts). */
export const CONFIG_VARIABLES = [
  "brand",
  "support_contact",
  "media_contact",
  "hub_url",
  "status_page_url",
  "handles",
] as const;

/**
 * Variables every message template may use besides the answers to prompts: the brand's facts from
 * config, and facts of the incident the runner fills in. The linter checks templates against this
 * list; docs/playbook-format.md documents it.
 */
export const INCIDENT_VARIABLES = {
  what_happened:
    "What happened, in one sentence, as we would say it in public: the first answer of the declaration (also the incident's title).",
  incident_title: "The incident's title.",
  incident_id: "The incident's id, e.g. 2026-11-21-data-breach.",
  severity: "The current severity, e.g. SEV2.",
  declared_at: "When the crisis was declared, e.g. 21 Nov 2026 19:30 UTC.",
  now: "The time the message is drafted, e.g. 21 Nov 2026 20:05 UTC.",
  next_update_time: "When the next public update is promised, e.g. 21 Nov 2026 20:30 UTC.",
  lead: "The incident lead's name.",
  spokesperson: "The spokesperson's name (the lead's when none is named).",
  playbook_title: "The playbook's title.",
  media_enquiries:
    "The media and influencer enquiries logged so far (Esc → Log, crisis log media), one line each: outlet, when asked, deadline, status, question. Empty when none.",
  drill: "True in a drill (crisis start --drill): use {{#drill}}…{{/drill}} for exercise-only text.",
} as const;

/** Also available: handle_<channel> for each entry of brand.handles, e.g. handle_x. */
const HANDLE_VARIABLE = /^handle_[a-z0-9_]+$/;

export function isBuiltinVariable(name: string): boolean {
  return Object.hasOwn(INCIDENT_VARIABLES, name) || (CONFIG_VARIABLES as readonly string[]).includes(name) || HANDLE_VARIABLE.test(name);
}

/**
 * Example values for checking lengths: realistic and on the long side. Links use a real-looking
 * top-level domain so X's counter recognises them as links (23 characters), as it would in use.
 */
export const EXAMPLE_VALUES: Record<string, string> = {
  brand: "Northwind Outdoor Co.",
  support_contact: "https://help.northwindoutdoor.com/contact",
  media_contact: "press@northwindoutdoor.com",
  hub_url: "https://www.northwindoutdoor.com/updates/incident-2026-11",
  status_page_url: "https://status.northwindoutdoor.com",
  handles: "@northwind, @northwindhelp",
  what_happened:
    "A video of a customer's tent left out in the rain, and of how our support team answered her, is being shared widely.",
  incident_title: "Customer data exposed through the order-tracking page",
  incident_id: "2026-11-21-data-breach",
  severity: "SEV1",
  declared_at: "21 Nov 2026 19:30 UTC",
  now: "21 Nov 2026 20:05 UTC",
  next_update_time: "21 Nov 2026 20:30 UTC",
  lead: "Alexandra Moreno-Whitfield",
  spokesperson: "Alexandra Moreno-Whitfield",
  playbook_title: "Data breach or security incident",
  media_enquiries:
    "- Daily Ledger (Sam Ortiz), asked 21 Nov 2026 19:40 UTC, deadline 21 Nov 2026 21:00 UTC, open: How many customers were affected, and since when?",
  drill: "",
};

/** Clear placeholders for brand facts a team has not configured yet. */
export const PLACEHOLDERS = {
  brand: "[brand name]",
  support_contact: "[support contact]",
  media_contact: "[media contact]",
  hub_url: "[crisis hub link]",
  status_page_url: "[status page link]",
  handles: "[official accounts]",
} as const;

function statusPageUrl(brand: NonNullable<Config["brand"]>, unusable: ReadonlySet<string>): string {
  if (!unusable.has("status-page")) return brand.status_page_url ?? brand.hub_url ?? PLACEHOLDERS.status_page_url;
  // Down: never linked. Without a status page of its own in the config, the variable stands for the hub, another page.
  return brand.status_page_url === undefined ? (brand.hub_url ?? "") : "";
}

/**
 * The template variables that come from config. Channels in `unusable` (taken over or down) are
 * never listed: their handles leave {{handles}} and {{handle_<channel>}}, and a status page that
 * is down empties {{status_page_url}} (so {{#status_page_url}}…{{/status_page_url}} drops the
 * link), unless the variable stands for the hub, a different page.
 */
export function configVariables(config: Config, unusable: ReadonlySet<string> = new Set()): Record<string, string> {
  const brand = config.brand ?? {};
  const handles = Object.entries(brand.handles ?? {}).filter(([channel]) => !unusable.has(channel));
  const vars: Record<string, string> = {
    brand: brand.name ?? PLACEHOLDERS.brand,
    support_contact: brand.support_contact ?? PLACEHOLDERS.support_contact,
    media_contact: brand.media_contact ?? PLACEHOLDERS.media_contact,
    hub_url: brand.hub_url ?? PLACEHOLDERS.hub_url,
    status_page_url: statusPageUrl(brand, unusable),
    handles: brand.handles ? handles.map(([, handle]) => handle).join(", ") : PLACEHOLDERS.handles,
  };
  for (const [channel, handle] of handles) vars[`handle_${channel.replace(/-/g, "_")}`] = handle;
  return vars;
}
