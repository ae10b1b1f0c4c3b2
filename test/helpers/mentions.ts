/**
 * Mention exports as the listening tools write them, generated: a crisis curve (quiet, a steep
 * rise, a peak, a slow decline) with the negative share rising towards the peak. Deterministic, so
 * tests can state the hourly counts.
 */

export interface Curve {
  /** The first hour (UTC, ISO). */
  start: string;
  /** Mentions in each hour, in order. */
  perHour: readonly number[];
  /** Negative mentions in each hour (at most perHour's). */
  negativePerHour: readonly number[];
}

/** A curve of about `total` mentions over `hours` hours, peaking a third of the way in. */
export function crisisCurve(start: string, hours: number, total: number): Curve {
  const peakAt = Math.floor(hours / 3);
  const weights = Array.from({ length: hours }, (_, h) =>
    h <= peakAt ? 1 + 20 * (h / Math.max(peakAt, 1)) ** 3 : 1 + 20 * Math.exp(-(h - peakAt) / 6),
  );
  const sum = weights.reduce((a, b) => a + b, 0);
  const perHour = weights.map((w) => Math.floor((w / sum) * total));
  perHour[peakAt] = (perHour[peakAt] ?? 0) + total - perHour.reduce((a, b) => a + b, 0);
  const negativePerHour = perHour.map((n, h) =>
    Math.floor((n * (h <= peakAt ? 20 + (50 * h) / Math.max(peakAt, 1) : 70 - Math.min(45, (h - peakAt) * 3))) / 100),
  );
  return { start, perHour, negativePerHour };
}

export interface Mention {
  at: Date;
  sentiment: "negative" | "neutral" | "positive";
  n: number;
}

/** Each mention of the curve, spread evenly inside its hour; the negative ones first. */
export function* mentionsOf(curve: Curve): Generator<Mention> {
  const t0 = Date.parse(curve.start);
  let n = 0;
  for (const [h, count] of curve.perHour.entries()) {
    const negative = curve.negativePerHour[h] ?? 0;
    for (let i = 0; i < count; i++) {
      const at = new Date(t0 + h * 3_600_000 + Math.floor((i * 3_600_000) / count));
      yield { at, sentiment: i < negative ? "negative" : i % 3 === 0 ? "positive" : "neutral", n: n++ };
    }
  }
}

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
const pad = (n: number) => String(n).padStart(2, "0");
/** 2026-03-04 14:05:12.0 in the given offset from UTC (minutes), as Brandwatch writes its Date. */
function sqlTime(at: Date, offsetMinutes = 0): string {
  const d = new Date(at.getTime() + offsetMinutes * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.0`;
}

/** A Brandwatch Consumer Research mentions export: report lines, a blank line, the header, the rows. */
export function brandwatchCsv(mentions: Iterable<Mention>): string {
  const lines = [
    "Report:,Mentions",
    "Brand:,Northwind",
    '"From:","2026-03-04"',
    '"To:","2026-03-06"',
    "",
    ["Query Id", "Query Name", "Date", "Title", "Url", "Domain", "Sentiment", "Page Type", "Full Text"]
      .map(q)
      .join(","),
  ];
  for (const m of mentions)
    lines.push(
      [
        "1999",
        "Northwind brand",
        sqlTime(m.at),
        `Post ${m.n}`,
        `https://social.example/p/${m.n}`,
        "social.example",
        m.sentiment,
        "twitter",
        m.n % 7 === 0 ? `Said "never again", then\nmore, on two lines` : `Mention ${m.n}, about the leak`,
      ]
        .map(q)
        .join(","),
    );
  return `${lines.join("\r\n")}\r\n`;
}

/** A Talkwalker results export: API field names, published as Unix milliseconds, sentiment -5…5. */
export function talkwalkerCsv(mentions: Iterable<Mention>): string {
  const lines = ["url,published,title,content,lang,sentiment,source_type,reach"];
  const score = { negative: "-3", neutral: "0", positive: "2" } as const;
  for (const m of mentions)
    lines.push(
      [
        `https://news.example/${m.n}`,
        String(m.at.getTime()),
        `T ${m.n}`,
        "text",
        "en",
        score[m.sentiment],
        "ONLINENEWS",
        "100",
      ].join(","),
    );
  return `${lines.join("\n")}\n`;
}

/** A Meltwater export: UTF-16LE with a byte-order mark, tab-separated, Date and Time columns, in a local zone. */
export function meltwaterTsv(mentions: Iterable<Mention>, offsetMinutes: number): Buffer {
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const lines = [["Date", "Headline", "URL", "Hit Sentence", "Source", "Sentiment", "Time"].join("\t")];
  for (const m of mentions) {
    const d = new Date(m.at.getTime() + offsetMinutes * 60_000);
    const h12 = d.getUTCHours() % 12 || 12;
    const ampm = d.getUTCHours() < 12 ? "AM" : "PM";
    const date = `${pad(d.getUTCDate())}-${months[d.getUTCMonth()]}-${d.getUTCFullYear()}`;
    const sentiment = m.sentiment.charAt(0).toUpperCase() + m.sentiment.slice(1);
    lines.push(
      [
        date,
        `H ${m.n}`,
        `https://m.example/${m.n}`,
        "hit",
        "Web",
        sentiment,
        `${pad(h12)}:${pad(d.getUTCMinutes())} ${ampm}`,
      ].join("\t"),
    );
  }
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${lines.join("\r\n")}\r\n`, "utf16le")]);
}
