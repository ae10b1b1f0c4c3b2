import path from "node:path";
import { describe, expect, test } from "vitest";
import type { JournalEvent } from "../../src/core/journal/events.js";
import { CSP, postmortemHtml } from "../../src/core/postmortem/html/page.js";
import { chartSvg, parseChart } from "../../src/core/postmortem/html/svg-charts.js";
import { buildReport } from "../../src/core/postmortem/report.js";
import { renderMarkdown } from "../../src/core/postmortem/render.js";
import { findTemplate } from "../../src/services/postmortem/template.js";
import { fixtureReport, GOLDEN, type FixtureName } from "./fixtures.js";

/**
 * The HTML post-mortem is the markdown one made into a page: the same sections, the mermaid charts
 * drawn as inline SVG, nothing that runs or loads. The golden file shows its structure; the
 * headless-browser test (html-browser.test.ts) shows it renders.
 */

const markdownOf = (report: ReturnType<typeof buildReport>) => renderMarkdown(report, findTemplate(report.form));
const html = (name: FixtureName) => postmortemHtml(markdownOf(fixtureReport(name)));

/** The page's outline: headings, figures and tables in order, one line each. */
function outline(page: string): string {
  const out: string[] = [];
  for (const m of page.matchAll(/<(h[1-3])>(.*?)<\/h[1-3]>|<svg[^>]*data-chart="(\w+)"|<table>/g)) {
    if (m[1]) out.push(`${"#".repeat(Number(m[1].slice(1)))} ${m[2]?.replace(/<[^>]*>/g, "")}`);
    else if (m[3]) out.push(`[chart: ${m[3]}]`);
    else out.push("[table]");
  }
  return `${out.join("\n")}\n`;
}

describe("crisis postmortem --format html", () => {
  test("the SEV1 page matches its golden file, and its outline the markdown's sections", async () => {
    const page = html("sev1-data-breach");
    await expect(page).toMatchFileSnapshot(path.join(GOLDEN, "sev1-data-breach.html"));
    await expect(outline(page)).toMatchFileSnapshot(path.join(GOLDEN, "sev1-data-breach.html-outline.txt"));
    const headings = [...markdownOf(fixtureReport("sev1-data-breach")).matchAll(/^#{1,3} (.*)$/gm)].length;
    expect(
      outline(page)
        .split("\n")
        .filter((l) => l.startsWith("#")),
    ).toHaveLength(headings);
  });

  test("every mermaid chart is drawn as SVG, with the markdown's numbers", () => {
    const report = fixtureReport("sev1-data-breach");
    const page = html("sev1-data-breach");
    expect(page).not.toContain("language-mermaid");
    expect([...page.matchAll(/data-chart="(\w+)"/g)].map((m) => m[1])).toEqual(["phases", "mentions", "negative"]);
    const mentions = parseChart(report.charts.mentions ?? "");
    expect(mentions?.kind).toBe("line");
    const points = /class="series" points="([^"]*)"/
      .exec(chartSvg(report.charts.mentions ?? "") ?? "")?.[1]
      ?.split(" ");
    expect(points).toHaveLength(mentions?.kind === "line" ? (mentions.lines[0]?.length ?? -1) : -1);
    // Bars for every step run in the gantt chart, diamonds for its milestones.
    const gantt = report.charts.phases ?? "";
    expect((page.match(/class="bar"/g) ?? []).length).toBe((gantt.match(/ :p\d+, /g) ?? []).length);
    expect((page.match(/class="milestone"/g) ?? []).length).toBe((gantt.match(/:milestone,/g) ?? []).length);
  });

  test("the page is self-contained: a policy that forbids scripts and loads, no script, no remote resource", () => {
    const page = html("sev1-data-breach");
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="${CSP}">`);
    expect(CSP).toContain("default-src 'none'");
    expect(page).not.toMatch(/<script|<link|<img|<iframe|<object|@import|url\(/i);
    expect(page).toContain("@media print");
  });

  test("a light-form incident without check-ins says so and still has its phases", () => {
    const page = html("missing-events");
    expect(page).toMatch(/<h1>Post-mortem/);
    expect(page).not.toContain("language-mermaid");
  });

  test("hostile answers stay text: no tag, attribute or link target of theirs survives", () => {
    let seq = 0;
    const ev = (type: string, data: object, actor = "Ana Ruiz"): JournalEvent =>
      ({
        v: 1,
        seq: seq++,
        at: "2026-04-01T10:00:00Z",
        logged_at: "2026-04-01T10:00:00Z",
        actor,
        type,
        data,
      }) as JournalEvent;
    const hostile =
      "<script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1)) </title><style>*{}</style>";
    const report = buildReport([
      ev("incident_opened", {
        incident_id: "x",
        title: hostile,
        playbook: { id: "p", version: "1.0.0", title: "P", crisis_type: "other" },
        drill: false,
      }),
      ev("declared", { severity: "SEV1" }),
      ev("role_assigned", { role: "lead", person: '<b onmouseover="x">Ana</b>' }, '<b onmouseover="x">Ana</b>'),
      ev("decision", {
        what: hostile,
        why: "```\n</code></pre><script>x</script>",
        alternatives: "<iframe src=//evil>",
      }),
      ev("note", { text: `TODO: ${hostile}` }),
      ev("metric_snapshot", { mentions_per_hour: 10, negative_share: 50 }),
      ev("metric_snapshot", { mentions_per_hour: 30, negative_share: 70 }),
    ]);
    const page = postmortemHtml(markdownOf(report));
    const tags = [...page.matchAll(/<([a-z][a-z0-9]*)\b([^>]*)>/gi)];
    const names = new Set(tags.map((t) => t[1]?.toLowerCase()));
    for (const bad of ["script", "img", "iframe", "b", "object", "embed", "link"]) expect(names).not.toContain(bad);
    expect(names).toContain("style"); // the page's own, in the head, once
    expect(page.match(/<style>/g)).toHaveLength(1);
    for (const t of tags) {
      expect(t[2]).not.toMatch(/\son\w+\s*=/i);
      expect(t[2]).not.toMatch(/href="(?!https?:|mailto:|#|[\w.-]+(?:\.\w+)?")/i);
    }
    expect(/<title>([^<]*)<\/title>/.exec(page)?.[1]).toContain("&lt;/title&gt;");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  test("a chart source it does not know stays a code block", () => {
    expect(chartSvg("pie\n  title x")).toBeUndefined();
    expect(chartSvg('xychart-beta\n  x-axis ["a"]\n  y-axis "y" 0 --> 10\n  line [1, 2]')).toBeUndefined();
    expect(postmortemHtml("# T\n\n```mermaid\npie\n```\n")).toContain('<code class="language-mermaid">pie');
  });
});
