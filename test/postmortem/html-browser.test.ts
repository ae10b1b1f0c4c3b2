// @module-tag slow (starts Chromium, imports 10,000 mentions into a journal)
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { main } from "../../src/cli.js";
import { launchChromium } from "../helpers/chromium.js";
import { fakeIo } from "../helpers/io.js";
import { brandwatchCsv, crisisCurve, mentionsOf } from "../helpers/mentions.js";
import { FIXTURES } from "../helpers/workspace.js";

/**
 * The acceptance scenario of issue 17 for monitoring: a listening tool's export of 10,000 mentions
 * becomes hourly check-ins (crisis checkin --from), and the HTML post-mortem (crisis postmortem
 * --format html) shows them as a chart in a real browser, opened offline from the file. Set
 * CRISIS_SCREENSHOTS to a folder to keep the screenshots.
 */

const ID = "2026-03-04-data-breach";
const shots = process.env.CRISIS_SCREENSHOTS ?? mkdtempSync(path.join(os.tmpdir(), "crisis-shots-"));
let browser: Browser;
let file: string;
let imported: number;
let cwd: string;

beforeAll(async () => {
  // A folder of its own (fixtureWorkspace's is removed after each test; this one serves both).
  cwd = mkdtempSync(path.join(os.tmpdir(), "crisis-html-"));
  cpSync(path.join(FIXTURES, "runner"), cwd, { recursive: true });
  const dir = path.join(cwd, "incidents", ID);
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(FIXTURES, "journals/sev1-data-breach.jsonl"), path.join(dir, "journal.jsonl"));
  // Two days of conversation around the incident, peaking in its afternoon.
  writeFileSync(
    path.join(cwd, "mentions.csv"),
    brandwatchCsv(mentionsOf(crisisCurve("2026-03-04T04:00:00Z", 36, 10_000))),
  );
  const run = async (...args: string[]) => {
    const io = fakeIo({ cwd, now: new Date("2026-03-06T12:00:00Z") });
    const code = await main(["node", "crisis", ...args], io);
    expect(code, io.err()).toBe(0);
    return io;
  };
  const checkin = await run("checkin", "--from", "mentions.csv", "--incident", ID, "--json");
  imported = (JSON.parse(checkin.out()) as { check_ins: unknown[] }).check_ins.length;
  expect(checkin.err()).toContain("Read 10,000 mentions");
  file = path.join(cwd, "review.html");
  await run("postmortem", ID, "--no-retro", "--format", "html", "-o", "review.html");
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  rmSync(cwd, { recursive: true, force: true });
});

/** Share of pixels that are not (near) white, and of those in the chart's line colour. */
function ink(png: Buffer): { drawn: number; line: number } {
  const image = PNG.sync.read(png);
  let drawn = 0;
  let line = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b] = [image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0];
    if (r < 235 || g < 235 || b < 235) drawn++;
    if (Math.abs(r - 192) < 30 && Math.abs(g - 57) < 30 && Math.abs(b - 43) < 30) line++;
  }
  const pixels = image.width * image.height;
  return { drawn: drawn / pixels, line: line / pixels };
}

describe("the HTML post-mortem in headless Chromium", () => {
  test("opens offline from the file, loads nothing, and shows its sections and the imported mentions as a chart", async () => {
    const context = await browser.newContext({ offline: true, viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    const url = pathToFileURL(file).href;
    await page.goto(url);
    expect(requests).toEqual([url]);

    await expect(page.title()).resolves.toBe("Post-mortem: Customer records exposed through a misconfigured export");
    const sections = await page.locator("h2").allTextContents();
    for (const s of ["Incident", "Summary", "Key metrics", "Timeline", "Decisions", "Action items"])
      expect(sections).toContain(s);
    expect(await page.locator("h3", { hasText: "Check-ins" }).count()).toBe(1);
    for (const kind of ["phases", "mentions", "negative"]) {
      const box = await page.locator(`svg[data-chart="${kind}"]`).boundingBox();
      expect(box?.width, kind).toBeGreaterThan(600);
      expect(box?.height, kind).toBeGreaterThan(150);
    }
    // The mentions chart has a point per check-in (the import's hours and the typed ones, at most 48).
    const points = await page.locator('svg[data-chart="mentions"] polyline.series').getAttribute("points");
    const typed = readFileSync(path.join(FIXTURES, "journals/sev1-data-breach.jsonl"), "utf8")
      .split("\n")
      .filter((l) => l.includes('"type":"metric_snapshot"') && l.includes('"mentions_per_hour"')).length;
    expect(imported).toBe(36);
    expect(points?.split(" ").length).toBe(Math.min(48, imported + typed));

    const chart = await page
      .locator('svg[data-chart="mentions"]')
      .screenshot({ path: path.join(shots, "mentions-chart.png") });
    const { drawn, line } = ink(chart);
    expect(drawn).toBeGreaterThan(0.03);
    expect(line).toBeGreaterThan(0.002);
    await page.locator("h1").scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, "postmortem-top.png") });
    await page.locator("h2", { hasText: "Timeline" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, "postmortem-timeline.png") });
    await context.close();
  });

  test("prints to PDF with its charts (the print styles apply)", async () => {
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.emulateMedia({ media: "print" });
    expect(await page.evaluate("getComputedStyle(document.body).backgroundColor")).toBe("rgb(255, 255, 255)");
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    writeFileSync(path.join(shots, "postmortem.pdf"), pdf);
    expect(readFileSync(path.join(shots, "postmortem.pdf")).length).toBeGreaterThan(20_000);
    await context.close();
  });
});
