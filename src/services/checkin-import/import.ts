import path from "node:path";
import { loadJournalSchema } from "../../core/journal/lines.js";
import type { Io } from "../../adapters/terminal/io.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import { displayPath } from "../../core/display-path.js";
import { MAX_HOURS, type HourCheckIn } from "../../core/checkin-import/hours.js";
import type { Columns } from "../../core/checkin-import/layouts.js";
import { utcMinutes } from "../../core/time.js";
import { CrisisError, EXIT } from "../../errors.js";
import type { EventData } from "../../core/journal/events.js";
import { openActive, type RecordOptions } from "../incident/record.js";
import { syncQuietly } from "../sync/quiet.js";
import type { WorkspaceOptions } from "../workspace/workspace.js";
import { readMentions, type BadRow } from "./read-mentions.js";

/**
 * crisis checkin --from FILE.csv: a social-listening tool's mention export becomes one check-in per
 * hour (mentions in that hour, negative share of the rated ones), recorded at the hour's end. Each
 * imported check-in records its hour, so importing the same file again records nothing, and an
 * export that overlaps an earlier one adds only the hours not recorded yet.
 */

export interface ImportOptions extends RecordOptions {
  from: string;
  layout?: string | undefined;
  columns?: Partial<Columns> | undefined;
  timezone?: string | undefined;
  dateFormat?: string | undefined;
  json?: boolean | undefined;
  dryRun?: boolean | undefined;
  skipBadRows?: boolean | undefined;
}

type Status = "recorded" | "would record" | "already recorded" | "incomplete";

/** Bad rows listed one per line on stderr; the rest are counted (all of them are in --json). */
const SHOWN_BAD_ROWS = 20;
const iso = (ms: number) => new Date(ms).toISOString();

export async function importCheckins(io: Io, global: WorkspaceOptions, o: ImportOptions): Promise<void> {
  const file = path.resolve(io.cwd, o.from);
  const shown = displayPath(file, io.cwd);
  // crisis checkin runs without the journal schema (src/cli.ts); an import appends many events, each
  // of which may meet a line only zod reads, so it loads the schema first.
  await loadJournalSchema();
  const { session, ws } = await openActive(io, global, o);
  // An export without offsets is most likely in the brand's own zone, as its public messages are.
  const zone = o.timezone ?? ws.config.config.brand?.timezone ?? "UTC";
  const read = await readMentions(file, shown, {
    layout: o.layout,
    columns: o.columns,
    zone,
    dateFormat: o.dateFormat,
  });

  for (const b of read.bad.slice(0, SHOWN_BAD_ROWS)) io.stderr.write(`${shown}:${b.line}: ${oneLine(b.message)}\n`);
  if (read.bad.length > SHOWN_BAD_ROWS) io.stderr.write(`… and ${read.bad.length - SHOWN_BAD_ROWS} more bad rows\n`);
  if (read.bad.length > 0 && !o.skipBadRows && !o.dryRun)
    throw new CrisisError(
      `${read.bad.length} of ${read.rows} rows could not be read; nothing was recorded`,
      EXIT.usage,
      "fix the rows, or give --skip-bad-rows to import the others (an hour with a skipped row is then counted without it)",
    );
  if (read.tally.mentions === 0)
    throw new CrisisError(`${shown}: no mentions in the file; nothing was recorded`, EXIT.noInput);
  if (read.tally.span() > MAX_HOURS)
    throw new CrisisError(
      `${shown}: the mentions span ${read.tally.span()} hours, more than the ${MAX_HOURS} (400 days) one import takes`,
      EXIT.usage,
      "export the days of the incident only",
    );

  const recorded = new Map<number, number | undefined>();
  for (const s of session.state.snapshots) if (s.hour) recorded.set(Date.parse(s.hour), s.mentions_per_hour);
  const now = io.now().getTime();
  const source = `${path.basename(file)} (${read.layout})`.slice(0, 300);
  const hours: (HourCheckIn & { status: Status; recorded_mentions?: number })[] = [];
  // Every hour not recorded yet, written as one batch and rendered into the log once.
  const batch: { type: "metric_snapshot"; data: EventData<"metric_snapshot">; at: Date }[] = [];
  for (const c of read.tally.checkIns()) {
    if (recorded.has(c.hour)) {
      const then = recorded.get(c.hour);
      hours.push({ ...c, status: "already recorded", ...(then !== undefined ? { recorded_mentions: then } : {}) });
    } else if (c.at > now) hours.push({ ...c, status: "incomplete" });
    else if (o.dryRun) hours.push({ ...c, status: "would record" });
    else {
      batch.push({
        type: "metric_snapshot",
        data: {
          mentions_per_hour: c.mentions,
          ...(c.negative_share !== undefined ? { negative_share: c.negative_share } : {}),
          hour: iso(c.hour),
          source,
        },
        at: new Date(c.at),
      });
      hours.push({ ...c, status: "recorded" });
    }
  }

  session.appendAll(batch, `the ${batch.length} check-ins`);
  const count = (s: Status) => hours.filter((h) => h.status === s).length;
  if (o.json)
    io.stdout.write(
      `${JSON.stringify(jsonReport(shown, read, zone, hours, o.dryRun === true, session.id), null, 2)}\n`,
    );
  io.stderr.write(summary(shown, read, zone, hours, count, session.id, o.dryRun === true));
  if (count("recorded") > 0) await syncQuietly(io, ws, session.id, "the check-ins are recorded here");
}

function jsonReport(
  file: string,
  read: Awaited<ReturnType<typeof readMentions>>,
  zone: string,
  hours: readonly (HourCheckIn & { status: Status; recorded_mentions?: number })[],
  dryRun: boolean,
  incident: string,
) {
  return {
    version: 1,
    incident,
    file,
    layout: read.layout,
    columns: read.columns,
    timezone: zone,
    dry_run: dryRun,
    rows: read.rows,
    mentions: read.tally.mentions,
    bad_rows: read.bad satisfies BadRow[],
    check_ins: hours.map((h) => ({
      hour: iso(h.hour),
      at: iso(h.at),
      mentions_per_hour: h.mentions,
      negative_share: h.negative_share ?? null,
      status: h.status,
      ...(h.recorded_mentions !== undefined ? { recorded_mentions_per_hour: h.recorded_mentions } : {}),
    })),
  };
}

function summary(
  shown: string,
  read: Awaited<ReturnType<typeof readMentions>>,
  zone: string,
  hours: readonly (HourCheckIn & { status: Status; recorded_mentions?: number })[],
  count: (s: Status) => number,
  id: string,
  dryRun: boolean,
): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const first = hours[0];
  const last = hours[hours.length - 1];
  const peak = hours.reduce((a, h) => (h.mentions > a.mentions ? h : a), hours[0] as HourCheckIn);
  const lines = [
    `Read ${n(read.tally.mentions)} mentions from ${shown} (${read.layout} layout, header on line ${read.headerLine}; times without an offset read in ${zone}).`,
    `${n(hours.length)} hours from ${first ? utcMinutes(first.hour) : "?"} to ${last ? utcMinutes(last.at) : "?"}; the busiest ${peak ? `ended ${utcMinutes(peak.at)} with ${n(peak.mentions)} mentions` : "?"}.`,
  ];
  if (read.bad.length > 0) lines.push(`${n(read.bad.length)} bad rows skipped (listed above).`);
  if (read.ambiguous > 0)
    lines.push(
      `${n(read.ambiguous)} mentions had a local time that happens twice (clocks went back in ${zone}); they were counted at the later one. Exports with UTC offsets avoid this.`,
    );
  if (read.nonexistent > 0)
    lines.push(
      `${n(read.nonexistent)} mentions had a local time that does not exist in ${zone} (clocks went forward); counted an hour on.`,
    );
  const already = count("already recorded");
  const changed = hours.filter((h) => h.recorded_mentions !== undefined && h.recorded_mentions !== h.mentions).length;
  if (already > 0)
    lines.push(
      `${n(already)} hours were already recorded and were left as they are${changed > 0 ? ` (${n(changed)} of them with another count then)` : ""}.`,
    );
  if (count("incomplete") > 0) lines.push(`The current hour is not over yet: import again after it ends to record it.`);
  lines.push(
    dryRun
      ? `Dry run: ${n(count("would record"))} hourly check-ins would be recorded in ${id}; nothing was written.`
      : `Recorded ${n(count("recorded"))} hourly check-ins in ${id}.`,
  );
  return `${lines.join("\n")}\n`;
}
