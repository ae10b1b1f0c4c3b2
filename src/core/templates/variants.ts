import { isKnownLocale } from "../brand-time.js";
import type { Config } from "../config/schema.js";
import type { MessageTemplate, TemplateSet } from "./parse.js";

/**
 * Templates per language. A language variant sits beside the template in the default language,
 * named with the language tag before the extension: `holding-statement.da.txt` (or `.da-DK.txt`)
 * beside `holding-statement.txt`. Its id is the base id with the tag (`misconduct/holding-statement.da`),
 * so crisis lint and crisis preapprove see it as a template of its own; playbooks name only the base
 * id, and the runner drafts from the variant in the brand's language (config brand.locale), falling
 * back to the base template when there is none.
 */

const VARIANT = /^(.+)\.([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)$/;

/** A template id split into the base id and the language tag of a variant (undefined for a base template). */
export function splitVariant(id: string): { base: string; language: string | undefined } {
  const m = VARIANT.exec(id);
  // Only a language Intl knows: holding.bad.txt or update.old.txt are templates of their own.
  return m && isKnownLocale(m[2]!) ? { base: m[1]!, language: m[2]! } : { base: id, language: undefined };
}

/** "da" for da-DK. */
export const primaryTag = (tag: string | undefined): string | undefined => tag?.split("-")[0]?.toLowerCase();

/**
 * The language a template is written in: its own `language:` (variants get their tag), else
 * English for the bundled templates, else the brand's (a team writes its own templates in it).
 */
export function templateLanguage(template: MessageTemplate, config: Config): string {
  return template.meta.language ?? (template.source === "bundled" ? "en" : (config.brand?.locale ?? "en"));
}

/** The config with another language for the brand's times (the zone stays). */
export function withLanguage(config: Config, locale: string): Config {
  return config.brand?.locale === locale ? config : { ...config, brand: { ...config.brand, locale } };
}

/** "da-DK" → ["da-dk", "da"]: the tags a variant may carry for a locale, most specific first. */
function candidates(locale: string): string[] {
  const parts = locale.toLowerCase().split("-");
  return parts.map((_, i) => parts.slice(0, parts.length - i).join("-"));
}

/** The template for a locale: the most specific variant, else the base template itself. */
function pickVariant(
  base: MessageTemplate,
  variants: ReadonlyMap<string, MessageTemplate>,
  locale: string | undefined,
): MessageTemplate {
  if (locale === undefined) return base;
  for (const tag of candidates(locale)) {
    const variant = variants.get(tag);
    if (variant)
      return { ...variant, id: base.id, meta: { ...variant.meta, language: variant.meta.language ?? tag } };
  }
  return base;
}

/**
 * The templates as the runner drafts from them in a language: each base id maps to its variant
 * in that language (under the base id, so the journal, the log and the post-mortem name it as the
 * playbook does), or to itself. Variants are not listed on their own.
 */
export function localizeTemplates(set: TemplateSet, locale: string | undefined): TemplateSet {
  const bases = new Map<string, MessageTemplate>();
  const variants = new Map<string, Map<string, MessageTemplate>>();
  for (const [id, template] of set.templates) {
    const v = splitVariant(id);
    if (v.language === undefined) {
      bases.set(id, template);
      continue;
    }
    const forBase = variants.get(v.base) ?? new Map<string, MessageTemplate>();
    forBase.set(v.language.toLowerCase(), template);
    variants.set(v.base, forBase);
  }
  const templates = new Map<string, MessageTemplate>();
  for (const [id, base] of bases) templates.set(id, pickVariant(base, variants.get(id) ?? new Map(), locale));
  return { templates, problems: set.problems };
}
