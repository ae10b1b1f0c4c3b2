import Mustache from "mustache";
import { expect, test } from "vitest";
import { renderMarkdown } from "../../src/core/postmortem/render.js";
import { toView } from "../../src/core/postmortem/view.js";
import { fixtureReport } from "./fixtures.js";
import { wholeTidy } from "./whole-tidy.js";

/**
 * A list section whose body is text and plain names (a table row) is rendered a row at a time as
 * one string (render.ts, renderRow); any other body token by token. Both must write what Mustache
 * writes for the whole view, including names a row does not hold (looked up in the view above)
 * and sections of other kinds beside them.
 */

const TEMPLATE = [
  "# {{title}}",
  "{{#timeline}}",
  "| {{time}} | {{incident_id}} | {{&event}} | {{{actor}}} | {{details}} | {{link}} | {{marker}} |",
  "{{/timeline}}",
  "{{#statements}}",
  "- {{time}} {{channel}}{{#link}} {{link}}{{/link}} {{title}}",
  "{{/statements}}",
  "{{#approvals}}{{what}}: {{outcome}}; {{/approvals}}",
  "{{#roles}}",
  "* {{role_title}} ({{people}}) of {{playbook}}",
  "{{/roles}}",
  "",
].join("\n");

test("rows made as one string read as Mustache renders the whole view", () => {
  const report = fixtureReport("sev1-data-breach");
  expect(report.timeline.length).toBeGreaterThan(5);
  const expected = wholeTidy(
    Mustache.render(TEMPLATE, toView(report), {}, { tags: ["{{", "}}"], escape: (value: unknown) => String(value) }),
  );
  expect(renderMarkdown(report, { file: "custom.md", body: TEMPLATE })).toBe(expected);
});
