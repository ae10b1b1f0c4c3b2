import { escapeXml } from "./escape.js";

/**
 * The post-mortem's charts as inline SVG, for the HTML post-mortem: no browser, no script and no
 * network are needed to see them. They are drawn from the mermaid sources the report already holds
 * (core/postmortem/charts.ts writes them, in the small subset read back here), so the HTML and the
 * markdown always show the same numbers. A source this does not recognise yields undefined and
 * stays a code block.
 */

const W = 760;
const FONT = `font-family="system-ui, -apple-system, 'Segoe UI', sans-serif"`;
const COLORS = ["#c0392b", "#7f8c8d"];

export interface LineChart {
  kind: "line";
  title: string;
  axis: string;
  labels: string[];
  yMax: number;
  lines: number[][];
}

export interface GanttChart {
  kind: "gantt";
  title: string;
  rows: ({ section: string } | { label: string; start: number; end: number } | { milestone: string; at: number })[];
}

const unquote = (s: string) => s.replace(/^"|"$/g, "");
const listOf = (text: string) => (JSON.parse(text) as unknown[]).map((v) => (typeof v === "number" ? v : String(v)));

export function parseChart(source: string): LineChart | GanttChart | undefined {
  const lines = source.split("\n").map((l) => l.trim());
  try {
    if (lines[0] === "xychart-beta") return parseLine(lines);
    if (lines[0] === "gantt") return parseGantt(lines);
  } catch {
    return undefined;
  }
  return undefined;
}

function parseLine(lines: string[]): LineChart | undefined {
  const chart: LineChart = { kind: "line", title: "", axis: "", labels: [], yMax: 0, lines: [] };
  for (const l of lines.slice(1)) {
    let m: RegExpExecArray | null;
    if ((m = /^title (.*)$/.exec(l))) chart.title = unquote(m[1] ?? "");
    else if ((m = /^x-axis (\[.*\])$/.exec(l))) chart.labels = listOf(m[1] ?? "[]").map(String);
    else if ((m = /^y-axis (".*") ([\d.]+) --> ([\d.]+)$/.exec(l))) {
      chart.axis = unquote(m[1] ?? "");
      chart.yMax = Number(m[3]);
    } else if ((m = /^line (\[.*\])$/.exec(l))) chart.lines.push(listOf(m[1] ?? "[]").map(Number));
  }
  const ok =
    chart.lines.length > 0 && chart.lines.every((s) => s.length === chart.labels.length && s.every(Number.isFinite));
  return ok && chart.yMax > 0 ? chart : undefined;
}

/** Gantt times are written as UTC without a zone (YYYY-MM-DDTHH:mm:ss). */
const utc = (text: string) => Date.parse(`${text.trim()}Z`);

function parseGantt(lines: string[]): GanttChart | undefined {
  const chart: GanttChart = { kind: "gantt", title: "", rows: [] };
  for (const l of lines.slice(1)) {
    let m: RegExpExecArray | null;
    if ((m = /^title (.*)$/.exec(l))) chart.title = m[1] ?? "";
    else if ((m = /^section (.*)$/.exec(l))) chart.rows.push({ section: m[1] ?? "" });
    else if ((m = /^(.*?) :milestone, \w+, ([\d:T-]+), 0m$/.exec(l)))
      chart.rows.push({ milestone: m[1] ?? "", at: utc(m[2] ?? "") });
    else if ((m = /^(.*?) :\w+, ([\d:T-]+), ([\d:T-]+)$/.exec(l)))
      chart.rows.push({ label: m[1] ?? "", start: utc(m[2] ?? ""), end: utc(m[3] ?? "") });
  }
  const times = chart.rows.flatMap((r) => ("start" in r ? [r.start, r.end] : "at" in r ? [r.at] : []));
  return times.length > 0 && times.every(Number.isFinite) ? chart : undefined;
}

const fmt = (v: number) =>
  Math.abs(v) >= 1000 ? Math.round(v).toLocaleString("en-US") : String(Math.round(v * 10) / 10);
const px = (v: number) => String(Math.round(v * 10) / 10);

function frame(kind: string, title: string, height: number, body: string[]): string {
  const id = `chart-${kind}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="${kind}" viewBox="0 0 ${W} ${height}" width="100%" role="img" aria-labelledby="${id}">`,
    `<title id="${id}">${escapeXml(title)}</title>`,
    `<rect width="${W}" height="${height}" fill="#fff"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600" ${FONT}>${escapeXml(title)}</text>`,
    ...body,
    "</svg>",
  ].join("\n");
}

function lineSvg(chart: LineChart, kind: string): string {
  const H = 300;
  const left = 64;
  const right = 16;
  const top = 36;
  const bottom = 52;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const n = chart.labels.length;
  const x = (i: number) => left + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => top + plotH - (Math.min(v, chart.yMax) / chart.yMax) * plotH;
  const body: string[] = [];
  for (let t = 0; t <= 4; t++) {
    const v = (chart.yMax * t) / 4;
    body.push(
      `<line x1="${left}" x2="${W - right}" y1="${px(y(v))}" y2="${px(y(v))}" stroke="#e5e5e5"/>`,
      `<text x="${left - 6}" y="${px(y(v) + 4)}" text-anchor="end" font-size="11" fill="#555" ${FONT}>${fmt(v)}</text>`,
    );
  }
  const every = Math.max(1, Math.ceil(n / 10));
  chart.labels.forEach((label, i) => {
    // Every few labels, and the last one unless it would run into the one before it.
    if (i % every !== 0 && (i !== n - 1 || i % every < every / 2)) return;
    body.push(
      `<text x="${px(x(i))}" y="${H - bottom + 18}" text-anchor="middle" font-size="11" fill="#555" ${FONT}>${escapeXml(label)}</text>`,
    );
  });
  body.push(
    `<text transform="translate(14 ${top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="11" fill="#333" ${FONT}>${escapeXml(chart.axis)}</text>`,
    `<line x1="${left}" x2="${W - right}" y1="${top + plotH}" y2="${top + plotH}" stroke="#999"/>`,
  );
  chart.lines.forEach((series, s) => {
    const points = series.map((v, i) => `${px(x(i))},${px(y(v))}`).join(" ");
    const baseline = s > 0;
    body.push(
      `<polyline class="${baseline ? "baseline" : "series"}" points="${points}" fill="none" stroke="${COLORS[Math.min(s, 1)]}" stroke-width="${baseline ? 1.5 : 2.5}"${baseline ? ' stroke-dasharray="6 4"' : ""}/>`,
    );
    if (!baseline && n <= 60)
      series.forEach((v, i) =>
        body.push(
          `<circle cx="${px(x(i))}" cy="${px(y(v))}" r="3" fill="${COLORS[0]}"><title>${escapeXml(`${chart.labels[i] ?? ""}: ${fmt(v)}`)}</title></circle>`,
        ),
      );
  });
  if (chart.lines.length > 1)
    body.push(
      `<text x="${W - right}" y="${H - 10}" text-anchor="end" font-size="11" fill="#555" ${FONT}>dashed: normal level</text>`,
    );
  return frame(kind, chart.title, H, body);
}

const clock = (ms: number, withDay: boolean) =>
  new Date(ms)
    .toISOString()
    .slice(withDay ? 5 : 11, 16)
    .replace("T", " ");

function ganttSvg(chart: GanttChart): string {
  const label = 190;
  const right = 16;
  const top = 36;
  const rowH = 20;
  const axisH = 28;
  const times = chart.rows.flatMap((r) => ("start" in r ? [r.start, r.end] : "at" in r ? [r.at] : []));
  const min = Math.min(...times);
  const max = Math.max(...times, min + 60_000);
  const withDay = max - min > 86_400_000;
  const plotW = W - label - right;
  const x = (t: number) => label + ((t - min) / (max - min)) * plotW;
  const H = top + chart.rows.length * rowH + axisH + 8;
  const body: string[] = [];
  const axisY = top + chart.rows.length * rowH;
  for (let t = 0; t <= 6; t++) {
    const at = min + ((max - min) * t) / 6;
    body.push(
      `<line x1="${px(x(at))}" x2="${px(x(at))}" y1="${top}" y2="${axisY}" stroke="#eee"/>`,
      `<text x="${px(x(at))}" y="${axisY + 16}" text-anchor="middle" font-size="11" fill="#555" ${FONT}>${clock(at, withDay)}</text>`,
    );
  }
  chart.rows.forEach((r, i) => {
    const y = top + i * rowH;
    if ("section" in r) {
      body.push(
        `<text x="6" y="${y + 14}" font-size="12" font-weight="600" fill="#222" ${FONT}>${escapeXml(r.section)}</text>`,
      );
    } else if ("start" in r) {
      const w = Math.max(2, x(r.end) - x(r.start));
      body.push(
        `<text x="${label - 6}" y="${y + 14}" text-anchor="end" font-size="11" fill="#333" ${FONT}>${escapeXml(r.label)}</text>`,
        `<rect class="bar" x="${px(x(r.start))}" y="${y + 4}" width="${px(w)}" height="${rowH - 8}" rx="2" fill="#2c7fb8"><title>${escapeXml(`${r.label}: ${clock(r.start, withDay)}–${clock(r.end, withDay)} UTC`)}</title></rect>`,
      );
    } else {
      const cx = x(r.at);
      const cy = y + rowH / 2;
      body.push(
        `<text x="${label - 6}" y="${y + 14}" text-anchor="end" font-size="11" fill="#333" ${FONT}>${escapeXml(r.milestone)}</text>`,
        `<path class="milestone" d="M${px(cx)} ${px(cy - 6)} L${px(cx + 6)} ${px(cy)} L${px(cx)} ${px(cy + 6)} L${px(cx - 6)} ${px(cy)} Z" fill="#d95f0e"><title>${escapeXml(`${r.milestone}: ${clock(r.at, withDay)} UTC`)}</title></path>`,
      );
    }
  });
  body.push(`<line x1="${label}" x2="${W - right}" y1="${axisY}" y2="${axisY}" stroke="#999"/>`);
  return frame("phases", chart.title, H, body);
}

/** The SVG for a mermaid source of ours, or undefined when it is not one. */
export function chartSvg(source: string): string | undefined {
  const chart = parseChart(source);
  if (!chart) return undefined;
  if (chart.kind === "gantt") return ganttSvg(chart);
  const kind = /^mentions/i.test(chart.title) ? "mentions" : /^negative/i.test(chart.title) ? "negative" : "line";
  return lineSvg(chart, kind);
}
