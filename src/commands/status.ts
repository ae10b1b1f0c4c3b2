import { arg, defineCommand, flag } from "./define.js";
import { someText } from "./values.js";

export const status = defineCommand({
  name: "status",
  description: "show one incident: status, step, severity, roles, time since declaration, next update due",
  args: { id: arg("[id]", "incident id (default: the active incident)", { schema: someText("an incident id") }) },
  options: { json: flag("--json", "print it as JSON on stdout") },
  examples: ["crisis status", "crisis status 2026-11-21-data-breach --json"],
  journalSchemaOnDemand: true,
  async run(io, { args, options, global }) {
    const { printIncidentStatus } = await import("../services/incident/status.js");
    await printIncidentStatus(io, global, { id: args.id, ...options });
  },
});
