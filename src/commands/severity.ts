import { arg, defineCommand, value } from "./define.js";
import { incidentOption, recorderOption, someText } from "./values.js";

export const severity = defineCommand({
  name: "severity",
  description: "change the active incident's severity, with the reason",
  args: { level: arg("<level>", "SEV1 (most severe) to SEV4") },
  options: {
    reason: value("--reason <text>", "why (asked when missing and there is a terminal)", someText("a reason")),
    incident: incidentOption,
    actor: recorderOption,
  },
  examples: [
    'crisis severity SEV1 --reason "National news picked it up"',
    'crisis severity 3 --reason "Volume back to twice normal" --incident 2026-11-21-viral-complaint',
  ],
  journalSchemaOnDemand: true,
  async run(io, { args, options, global }) {
    const { changeSeverity } = await import("../services/incident/record.js");
    await changeSeverity(io, global, args.level, options);
  },
});
