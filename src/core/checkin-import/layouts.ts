/**
 * Which columns of a social-listening tool's mention export hold what `crisis checkin --from`
 * needs: the time of each mention (a date column, sometimes with a separate time column) and its
 * sentiment. One row is one mention. The bundled layouts are the exports docs/checkin-import.md
 * describes; `--columns date=…,sentiment=…` names the columns of any other export.
 */

export interface Columns {
  /** The column with the mention's date (and time, unless `time` is given). */
  date: string;
  /** A column with the time of day, joined to the date when the date column has none. */
  time?: string;
  /** The column with the sentiment: a label (negative, neutral, positive) or a signed score. */
  sentiment?: string;
}

export interface Layout {
  id: string;
  /** The tool, as the summary names it. */
  tool: string;
  columns: Columns;
  /** Headers that all appear in this export's header row and tell it from the others. */
  signature: readonly string[];
}

export const LAYOUTS: readonly Layout[] = [
  {
    // Brandwatch Consumer Research, mentions export: a few report lines, then the header row.
    id: "brandwatch",
    tool: "Brandwatch",
    columns: { date: "Date", sentiment: "Sentiment" },
    signature: ["Query Id", "Query Name", "Date", "Sentiment"],
  },
  {
    // Talkwalker, results export: the document fields of its API as column names; sentiment -5…5.
    id: "talkwalker",
    tool: "Talkwalker",
    columns: { date: "published", sentiment: "sentiment" },
    signature: ["published", "sentiment", "source_type"],
  },
  {
    // Meltwater, mentions export: Date (with or without the time) and Time side by side.
    id: "meltwater",
    tool: "Meltwater",
    columns: { date: "Date", time: "Time", sentiment: "Sentiment" },
    signature: ["Date", "Headline", "Hit Sentence", "Sentiment"],
  },
];

export const LAYOUT_IDS = LAYOUTS.map((l) => l.id);

/** Header names compare without case, surrounding spaces or a byte-order mark. */
const headerKey = (name: string): string =>
  name
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase();

/** Where each needed column is in a header row, or the names that are missing. */
export function locate(
  header: readonly string[],
  columns: Columns,
): { ok: true; index: { date: number; time?: number; sentiment?: number } } | { ok: false; missing: string[] } {
  const keys = header.map(headerKey);
  const find = (name: string) => keys.indexOf(headerKey(name));
  const date = find(columns.date);
  const time = columns.time === undefined ? undefined : find(columns.time);
  const sentiment = columns.sentiment === undefined ? undefined : find(columns.sentiment);
  const missing = [
    ...(date < 0 ? [columns.date] : []),
    ...(time !== undefined && time < 0 ? [columns.time as string] : []),
    ...(sentiment !== undefined && sentiment < 0 ? [columns.sentiment as string] : []),
  ];
  if (missing.length > 0) return { ok: false, missing };
  return {
    ok: true,
    index: { date, ...(time !== undefined ? { time } : {}), ...(sentiment !== undefined ? { sentiment } : {}) },
  };
}

/** The bundled layouts whose every signature header is in this row. */
export function layoutsMatching(row: readonly string[]): Layout[] {
  const keys = new Set(row.map(headerKey));
  return LAYOUTS.filter((l) => l.signature.every((s) => keys.has(headerKey(s))));
}

/** --columns date=Published,sentiment=Tone (and time=…): the pairs, checked; a layout's columns fill the rest. */
export function columnsFrom(pairs: readonly (readonly [string, string])[]): Partial<Columns> | string {
  const known = new Set(["date", "time", "sentiment"]);
  const out: Partial<Columns> = {};
  for (const [key, name] of pairs) {
    const k = key.trim().toLowerCase();
    if (!known.has(k)) return `"${key}" is not a column role; expected date, time or sentiment`;
    out[k as keyof Columns] = name;
  }
  return out;
}
