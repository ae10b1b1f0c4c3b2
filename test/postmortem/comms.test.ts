import { describe, expect, test } from "vitest";
import { renderMarkdown } from "../../src/core/postmortem/render.js";
import { buildReport } from "../../src/core/postmortem/report.js";
import { findTemplate } from "../../src/services/postmortem/template.js";
import { commsJournal, fixtureOptions, lintMarkdown } from "./fixtures.js";

/** The sections a communications director reviews, each computed from the journal. */

const report = buildReport(commsJournal(), fixtureOptions("sev1-data-breach"));
const text = renderMarkdown(report, findTemplate(report.form));
const section = (heading: string) => {
  const start = text.indexOf(heading);
  return text.slice(start, text.indexOf("\n#", start + heading.length));
};

describe("comms-grade sections", () => {
  test("the messaging review holds each public statement to the posture: a rebuild holding statement must apologise", () => {
    const review = section("### Messaging review");
    expect(review).toMatch(
      /\| 2026-03-04 14:35 UTC \| data-breach\/holding-statement \\\(holding\\\) \| x \| \*\*missing: the posture is rebuild, and this holding statement does not apologise\*\* \|.*\| \*\*review\*\* \|/,
    );
    expect(review).toMatch(
      /data-breach\/update \\\(update\\\) \| x \| not needed in an update \|.*\| yes, for 2026-03-04 15:35 UTC \| x: fits \\\(111 of 280\\\) \| ok \|/,
    );
    expect(report.comms.messaging.map((m) => m.verdict)).toEqual([
      "review",
      "review",
      "ok",
      "ok",
      "ok",
      "ok",
      "ok",
      "review",
    ]);
  });

  test("media enquiries as they stand, answered before the deadline or still open; the spokesperson on the record", () => {
    expect(report.comms.media).toEqual([
      {
        outlet: "Daily Ledger",
        reporter: "Sam Ortiz",
        question: "How many customers were affected?",
        asked_at: "2026-03-04T14:50:00.000Z",
        deadline: "2026-03-04T16:00:00.000Z",
        status: "answered",
        response: "About 18,000; no card data",
        answered: "at 2026-03-04 15:20 UTC, before the deadline",
      },
      {
        outlet: "@techwatch",
        question: "Was the export link shared by an employee?",
        asked_at: "2026-03-04T16:00:00.000Z",
        status: "open",
      },
    ]);
    expect(section("### Media and enquiries")).toContain(
      "| 2026-03-04 16:30 UTC | J. Park | Radio Today | interview | Apologised and named the fix |",
    );
  });

  test("stakeholders informed and when: the internal messages and the logged notices, in time order", () => {
    expect(report.comms.stakeholders.map((s) => [s.at, s.who, s.how])).toEqual([
      ["2026-03-04T14:36:30.000Z", "staff (internal message)", "internal-chat"],
      ["2026-03-04T15:10:00.000Z", "Data protection authority", "portal"],
    ]);
  });

  test("audience response after each statement, from the check-ins around it", () => {
    expect(report.comms.audience[0]).toEqual({
      at: "2026-03-04T14:35:05.000Z",
      template: "data-breach/holding-statement",
      before: "420 mentions/h, 48% negative at 2026-03-04 14:16 UTC",
      after: "1,240 mentions/h, 61% negative at 2026-03-04 14:40 UTC",
      change: "mentions +195.2%, negative share +13 points in 4 min 55 s",
    });
  });

  test("trigger, root cause, five whys, resolution, business impact and evidence", () => {
    expect(section("## Trigger and root cause")).toContain("- A researcher posted the export link on a forum");
    expect(section("### Five whys")).toContain(
      "1. The link was public because exports had no expiry\n2. Exports had no expiry because the tool predates the policy",
    );
    expect(section("## Resolution")).toContain("- Every export link was revoked and expiry added");
    expect(section("### Business impact")).toContain("| Customers affected | 18,000 |");
    expect(section("### Evidence")).toContain(
      "- 2026-03-04 14:45 UTC, Ana Ruiz: The first thread, archived: <https://archive.example/thread-1>",
    );
  });

  test("the document passes markdownlint", { tags: ["slow"] }, () => {
    expect(lintMarkdown(text)).toEqual([]);
  });
});
