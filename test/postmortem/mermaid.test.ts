import { JSDOM } from "jsdom";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { JournalEvent } from "../../src/core/journal/events.js";
import { MAX_POINTS } from "../../src/core/postmortem/charts.js";
import { buildReport } from "../../src/core/postmortem/report.js";
import { renderMarkdown } from "../../src/core/postmortem/render.js";
import { findTemplate } from "../../src/services/postmortem/template.js";
import { FIXTURE_NAMES, fixtureReport } from "./fixtures.js";

/**
 * The charts are checked by mermaid itself: its own parser (mermaid.parse) and then its own
 * diagram model (the gantt's computed tasks, the xychart's parsed data), so a chart that parses
 * but would not draw (a bad date, a lost point) fails too. Mermaid needs a DOM even to parse;
 * jsdom provides one. No network, no browser.
 */

interface Diagram {
  db: {
    getTasks?: () => { task: string; startTime: Date; endTime: Date; milestone?: boolean }[];
    getXYChartData?: () => { xAxis: { categories: string[] }; plots: { type: string; data: [string, number][] }[] };
  };
}
interface Mermaid {
  initialize(config: Record<string, unknown>): void;
  parse(text: string): Promise<{ diagramType: string } | false>;
  mermaidAPI: { getDiagramFromText(text: string): Promise<Diagram> };
}

let mermaid: Mermaid;
let dom: JSDOM;

beforeAll(async () => {
  dom = new JSDOM("<!doctype html><html><body></body></html>");
  Object.assign(globalThis, { window: dom.window, document: dom.window.document });
  mermaid = ((await import("mermaid")) as unknown as { default: Mermaid }).default;
  mermaid.initialize({ startOnLoad: false });
});

afterAll(() => dom.window.close());

const blocks = (markdown: string): string[] =>
  [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1] ?? "");

async function check(source: string): Promise<string> {
  const parsed = await mermaid.parse(source);
  if (!parsed) throw new Error("mermaid.parse returned false");
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
  if (parsed.diagramType === "gantt") {
    const tasks = diagram.db.getTasks?.() ?? [];
    expect(tasks.length).toBe(source.split("\n").filter((l) => /:(?:milestone, )?[pm]\d+, /.test(l)).length);
    for (const t of tasks) {
      expect(Number.isNaN(t.startTime.getTime()), t.task).toBe(false);
      expect(t.endTime.getTime(), t.task).toBeGreaterThanOrEqual(t.startTime.getTime());
    }
  }
  if (parsed.diagramType === "xychart") {
    const data = diagram.db.getXYChartData?.();
    const values = [...source.matchAll(/^ {2}line \[(.*)\]$/gm)].map((m) => (m[1] ?? "").split(", ").map(Number));
    expect(data?.plots.map((p) => p.data.map(([, v]) => v))).toEqual(values);
  }
  return parsed.diagramType;
}

describe.each(FIXTURE_NAMES)("%s", (name) => {
  test("every mermaid block is accepted by mermaid", async () => {
    const report = fixtureReport(name);
    const found = blocks(renderMarkdown(report, findTemplate(report.form)));
    const types = [];
    for (const source of found) types.push(await check(source));
    const expected = {
      "sev1-data-breach": ["gantt", "xychart", "xychart"],
      "sev3-complaint": ["gantt", "xychart", "xychart"],
      "missed-updates": [],
      "missing-events": [],
    }[name];
    expect(types).toEqual(expected);
  });
});

test("the checker is not a rubber stamp: mermaid rejects a broken chart", async () => {
  await expect(check('xychart-beta\n  x-axis ["14:16", "14:40"\n  line [1, 2]')).rejects.toThrow();
  await expect(
    check(
      "gantt\n  dateFormat YYYY-MM-DDTHH:mm:ss\n  section Declare\n  declare :p1, 2026-13-45T99:00:00, 2026-03-04T10:00:00",
    ),
  ).rejects.toThrow();
});

test("hundreds of check-ins over several days become at most 48 points and still parse", async () => {
  const base = Date.parse("2026-01-01T00:00:00Z");
  const ev = (seq: number, at: number, type: string, data: object): JournalEvent =>
    ({
      v: 1,
      seq,
      at: new Date(at).toISOString(),
      logged_at: new Date(at).toISOString(),
      actor: "Ana",
      type,
      data,
    }) as JournalEvent;
  const events: JournalEvent[] = [
    ev(0, base, "declared", { severity: "SEV2" }),
    ev(1, base, "step_started", { step: "update", phase: "update", index: 0 }),
  ];
  for (let i = 0; i < 500; i++)
    events.push(
      ev(events.length, base + i * 15 * 60_000, "metric_snapshot", {
        mentions_per_hour: (i * 7919) % 1000,
        negative_share: (i * 31) % 100,
      }),
    );
  const report = buildReport(events);
  const found = blocks(renderMarkdown(report, findTemplate(report.form)));
  expect(found).toHaveLength(3);
  for (const source of found) await check(source);
  const mentions = found[1] ?? "";
  expect(mentions).toContain('"01-01 00:00"'); // several days: labels carry the date
  const points = /line \[(.*)\]/.exec(mentions)?.[1]?.split(", ") ?? [];
  expect(points.length).toBeLessThanOrEqual(MAX_POINTS);
  expect(Math.max(...points.map(Number))).toBe(999); // the peak survives the grouping
  expect(found[0]).toContain("axisFormat %m-%d %H:%M");
});
