import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { JournalEvent } from "../../src/core/journal/events.js";
import { buildReport } from "../../src/core/postmortem/report.js";
import { renderMarkdown } from "../../src/core/postmortem/render.js";
import { findTemplate } from "../../src/services/postmortem/template.js";
import { inlineText, mdLink } from "../../src/core/postmortem/view.js";
import { mdInline } from "../../src/core/templates/markdown.js";
import { lintMarkdown } from "./fixtures.js";

/** Text from answers must read as the literal text it is: it cannot add structure to the post-mortem. */

let seq = 0;
const ev = (at: string, type: string, data: object, actor = "Ana Ruiz"): JournalEvent =>
  ({ v: 1, seq: seq++, at: `2026-04-01T${at}Z`, logged_at: `2026-04-01T${at}Z`, actor, type, data }) as JournalEvent;

const HOSTILE =
  "# Owned\n| a | b |\n<script>alert(1)</script> **bold** [link](https://evil.example) `code` \u001b[31mred";

function hostileJournal(): JournalEvent[] {
  seq = 0;
  return [
    ev("10:00:00", "incident_opened", {
      incident_id: "x",
      title: HOSTILE,
      playbook: { id: "p", version: "1.0.0", title: "P | Q", crisis_type: "other" },
      drill: false,
    }),
    ev("10:00:00", "declared", { severity: "SEV1" }),
    ev("10:00:01", "role_assigned", { role: "lead", person: "<b>Ana</b> | Ruiz" }, "<b>Ana</b> | Ruiz"),
    ev("10:01:00", "answer", { step: "declare", prompt: "origin_url", value: "javascript:alert(1)" }),
    ev("10:02:00", "answer", {
      step: "identify",
      prompt: "confirmed_facts",
      value: `${HOSTILE}\n\n\n- not a list\n1. not a list either`,
    }),
    ev("10:03:00", "decision", {
      what: "Say | nothing",
      why: "## because\n```",
      alternatives: "<img src=x onerror=alert(1)>",
    }),
    ev("10:04:00", "note", { text: "TODO: `escape` the | pipes ||" }),
    ev("10:05:00", "draft_created", {
      step: "a",
      template: "t/a",
      channel: "x",
      text: "```\n# not a heading\n```\n\n\n\nend",
      hash: "h1",
      revision: 1,
      edited: false,
    }),
    ev("10:06:00", "published", {
      hash: "h1",
      channel: "x|y",
      template: "t/a",
      url: "https://x.example/a|b?c=<d>&e=`f`",
      audience: "public",
      next_update_due: null,
    }),
    ev("10:07:00", "retro_item", { section: "went_wrong", text: HOSTILE }),
    ev("10:07:00", "action_item", { action: "| Fix | it |", kind: "prevent", owner: "*Ana*", due: "2026-05-01" }),
  ];
}

const outsideFences = (text: string): string[] => {
  const out: string[] = [];
  let inFence: string | undefined;
  for (const line of text.split("\n")) {
    const fence = /^(`{3,})/.exec(line)?.[1];
    if (inFence) {
      if (fence && fence.length >= inFence.length && line.trim() === fence) inFence = undefined;
      continue;
    }
    if (fence) inFence = fence;
    else out.push(line);
  }
  return out;
};

describe("text from the journal in the markdown", () => {
  const report = buildReport(hostileJournal());
  const text = renderMarkdown(report, findTemplate(report.form));
  const lines = outsideFences(text);

  test("adds no headings, HTML, links or escape sequences", () => {
    const headings = lines.filter((l) => l.startsWith("#"));
    expect(headings[0]).toMatch(/^# Post-mortem: \\# Owned \\\| a \\\| b \\\| &lt;script&gt;/);
    expect(headings.every((h) => !h.includes("Owned") || h.startsWith("# Post-mortem"))).toBe(true);
    expect(text).not.toContain("<script>");
    expect(text).not.toContain("<img");
    expect(text).not.toContain("<b>");
    expect(text).not.toContain("](https://evil.example)");
    expect(text).not.toContain("\u001b");
    expect(text).toContain("␛\\[31mred");
    expect(text).not.toContain("<javascript:");
    expect(text).toContain("- Where it started: not recorded".replace("not recorded", "javascript:alert\\(1\\)"));
  });

  test("keeps every table row at its header's number of cells", () => {
    let columns: number | undefined;
    for (const line of lines) {
      if (!line.startsWith("|")) {
        columns = undefined;
        continue;
      }
      const cells = line.replace(/\\\|/g, "").split("|").length;
      columns ??= cells;
      expect(cells, line).toBe(columns);
    }
  });

  test("fences a statement's text with a fence longer than any inside it, and stays lint-clean", () => {
    expect(text).toContain("````text\n```\n# not a heading\n```");
    expect(text).toContain("<https://x.example/a%7Cb?c=%3Cd%3E&e=%60f%60>");
    expect(lintMarkdown(text)).toEqual([]);
  });
});

test("the plain-text shortcut returns exactly what mdInline would", { tags: ["slow"] }, () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => {
      if (s.trim() === "" || s.includes("://")) return;
      expect(inlineText(s)).toBe(mdInline(s));
    }),
    { numRuns: 3000 },
  );
  for (const s of [
    "Ana Ruiz",
    "1. first",
    "- dash",
    "= eq",
    " lead",
    "trail ",
    "a&b",
    "50% negative",
    "x: data-breach/update",
  ])
    expect(inlineText(s)).toBe(mdInline(s));
});

test("a bare web address in an answer becomes an autolink; the rest stays literal", () => {
  expect(
    inlineText("See https://status.acme.example/88. Then [x](https://evil.example) and http://a.example/_b_"),
  ).toBe(
    // Trailing punctuation (here the last underscore) stays outside the link, as on GitHub.
    "See <https://status.acme.example/88>. Then \\[x\\]\\(<https://evil.example/>\\) and <http://a.example/_b>\\_",
  );
  expect(inlineText("javascript://alert(1) stays text")).toBe(mdInline("javascript://alert(1) stays text"));
  expect(inlineText("\uE0000\uE001 https://a.example")).toBe("\uFFFD0\uFFFD <https://a.example/>");
});

test("only http and https links become autolinks", () => {
  expect(mdLink("https://a.example/x y")).toBe("<https://a.example/x%20y>");
  expect(mdLink("mailto:press@acme.example")).toBe(mdInline("mailto:press@acme.example"));
  expect(mdLink("not a url")).toBe("not a url");
  expect(mdLink(undefined)).toBe("");
});
