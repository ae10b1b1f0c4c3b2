import { defineCommand, flag, value, arg } from "./define.js";
import { incidentOption, recorderOption, someText } from "./values.js";

export const approve = defineCommand({
  name: "approve",
  description: "approve or reject, on your own machine, each message waiting for your role (exact text and sha256)",
  args: { id: arg("[id]", "incident id (default: the active incident)", { schema: someText("an incident id") }) },
  options: {
    role: value(
      "--role <role>",
      "the role you approve as (default: the role you hold, or asked)",
      someText("a role id"),
    ),
    hash: value("--hash <sha256>", "only the text whose sha256 starts with this", someText("a sha256 prefix")),
    yes: flag("--yes", "approve without asking (needs --hash when several texts wait)"),
    reject: value("--reject <reason>", "reject with this reason instead", someText("a reason")),
    actor: recorderOption,
    incident: incidentOption,
  },
  examples: [
    "crisis approve",
    "crisis approve 2026-11-21-data-breach --role legal",
    "crisis approve --role legal --hash 3f9a1c --yes",
    'crisis approve --role legal --hash 3f9a1c --reject "do not name the supplier"',
  ],
  helpAfter: `
The approval is recorded with your name (--actor, $CRISIS_ACTOR) and your machine, and synced
when sync.remote is set; the lead's crisis start picks it up while it waits. docs/team.md.`,
  async run(io, { args, options, global }) {
    const { approveTexts } = await import("../services/incident/approve.js");
    await approveTexts(io, global, { ...options, incident: args.id ?? options.incident });
  },
});
