import { defineCommand, flag } from "./define.js";

export const list = defineCommand({
  name: "list",
  description: "list incidents: status, severity, time since declaration, next update due",
  args: {},
  options: {
    open: flag("--open", "only incidents that are not resolved"),
    json: flag("--json", "print the list as JSON on stdout"),
    remote: flag("--remote", "the team's incidents on the sync remote (sync.remote), with whether each is here"),
  },
  examples: [
    "crisis list",
    "crisis list --open",
    "crisis list --remote",
    "crisis list --json | jq '.incidents[] | select(.update_overdue)'",
  ],
  journalSchemaOnDemand: true,
  async run(io, { options, global }) {
    if (options.remote) {
      const { printRemoteList } = await import("../services/sync/run.js");
      return printRemoteList(io, global, options);
    }
    const { printIncidentList } = await import("../services/incident/list.js");
    await printIncidentList(io, global, options);
  },
});
