import { describe, expect, test } from "vitest";
import { lintText } from "./helpers.js";

/**
 * The wording rules on real sentences: non-apologies, fix-time promises and "no comment" as
 * brands have published them (worded every which way, in English and Danish), and sentences of
 * the same shape that are fine and must not be flagged.
 */

function findings(body: string, options: { language?: string; locale?: string; kind?: string } = {}) {
  const meta = [
    "---",
    "title: Corpus sentence",
    `kind: ${options.kind ?? "update"}`,
    "audience: public",
    ...(options.language ? [`language: ${options.language}`] : []),
    "---",
  ].join("\n");
  const text = `${meta}\n${body} Next update by {{next_update_time}}.\n`;
  const result = lintText("templates/messages/corpus/sentence.txt", text, {
    config: options.locale ? { brand: { locale: options.locale } } : {},
  });
  return result.findings.filter((f) => f.rule.startsWith("hygiene/")).map((f) => f.rule);
}

const NON_APOLOGIES_EN = [
  "We're sorry if anyone was offended by our post.",
  "Sorry if some of you were offended.",
  "We apologise if our tweet upset anyone.",
  "We apologise for any frustration.",
  "We regret any confusion this may have caused.",
  "We apologize for any inconvenience caused.",
  "Apologies for the inconvenience.",
  "Any inconvenience caused, we apologise for.",
  "We're sorry you feel that way.",
  "We are sorry that some customers felt let down.",
  "Mistakes were made.",
  "Errors have been made in how this was handled.",
  "To anyone who was offended, we hear you.",
  "If our post hurt anyone, that was never our intention.",
  "We regret that you feel misled.",
  "We sincerely apologise for any upset this might have caused.",
  "If anybody took offence, we are sorry.",
  "We're sorry if this caused any problems.",
];

const ETAS_EN = [
  "The site will be back online within two hours.",
  "We expect this to be fixed within the hour.",
  "Everything should be sorted by tonight.",
  "Service will be restored by 5pm.",
  "Our ETA for a fix is 18:00.",
  "We anticipate a full resolution shortly.",
  "Within 30 minutes, checkout will be working again.",
  "The app should be up and running again later today.",
  "We hope to have this fixed by tomorrow morning.",
  "Payments will be fully operational again in a couple of hours.",
  "We'll have it resolved in {{fix_window}}.",
];

const NO_COMMENT_EN = ["No comment.", "We decline to comment on this.", "We have no comment at this time."];

const ACCEPTABLE_EN = [
  "We're sorry you found out about this from the press.",
  "We'll post an update here by {{next_update_time}}.",
  "We are sorry. We sent the wrong email to 4,000 customers and we should have checked it.",
  "We apologise for the outage that stopped checkout on Tuesday.",
  "We're sorry we let you down.",
  "We made a mistake, and we are fixing it.",
  "We are sorry for the confusion our email caused.",
  "If you were charged twice, we will refund you automatically.",
  "If you are affected, reset your password now.",
  "Service was restored today at 09:00.",
  "The fix has been live since 14:05.",
  "We restored access at 10:30 and are watching closely.",
  "Once service is restored, we'll confirm it here by {{next_update_time}}.",
  "We're working to restore service as quickly as we safely can.",
  "We will share more within the hour, and we'll keep working until payments are fixed.",
  "We apologise to everyone who was affected.",
  "Contact us if you are worried about your account.",
  "We expect more questions today, and our support team has extra staff.",
  "Our team is investigating and will update you within 30 minutes.",
  "We cannot share details of individual accounts, for your privacy.",
];

const NON_APOLOGIES_DA = [
  "Vi beklager, hvis nogen føler sig stødt.",
  "Vi beklager eventuelle gener.",
  "Vi beklager de gener, det måtte have medført.",
  "Vi undskylder, hvis I er blevet skuffede.",
  "Der er begået fejl.",
  "Vi beklager, at du føler det sådan.",
  "Vi beklager ulejligheden.",
];

const ETAS_DA = [
  "Problemet bliver løst inden kl. 17.",
  "Vi forventer, at siden er oppe igen inden for to timer.",
  "Betalinger virker igen i løbet af eftermiddagen.",
  "Appen er tilbage til normal i aften.",
];

const ACCEPTABLE_DA = [
  "Vi giver en ny opdatering her senest kl. 17.",
  "Vi beklager, at vi sendte den forkerte mail.",
  "Vi har begået en fejl, og vi retter den nu.",
  "Vi undskylder over for alle, der blev ramt.",
  "Siden blev genoprettet i dag kl. 9.",
  "Vi arbejder på at løse problemet så hurtigt som muligt.",
  "Hvis du er blevet trukket to gange, får du pengene tilbage.",
];

describe("non-apologies, fix-time promises and no comment, in English", () => {
  test.each(NON_APOLOGIES_EN)("non-apology: %s", (s) => {
    expect(findings(s, { kind: "apology" })).toContain("hygiene/non-apology");
  });
  test.each(ETAS_EN)("fix-time promise: %s", (s) => {
    expect(findings(s)).toContain("hygiene/eta-promise");
  });
  test.each(NO_COMMENT_EN)("no comment: %s", (s) => {
    expect(findings(s)).toContain("hygiene/no-comment");
  });
  test.each(ACCEPTABLE_EN)("acceptable: %s", (s) => {
    expect(findings(s, { kind: "apology" })).toEqual([]);
  });
});

describe("the message's language: the template's language:, or the brand's locale", () => {
  test.each(NON_APOLOGIES_DA)("ikke-undskyldning: %s", (s) => {
    expect(findings(s, { kind: "apology", language: "da" })).toContain("hygiene/non-apology");
  });
  test.each(ETAS_DA)("løfte om rettetid: %s", (s) => {
    expect(findings(s, { locale: "da-DK" })).toContain("hygiene/eta-promise");
  });
  test.each(ACCEPTABLE_DA)("acceptabelt: %s", (s) => {
    expect(findings(s, { kind: "apology", language: "da" })).toEqual([]);
  });

  test("Danish text is judged by Danish phrases: the issue's example gives three findings", () => {
    const s = "Ingen kommentarer. Vi beklager, hvis nogen føler sig stødt. Det er løst inden kl. 17.";
    expect(findings(s, { locale: "da" }).sort()).toEqual([
      "hygiene/eta-promise",
      "hygiene/no-comment",
      "hygiene/non-apology",
    ]);
  });

  test("a template's language: wins over the brand's locale", () => {
    expect(findings("Vi beklager eventuelle gener.", { locale: "en", language: "da" })).toContain(
      "hygiene/non-apology",
    );
    expect(findings("We apologise for any frustration.", { locale: "da", language: "en" })).toContain(
      "hygiene/non-apology",
    );
  });

  test("the team adds phrases in crisis.config.yaml, and allows wording the bundled phrases flag", () => {
    const meta = "---\ntitle: T\nkind: apology\naudience: public\nlanguage: de\n---\n";
    const body = "Wir bedauern etwaige Unannehmlichkeiten. Next update by {{next_update_time}}.\n";
    const config = { lint: { phrases: { de: { non_apology: ["bedauern & etwaige unannehmlichkeit*"] } } } };
    const got = lintText("templates/messages/x/de.txt", meta + body, { config });
    expect(got.findings.map((f) => f.rule)).toEqual(["hygiene/non-apology"]);
    const allowed = lintText(
      "templates/messages/x/en.txt",
      "---\ntitle: T\nkind: apology\naudience: public\n---\nWe apologise for the inconvenience of the new login. Next update by {{next_update_time}}.\n",
      {
        config: { lint: { phrases: { en: { allow: ["inconvenience of the new login"] } } } },
      },
    );
    expect(allowed.findings).toEqual([]);
  });
});
