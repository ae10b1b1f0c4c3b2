import { CrisisError, EXIT } from "../errors.js";
import { choice, defineCommand, flag, value, type SchemaOf } from "./define.js";
import {
  atOption,
  fileName,
  incidentOption,
  invalid,
  numberIn,
  pairs,
  recorderOption,
  someText,
  valid,
} from "./values.js";

/** Counts are bounded: a typo of many digits is refused, not charted. */
const MAX_COUNT = 1_000_000_000;
const count = numberIn("a whole number from 0 to 1000000000", { min: 0, max: MAX_COUNT, whole: true });

/** The bundled export layouts (core/checkin-import/layouts.ts; a test keeps the two lists equal). */
const LAYOUTS = ["brandwatch", "talkwalker", "meltwater"] as const;

/** An IANA time zone the platform knows (Europe/Copenhagen, America/New_York, UTC). */
const timeZone: SchemaOf<string> = (zone) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    if (zone.trim() !== "") return valid(zone);
  } catch {
    // not a zone the platform knows
  }
  return invalid("expected an IANA time zone such as Europe/Copenhagen or UTC");
};

export const checkin = defineCommand({
  name: "checkin",
  description:
    "record a check-in on the active incident: mentions per hour, negative share, media pickups, support tickets; or import hourly check-ins from a social-listening export (--from)",
  args: {},
  options: {
    mentions: value(
      "--mentions <n>",
      "mentions in the last hour",
      numberIn("a number from 0 to 1000000000", { min: 0, max: MAX_COUNT }),
    ),
    negative: value(
      "--negative <percent>",
      "share of mentions that are negative, 0-100",
      numberIn("a percentage from 0 to 100", { min: 0, max: 100 }),
    ),
    media: value("--media <n>", "media pickups so far", count),
    tickets: value("--tickets <n>", "support tickets about it", count),
    at: atOption,
    from: value(
      "--from <file.csv>",
      "import a mention export (one row per mention): one check-in per hour, at the hour's end",
      fileName,
    ),
    layout: choice("--layout <layout>", "the export's layout (default: detected from its header row)", LAYOUTS),
    columns: value(
      "--columns <pairs>",
      "the columns of another export: date=<column>,sentiment=<column>[,time=<column>]",
      pairs("date=<column>,sentiment=<column> (and time=<column>)"),
    ),
    timezone: value(
      "--timezone <zone>",
      "the zone of export times written without an offset (default brand.timezone, else UTC)",
      timeZone,
    ),
    dateFormat: value(
      "--date-format <format>",
      "the date form of the export, in Luxon tokens (e.g. dd/MM/yyyy HH:mm), when it is not one crisis knows",
      someText("a date format"),
    ),
    skipBadRows: flag("--skip-bad-rows", "import the rows that can be read even when others cannot"),
    dryRun: flag("--dry-run", "read the export and say what would be recorded, without recording"),
    json: flag("--json", "print the hourly check-ins (with --from) as JSON on stdout"),
    incident: incidentOption,
    actor: recorderOption,
  },
  examples: [
    "crisis checkin --mentions 1240 --negative 61 --media 2 --tickets 30",
    "crisis checkin   # asks for each number",
    "crisis checkin --from brandwatch-mentions.csv --timezone Europe/Copenhagen",
    "crisis checkin --from export.csv --columns date=Published,sentiment=Tone --dry-run",
    "crisis checkin --from talkwalker.csv --incident 2026-03-04-data-breach --json",
  ],
  helpAfter:
    "\nWith --from, importing the same export again records nothing new, and an export that overlaps an earlier one adds only the hours not recorded yet. Layouts and columns: docs/checkin.md.\n",
  journalSchemaOnDemand: true,
  async run(io, { options, global }) {
    const { mentions, negative, media, tickets, from, layout, columns, timezone, dateFormat, ...rest } = options;
    const { skipBadRows, dryRun, json, ...where } = rest;
    if (from !== undefined) {
      const given = {
        "--mentions": mentions,
        "--negative": negative,
        "--media": media,
        "--tickets": tickets,
        "--at": where.at,
      };
      const clash = Object.entries(given).find(([, v]) => v !== undefined)?.[0];
      if (clash)
        throw new CrisisError(
          `--from and ${clash} do not go together: an import takes its numbers and times from the export`,
          EXIT.usage,
        );
      const { columnsFrom } = await import("../core/checkin-import/layouts.js");
      const named = columns === undefined ? undefined : columnsFrom(columns);
      if (typeof named === "string") throw new CrisisError(`--columns: ${named}`, EXIT.usage);
      const { importCheckins } = await import("../services/checkin-import/import.js");
      await importCheckins(io, global, {
        from,
        layout,
        columns: named,
        timezone,
        dateFormat,
        skipBadRows,
        dryRun,
        json,
        incident: where.incident,
        actor: where.actor,
      });
      return;
    }
    const misplaced = Object.entries({
      "--layout": layout,
      "--columns": columns,
      "--timezone": timezone,
      "--date-format": dateFormat,
      "--skip-bad-rows": skipBadRows || undefined,
      "--dry-run": dryRun || undefined,
      "--json": json || undefined,
    }).find(([, v]) => v !== undefined)?.[0];
    if (misplaced) throw new CrisisError(`${misplaced} goes with --from FILE.csv`, EXIT.usage);
    const { recordCheckin } = await import("../services/incident/record.js");
    const numbers = {
      ...(mentions !== undefined ? { mentions_per_hour: mentions } : {}),
      ...(negative !== undefined ? { negative_share: negative } : {}),
      ...(media !== undefined ? { media_pickups: media } : {}),
      ...(tickets !== undefined ? { support_tickets: tickets } : {}),
    };
    await recordCheckin(io, global, numbers, where);
  },
});
