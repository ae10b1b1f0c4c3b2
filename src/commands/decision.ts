import { arg, defineCommand, value } from "./define.js";
import { atOption, incidentOption, recorderOption, someText } from "./values.js";

export const decision = defineCommand({
  name: "decision",
  description: "record a decision on the active incident: what, why, and what else was considered",
  args: { what: arg("<what...>", "what was decided") },
  options: {
    why: value("--why <reason>", "why (asked when missing and there is a terminal)", someText("a reason")),
    alternatives: value("--alternatives <text>", "what else was considered", someText("what else was considered")),
    at: atOption,
    incident: incidentOption,
    actor: recorderOption,
  },
  examples: ['crisis decision "Apologise publicly" --why "We sent the e-mail in error" --alternatives "Explain only"'],
  journalSchemaOnDemand: true,
  async run(io, { args, options, global }) {
    const { recordDecision } = await import("../services/incident/record.js");
    await recordDecision(io, global, args.what.join(" ").trim(), options);
  },
});
