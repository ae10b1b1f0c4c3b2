import { defineCommand, flag } from "./define.js";
import { playbooksShow } from "./playbooks-show.js";

export const playbooks = defineCommand({
  name: "playbooks",
  description: "list the available playbooks: id, title, crisis type, steps and where each comes from",
  args: {},
  options: { json: flag("--json", "print the list as JSON on stdout") },
  examples: ["crisis playbooks", "crisis playbooks --json | jq '.playbooks[].id'", "crisis playbooks show data-breach"],
  subcommands: [playbooksShow],
  journalSchemaOnDemand: true,
  async run(io, { options, global }) {
    const { listPlaybooks } = await import("../services/playbooks.js");
    return await listPlaybooks(io, global, options);
  },
});
