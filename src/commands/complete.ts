import { argChoice, defineCommand } from "./define.js";

export const complete = defineCommand({
  name: "__complete",
  hidden: true,
  description: "print playbook or incident ids, one per line (used by the completion scripts)",
  args: { kind: argChoice("<kind>", "what to list", ["playbooks", "incidents"]) },
  options: {},
  examples: ["crisis __complete playbooks", "crisis __complete incidents"],
  async run(io, { args, global }) {
    const { completeIds } = await import("../services/completion/ids.js");
    completeIds(io, global, args.kind);
  },
});
