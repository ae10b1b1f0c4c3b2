import { arg, choice, defineCommand, flag, negatedFlag, value } from "./define.js";
import { durationMs, fileName, jsonFormat, someText } from "./values.js";

export const postmortem = defineCommand({
  name: "postmortem",
  description:
    "write the blameless post-mortem of an incident from its journal: metrics against targets, timeline, charts, retrospective",
  args: {
    id: arg("[id]", "incident id (default: the most recently opened incident)", { schema: someText("an incident id") }),
  },
  options: {
    format: choice(
      "--format <format>",
      "markdown; json for the same content as data; html for one self-contained page with the charts drawn (incidents/<id>/postmortem.html)",
      ["markdown", "json", "html"],
      { default: "markdown" },
    ),
    answers: value(
      "--answers <file>",
      "retrospective answers from a YAML file instead of asking (see docs/postmortem.md)",
      fileName,
    ),
    json: flag("--json", "same as --format json"),
    retro: negatedFlag("--no-retro", "do not ask the retrospective questions; just render"),
    output: value(
      "-o, --output <file>",
      "write here instead (- for stdout); default incidents/<id>/postmortem.md, or stdout for json",
      fileName,
    ),
    maxGap: value("--max-gap <duration>", "warn about timeline gaps longer than this", durationMs, "4h"),
    actions: choice(
      "--actions <format>",
      "also print the action items on stdout, as csv or json (for a tracker's import)",
      ["csv", "json"],
    ),
    issues: flag(
      "--issues",
      "open a GitHub issue for each action item not opened yet (needs followups.github.repo or --repo, and a token in $GITHUB_TOKEN)",
    ),
    repo: value(
      "--repo <owner/name>",
      "the repository for --issues (over followups.github.repo)",
      someText("owner/name"),
    ),
  },
  examples: [
    "crisis postmortem",
    "crisis postmortem 2026-03-04-data-breach",
    "crisis postmortem 2026-03-04-data-breach --answers retro.yaml",
    "crisis postmortem --no-retro --json | jq '.metrics[] | select(.status == \"missed\")'",
    "crisis postmortem 2026-03-04-data-breach --output - > review.md",
    "crisis postmortem 2026-03-04-data-breach --no-retro --format html -o review.html",
    "crisis postmortem --no-retro --actions csv > actions.csv",
    "GITHUB_TOKEN=… crisis postmortem --no-retro --issues --repo acme/comms",
  ],
  helpAfter:
    "\nWithout a terminal (CI, pipes) nothing is asked. Warnings from the checks go to stderr and do not change the exit code.\nNothing is sent anywhere without --issues; an action item whose issue is recorded is never opened again.\n",
  // The post-mortem reads the journal through withJournalSchema (services/postmortem/run.ts): zod
  // loads only for a line the quick check leaves to it, or to record retrospective events.
  journalSchemaOnDemand: true,
  async run(io, { args, options, global }) {
    const { writePostmortem } = await import("../services/postmortem/write.js");
    const { maxGap, json, ...rest } = options;
    const format = jsonFormat(json, rest.format, "markdown");
    await writePostmortem(io, global, { id: args.id, ...rest, format, maxGapMs: maxGap });
  },
});
