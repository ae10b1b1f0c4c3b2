import path from "node:path";
import { describe, expect, test } from "vitest";
import { renderMarkdown } from "../../src/core/postmortem/render.js";
import { findTemplate } from "../../src/services/postmortem/template.js";
import { FIXTURE_NAMES, fixtureReport, GOLDEN, lintMarkdown } from "./fixtures.js";

/**
 * Golden files: the post-mortem of each fixture journal, as markdown and as JSON. A change to the
 * output shows up as a diff of these files; the numbers in them are checked by hand in
 * metrics.test.ts.
 */

const markdown = (name: (typeof FIXTURE_NAMES)[number]) => {
  const report = fixtureReport(name);
  return renderMarkdown(report, findTemplate(report.form));
};

describe.each(FIXTURE_NAMES)("%s", (name) => {
  test("markdown matches the golden file", async () => {
    await expect(markdown(name)).toMatchFileSnapshot(path.join(GOLDEN, `${name}.md`));
  });

  test("JSON matches the golden file", async () => {
    await expect(`${JSON.stringify(fixtureReport(name), null, 2)}\n`).toMatchFileSnapshot(
      path.join(GOLDEN, `${name}.json`),
    );
  });

  test("regenerating gives byte-identical output", () => {
    expect(markdown(name)).toBe(markdown(name));
    expect(JSON.stringify(fixtureReport(name))).toBe(JSON.stringify(fixtureReport(name)));
  });

  test("the markdown passes markdownlint (line length aside)", { tags: ["slow"] }, () => {
    expect(lintMarkdown(markdown(name))).toEqual([]);
  });
});

test("the SEV3 complaint gets the light form, the others the full one", () => {
  expect(markdown("sev3-complaint")).not.toContain("## Response");
  expect(markdown("sev3-complaint")).toContain("## Lessons learned");
  expect(markdown("sev1-data-breach")).toContain("## Response");
  expect(markdown("sev1-data-breach")).toContain("### Approvals");
});

test("milestones are marked in the timeline", () => {
  const text = markdown("sev1-data-breach");
  for (const marker of [
    "IMPACT BEGAN",
    "DETECTED",
    "DECLARED",
    "CONTENT PAUSED",
    "FIRST PUBLIC RESPONSE",
    "MITIGATED",
    "IMPACT ENDED",
    "RESOLVED",
  ]) {
    expect(text).toMatch(new RegExp(`^\\| 2026-03-04 \\d\\d:\\d\\d:\\d\\d \\| \\*\\*${marker}\\*\\*`, "m"));
  }
});

test("without check-ins there is no chart, and the post-mortem says so", () => {
  const text = markdown("missed-updates");
  expect(text).toContain("No check-ins recorded.");
  expect(text).not.toContain("xychart-beta");
});
