import { arg, defineCommand } from "./define.js";
import { atOption, incidentOption, recorderOption } from "./values.js";

export const note = defineCommand({
  name: "note",
  description: "add a note to the active incident's timeline, from any terminal (start it with TODO: for a follow-up)",
  args: { text: arg("<text...>", "the note") },
  options: { at: atOption, incident: incidentOption, actor: recorderOption },
  examples: [
    'crisis note "Journalist from the Daily Post called; sent to press office"',
    'crisis note "Ads paused" --at -15m',
    'crisis note "TODO: why did the approval step not catch the image?"',
  ],
  journalSchemaOnDemand: true,
  async run(io, { args, options, global }) {
    const { recordNote } = await import("../services/incident/record.js");
    await recordNote(io, global, args.text.join(" ").trim(), options);
  },
});
