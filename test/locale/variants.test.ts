import { describe, expect, it } from "vitest";
import { brandClock, brandOffsetMinutes, publicTime, screenTime } from "../../src/core/brand-time.js";
import { parseConfig } from "../../src/core/config/parse.js";
import { InputError } from "../../src/errors.js";
import type { MessageTemplate } from "../../src/core/templates/parse.js";
import { localizeTemplates, splitVariant, templateLanguage } from "../../src/core/templates/variants.js";
import { lint } from "../lint/helpers.js";

const DK = { brand: { locale: "da-DK", timezone: "Europe/Copenhagen" } };

describe("times in public messages, in the brand's language and zone", () => {
  it("writes a Danish brand's times in Danish, Copenhagen time, with a colon: winter UTC+1, summer UTC+2", () => {
    expect(publicTime("2026-12-07T05:35:00Z", DK)).toBe("7. december 2026 kl. 06:35");
    expect(publicTime("2026-07-01T12:00:00Z", DK)).toBe("1. juli 2026 kl. 14:00");
  });

  it("keeps crisis's own UTC form when the config sets no language or zone (English, UTC)", () => {
    expect(brandClock({})).toBeUndefined();
    expect(publicTime("2026-11-21T20:30:00Z", {})).toBe("21 Nov 2026 20:30 UTC");
    expect(publicTime("2026-11-21T20:30:00Z", { brand: { locale: "en" } })).toBe("21 Nov 2026 20:30 UTC");
  });

  it("says UTC when a language is set without a zone, and drops the zone's name when the zone is the brand's", () => {
    expect(publicTime("2026-12-07T05:35:00Z", { brand: { locale: "da" } })).toBe("7. december 2026 kl. 05:35 UTC");
    expect(publicTime("2026-12-07T05:35:00Z", { brand: { timezone: "America/New_York" } })).toBe(
      "7 December 2026 at 00:35",
    );
    expect(publicTime("2026-12-07T05:35:00Z", { brand: { locale: "en-US", timezone: "America/New_York" } })).toBe(
      "December 7, 2026 at 12:35\u202fAM",
    );
  });

  it("shows the responder both: UTC as every screen does, and the message's form beside it", () => {
    expect(screenTime("2026-12-07T05:35:00Z", DK)).toBe(
      "7 Dec 2026 05:35 UTC (7. december 2026 kl. 06:35 in the message)",
    );
    expect(screenTime("2026-12-07T05:35:00Z", {})).toBe("7 Dec 2026 05:35 UTC");
  });

  it("knows the zone's offset on the day, for reading a time typed into an edited text", () => {
    expect(brandOffsetMinutes(DK, new Date("2026-12-07T05:35:00Z"))).toBe(60);
    expect(brandOffsetMinutes(DK, new Date("2026-07-01T05:35:00Z"))).toBe(120);
    expect(brandOffsetMinutes({}, new Date())).toBe(0);
  });

  it("refuses a zone or language Intl does not know, naming what is expected", () => {
    let problems: readonly { line: number; message: string }[] = [];
    try {
      parseConfig("brand:\n  locale: xx-YY\n  timezone: Europe/Kobenhavn\n", "crisis.config.yaml");
    } catch (error) {
      if (error instanceof InputError) problems = error.problems;
    }
    const messages = problems.map((p) => `${p.line}:${p.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^2:.*expected a language tag Intl knows, such as en, da or da-DK/),
      expect.stringMatching(/^3:.*expected an IANA time zone such as Europe\/Copenhagen/),
    ]);
    expect(parseConfig("brand:\n  locale: da-DK\n  timezone: Europe/Copenhagen\n", "c.yaml").brand?.timezone).toBe(
      "Europe/Copenhagen",
    );
  });
});

function template(id: string, body: string, meta: Partial<MessageTemplate["meta"]> = {}): MessageTemplate {
  return {
    id,
    file: `templates/messages/${id}.txt`,
    meta: { title: "Holding statement", kind: "holding", audience: "public", ...meta },
    body,
    bodyLine: 6,
    source: "bundled",
  };
}

describe("templates per language", () => {
  const set = {
    problems: [],
    templates: new Map([
      ["x/holding", template("x/holding", "We are on it.")],
      ["x/holding.da", template("x/holding.da", "Vi er i gang.", { language: "da" })],
      ["x/holding.de-AT", template("x/holding.de-AT", "Wir sind dran (AT).")],
      ["x/update", template("x/update", "Update.")],
      ["x/update.bad", template("x/update.bad", "A template of its own.")],
    ]),
  };

  it("names a variant by a language tag Intl knows before .txt", () => {
    expect(splitVariant("x/holding.da")).toEqual({ base: "x/holding", language: "da" });
    expect(splitVariant("x/holding.da-DK")).toEqual({ base: "x/holding", language: "da-DK" });
    expect(splitVariant("x/update.bad")).toEqual({ base: "x/update.bad", language: undefined });
  });

  it("drafts from the brand's language under the playbook's template id, most specific tag first", () => {
    const da = localizeTemplates(set, "da-DK");
    expect(da.templates.get("x/holding")).toMatchObject({
      id: "x/holding",
      body: "Vi er i gang.",
      file: "templates/messages/x/holding.da.txt",
    });
    expect(localizeTemplates(set, "de-AT").templates.get("x/holding")?.body).toBe("Wir sind dran (AT).");
    expect(localizeTemplates(set, "de-AT").templates.get("x/holding")?.meta.language).toBe("de-at");
    expect([...da.templates.keys()]).toEqual(["x/holding", "x/update", "x/update.bad"]);
  });

  it("falls back to the default-language template where there is no variant, or no brand language", () => {
    expect(localizeTemplates(set, "da").templates.get("x/update")?.body).toBe("Update.");
    expect(localizeTemplates(set, "sv").templates.get("x/holding")?.body).toBe("We are on it.");
    expect(localizeTemplates(set, undefined).templates.get("x/holding")?.body).toBe("We are on it.");
  });

  it("reads a template's language from itself, else English for bundled ones, else the brand's", () => {
    expect(templateLanguage(template("a", "x"), DK)).toBe("en");
    expect(templateLanguage({ ...template("a", "x"), source: "local" }, DK)).toBe("da-DK");
    expect(templateLanguage(template("a", "x", { language: "da" }), {})).toBe("da");
  });
});

describe("crisis lint checks language variants like any template", () => {
  const base = (body: string) => `---\ntitle: Holding\nkind: holding\naudience: public\n---\n${body}\n`;
  const variant = (body: string, meta = "") =>
    `---\ntitle: Holding\nkind: holding\naudience: public\nlanguage: da\n${meta}---\n${body}\n`;
  const playbook = `id: pb
title: Playbook
summary: One message.
version: 1.0.0
crisis_type: other
owner: Team
last_reviewed: 2026-11-01
extends: base
posture: { default: diminish, cluster: accidental, why: Fixture. }
steps:
  - extend: acknowledge
    messages:
      - template: t/holding
        channels: [sms]
`;
  const run = (files: Record<string, string>, config = {}) =>
    lint(
      Object.entries(files).map(([path, text]) => ({ path, text })),
      { config },
    ).findings.map((f) => `${f.file.split("/").slice(-2).join("/")}:${f.line} ${f.rule}: ${f.message}`);

  it("a variant without the default-language template beside it, with other variables, or another kind", () => {
    const found = run({
      "templates/messages/t/holding.da.txt": variant(
        "Vi ved det, {{brand}}. Næste opdatering senest {{next_update_time}} {{extra}}.",
      ),
      "templates/messages/u/alone.da.txt": variant("Alene. Næste opdatering senest {{next_update_time}}."),
      "templates/messages/t/holding.txt": base(
        "We know, {{brand}}. Next update by {{next_update_time}} at {{hub_url}}.",
      ),
    }).filter((f) => f.includes("variant-mismatch"));
    expect(found).toEqual([
      expect.stringMatching(
        /^t\/holding.da.txt:7 vars\/variant-mismatch: leaves out \{\{hub_url\}\}, which t\/holding says/,
      ),
      expect.stringMatching(/^t\/holding.da.txt:7 vars\/variant-mismatch: \{\{extra\}\} is not in t\/holding/),
      expect.stringMatching(
        /^u\/alone.da.txt:1 vars\/variant-mismatch: language variant u\/alone.da has no template u\/alone beside it/,
      ),
    ]);
  });

  it("checks a variant's length on each channel the playbook sends the message to, and its Danish wording", () => {
    const long = "Vi beklager, hvis nogen føler sig stødt. " + "Meget lang tekst. ".repeat(10);
    const found = run(
      {
        "playbooks/pb.yaml": playbook,
        "templates/messages/t/holding.txt": base("We know. Next update by {{next_update_time}}."),
        "templates/messages/t/holding.da.txt": variant(`${long}Næste opdatering senest {{next_update_time}}.`),
      },
      { brand: { locale: "da-DK", timezone: "Europe/Copenhagen" } },
    );
    expect(found.some((f) => /^t\/holding.da.txt:7 channel\/(fixed-text-)?too-long: .*SMS/.test(f))).toBe(true);
    expect(found.some((f) => /^t\/holding.da.txt:7 hygiene\/non-apology/.test(f))).toBe(true);
    expect(found.filter((f) => f.startsWith("t/holding.txt"))).toEqual([]);
  });
});
