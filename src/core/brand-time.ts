import { humanUtc } from "./time.js";

/**
 * Times in public messages, in the brand's language and time zone (config brand.locale and
 * brand.timezone), through the platform's Intl APIs: a Danish brand posts "7. december 2026 kl.
 * 06:35", not "7 Dec 2026 05:35 UTC". The journal keeps UTC ISO times and the responder's screens
 * stay in English; only the text the public reads changes. Without either setting the form is the
 * one crisis has always used (humanUtc), so existing drafts and golden files stay as they were.
 */

export interface BrandClock {
  /** A BCP 47 tag Intl knows, e.g. da-DK. */
  locale: string;
  /** An IANA zone, e.g. Europe/Copenhagen; UTC when the config names none. */
  timeZone: string;
  /** Whether the zone came from the config: the audience lives there, so its name is left out. */
  zoned: boolean;
}

interface BrandSettings {
  brand?: { locale?: string | undefined; timezone?: string | undefined } | undefined;
}

/** The brand's clock, or undefined when the config sets neither a language nor a zone other than English and UTC. */
export function brandClock(config: BrandSettings): BrandClock | undefined {
  const locale = config.brand?.locale ?? "en";
  const timeZone = config.brand?.timezone;
  const english = locale.toLowerCase() === "en" || locale.toLowerCase().startsWith("en-");
  if (timeZone === undefined && english) return undefined;
  return { locale, timeZone: timeZone ?? "UTC", zoned: timeZone !== undefined };
}

/** True when Intl knows the IANA zone (Europe/Copenhagen, UTC …). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const known = new Map<string, boolean>();

/**
 * Languages every full-ICU build of Node has data for (official builds are full-ICU), answered
 * without asking Intl: the first question loads ICU's locale data, about 10 ms of
 * `crisis lint <one playbook>` for the bundled Danish variants (issue 15). A Node built with
 * small ICU (English only) is asked as before. test/locale/known-locale.test.ts holds the list to Intl.
 */
export const PLAIN_LANGUAGES: ReadonlySet<string> = new Set(
  "ar cs da de el en es et fi fr he hu is it ja ko lt lv nb nl nn no pl pt ro ru sk sl sv tr uk zh".split(" "),
);
// Node's own full ICU: not small ICU, and not the system's ICU (a distro's Node links its ICU, whose
// locale data may be trimmed, as Alpine's icu-data-en is), nor a build without Intl.
const icu = (globalThis as { process?: { config?: { variables?: { icu_small?: unknown; icu_gyp_path?: unknown } } } })
  .process?.config?.variables;
const fullIcu =
  icu?.icu_small === false && typeof icu.icu_gyp_path === "string" && icu.icu_gyp_path.endsWith("icu-generic.gyp");

/** True when the tag is well-formed BCP 47 and Intl has data for its language on this machine (asked once per tag). */
export function isKnownLocale(tag: string): boolean {
  let ok = known.get(tag);
  if (ok === undefined) {
    if (fullIcu && PLAIN_LANGUAGES.has(tag)) return true;
    try {
      ok = Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0;
    } catch {
      ok = false;
    }
    known.set(tag, ok);
  }
  return ok;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(clock: BrandClock): Intl.DateTimeFormat {
  const key = `${clock.locale}\0${clock.timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    // Bare "en" is written the international way crisis always has (day month year, 24-hour clock);
    // a brand that wants "November 22, 2026 at 12:30 AM" says en-US.
    const locale = clock.locale.toLowerCase() === "en" ? "en-GB" : clock.locale;
    f = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: clock.timeZone });
    formatters.set(key, f);
  }
  return f;
}

/**
 * A time as the brand's audience reads it: the language's long date and short time ("7. december
 * 2026 kl. 06:35", "7 December 2026 at 06:35"). Hours and minutes are always joined by a colon,
 * as brands post them (Danish style guides allow 06.35 too, but next to a date full of periods
 * the colon reads unambiguously as a clock time). Without a configured zone the time is UTC and
 * says so.
 */
export function publicTime(iso: string | Date, config: BrandSettings): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  const clock = brandClock(config);
  if (!clock) return humanUtc(d);
  const parts = formatter(clock).formatToParts(d);
  let out = "";
  parts.forEach((part, i) => {
    const between = part.type === "literal" && parts[i - 1]?.type === "hour" && parts[i + 1]?.type === "minute";
    out += between ? ":" : part.value;
  });
  return clock.zoned ? out : `${out} UTC`;
}

/**
 * A time for the responder's screen: UTC as everywhere else, with the brand's own form beside it
 * when the brand posts in another zone or language, so the promise on screen matches the text.
 */
export function screenTime(iso: string | Date, config: BrandSettings): string {
  const utc = humanUtc(typeof iso === "string" ? new Date(iso) : iso);
  const clock = brandClock(config);
  return clock ? `${utc} (${publicTime(iso, config)} in the message)` : utc;
}

/** The brand zone's offset from UTC in minutes at a moment (60 for Copenhagen in winter); 0 without a zone. */
export function brandOffsetMinutes(config: BrandSettings, at: Date): number {
  const zone = config.brand?.timezone;
  if (zone === undefined) return 0;
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  return Math.round((local - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}
