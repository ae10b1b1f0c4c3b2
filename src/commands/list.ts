import { defineCommand, flag } from "./define.js";

export const list = defineCommand({
  name: "list",
  description: "list incidents: status, severity, time since declaration, next update due",
  args: {},
  options: {
    open: flag("--open", "only incidents that are not resolved"),
    json: flag("--json", "print the list as JSON on stdout"),
  },
  examples: ["crisis list", "crisis list --open", "crisis list --json | jq '.incidents[] | select(.update_overdue)'"],
  async run(io, { options, global }) {
    const { printIncidentList } = await import("../services/incident/list.js");
    printIncidentList(io, global, options);
  },
});
