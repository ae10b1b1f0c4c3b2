import { Readable } from "node:stream";
import { parse, CsvError } from "csv-parse";
import { readBytes, regularFileChunks } from "../../adapters/fs/read.js";
import { fileError, fsReasonWithCode } from "../../adapters/fs/errors.js";
import { HourTally } from "../../core/checkin-import/hours.js";
import { LAYOUTS, layoutsMatching, locate, type Columns, type Layout } from "../../core/checkin-import/layouts.js";
import { delimiterOf, encodingOf } from "../../core/checkin-import/sniff.js";
import { mentionTime, sentimentOf } from "../../core/checkin-import/values.js";
import { CrisisError, EXIT } from "../../errors.js";

/**
 * Reads a mention export row by row (csv-parse over 64 KiB chunks: a file of any size is never
 * held whole), finds the header row (after any report preamble), and counts each mention into its
 * hour. Every row it cannot read is kept as file:line and what was expected.
 */

export interface ReadOptions {
  /** A bundled layout by id; undefined: detected from the header row. */
  layout?: string | undefined;
  /** Columns named with --columns, over the layout's. */
  columns?: Partial<Columns> | undefined;
  zone: string;
  dateFormat?: string | undefined;
}

export interface BadRow {
  line: number;
  message: string;
}

export interface ReadMentions {
  tally: HourTally;
  /** The layout used, or "columns" when --columns named them all. */
  layout: string;
  columns: Columns;
  headerLine: number;
  rows: number;
  bad: BadRow[];
  /** Local times that happen twice or not at all (a daylight-saving change), counted. */
  ambiguous: number;
  nonexistent: number;
}

/** Rows before the header row are a report's preamble; this many is more than any export writes. */
const MAX_PREAMBLE = 50;
/** One field or record larger than this means broken quoting, not a mention. */
const MAX_RECORD_BYTES = 1024 * 1024;

const countBreaks = (text: string) => text.match(/\r\n|\n|\r/g)?.length ?? 0;

function describe(l: Layout): string {
  return `${l.id} (${l.signature.join(", ")})`;
}

export async function readMentions(file: string, shown: string, o: ReadOptions): Promise<ReadMentions> {
  let head: Buffer;
  try {
    head = readBytes(file, 0, 64 * 1024);
  } catch (error) {
    // Named as the user typed it, not by its absolute path.
    const e = fileError(error, shown, "read");
    throw e !== error ? new CrisisError(`cannot read ${shown}: ${fsReasonWithCode(error)}`, EXIT.usage) : e;
  }
  const encoding = encodingOf(head);
  const delimiter = delimiterOf(head.toString(encoding));
  const fixed = o.layout === undefined ? undefined : LAYOUTS.find((l) => l.id === o.layout);
  const wanted: Partial<Columns> = { ...fixed?.columns, ...o.columns };

  const source = Readable.from(regularFileChunks(file));
  const parser = source.pipe(
    parse({
      bom: true,
      encoding,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_BYTES,
      info: true,
      raw: true,
    }),
  );
  const tally = new HourTally();
  const bad: BadRow[] = [];
  let line = 1;
  let header:
    | { index: { date: number; time?: number; sentiment?: number }; layout: string; columns: Columns; line: number }
    | undefined;
  let preamble = 0;
  let firstRow: string[] | undefined;
  let rows = 0;
  let ambiguous = 0;
  let nonexistent = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      const leading = /^(?:\r\n|\n|\r)*/.exec(item.raw)?.[0] ?? "";
      const start = line + countBreaks(leading);
      line += countBreaks(item.raw);
      const record = item.record;
      if (!header) {
        firstRow ??= record;
        header = headerOf(record, wanted, fixed, start);
        if (!header && ++preamble > MAX_PREAMBLE) break;
        continue;
      }
      if (record.every((f) => f.trim() === "")) continue;
      rows++;
      const cell = (i: number | undefined) => (i === undefined ? undefined : (record[i] ?? ""));
      const when = mentionTime(cell(header.index.date) ?? "", cell(header.index.time), o.zone, o.dateFormat);
      if ("expected" in when) {
        bad.push({ line: start, message: `${header.columns.date}: ${when.expected}` });
        continue;
      }
      const mood = header.index.sentiment === undefined ? null : sentimentOf(cell(header.index.sentiment) ?? "");
      if (mood !== null && typeof mood === "object") {
        bad.push({ line: start, message: `${header.columns.sentiment ?? "sentiment"}: ${mood.expected}` });
        continue;
      }
      if (when.ambiguous) ambiguous++;
      if (when.nonexistent) nonexistent++;
      tally.add(when.ms, mood);
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const at = (error as CsvError & { lines?: number }).lines;
      throw new CrisisError(`${shown}:${at ?? line}: ${error.message.replace(/^Invalid [^:]*: /, "")}`, EXIT.usage);
    }
    throw fileError(error, shown, "read");
  } finally {
    // Stopping early (a preamble too long) closes the file too.
    source.destroy();
  }
  if (!header) throw noHeader(shown, firstRow, wanted, fixed);
  return {
    tally,
    layout: header.layout,
    columns: header.columns,
    headerLine: header.line,
    rows,
    bad,
    ambiguous,
    nonexistent,
  };
}

function headerOf(
  record: readonly string[],
  wanted: Partial<Columns>,
  fixed: Layout | undefined,
  line: number,
):
  | { index: { date: number; time?: number; sentiment?: number }; layout: string; columns: Columns; line: number }
  | undefined {
  if (wanted.date !== undefined) {
    const columns = wanted as Columns;
    const found = locate(record, columns);
    return found.ok ? { index: found.index, layout: fixed?.id ?? "columns", columns, line } : undefined;
  }
  const matches = layoutsMatching(record);
  if (matches.length > 1)
    throw new CrisisError(
      `line ${line}: the header fits several layouts (${matches.map((l) => l.id).join(", ")})`,
      EXIT.usage,
      "give --layout, or --columns date=<column>,sentiment=<column>",
    );
  const layout = matches[0];
  if (!layout) return undefined;
  const columns = { ...layout.columns, ...wanted };
  const found = locate(record, columns);
  if (!found.ok)
    throw new CrisisError(`line ${line}: no column ${found.missing.map((m) => `"${m}"`).join(", ")}`, EXIT.usage);
  return { index: found.index, layout: layout.id, columns, line };
}

function noHeader(shown: string, firstRow: string[] | undefined, wanted: Partial<Columns>, fixed: Layout | undefined) {
  if (!firstRow) return new CrisisError(`${shown}: the file is empty; nothing to import`, EXIT.noInput);
  const seen = firstRow
    .slice(0, 8)
    .map((h) => `"${h.slice(0, 30)}"`)
    .join(", ");
  if (wanted.date !== undefined) {
    const names = [wanted.date, wanted.time, wanted.sentiment].filter((n) => n !== undefined);
    return new CrisisError(
      `${shown}:1: no header row with the columns ${names.map((n) => `"${n}"`).join(", ")}${fixed ? ` (the ${fixed.id} layout)` : ""}; the first row has ${seen}`,
      EXIT.usage,
      "name the columns with --columns date=<column>,sentiment=<column> (time=<column> for a separate time of day)",
    );
  }
  return new CrisisError(
    `${shown}:1: no header row of a known export; expected the columns of ${LAYOUTS.map(describe).join(", or ")}; the first row has ${seen}`,
    EXIT.usage,
    "give --columns date=<column>,sentiment=<column> for another export (see docs/checkin.md)",
  );
}
