import { describe, expect, test } from "vitest";
import { isKnownLocale, PLAIN_LANGUAGES } from "../../src/core/brand-time.js";

/**
 * isKnownLocale answers the plain languages without asking Intl (core/brand-time.ts says why): it
 * must say what Intl says, for those and for every other tag.
 */
const intlKnows = (tag: string): boolean => {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0;
  } catch {
    return false;
  }
};

describe("isKnownLocale", () => {
  test("the plain languages are ones Intl has data for (Node is built with full ICU)", () => {
    expect(process.config.variables).toMatchObject({ icu_small: false, icu_gyp_path: "tools/icu/icu-generic.gyp" });
    for (const tag of PLAIN_LANGUAGES) expect(intlKnows(tag), tag).toBe(true);
  });

  test("says what Intl says, for the plain languages and for other tags", () => {
    const others = ["da-DK", "en-GB", "xx", "qq", "zz-ZZ", "tlh", "fil", "en-", "", "DA", "de-CH-1996", "x-private"];
    for (const tag of [...PLAIN_LANGUAGES, ...others]) expect(isKnownLocale(tag), tag).toBe(intlKnows(tag));
  });
});
