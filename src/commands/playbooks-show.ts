import { arg, defineCommand, flag } from "./define.js";
import { someText } from "./values.js";

export const playbooksShow = defineCommand({
  name: "show",
  description: "show a playbook as a readable checklist",
  args: { id: arg("<id>", "playbook id", { schema: someText("a playbook id") }) },
  options: {
    markdown: flag("--markdown", "print a markdown document instead (for a wiki or a printout)"),
    json: flag("--json", "print the resolved playbook as JSON"),
  },
  examples: ["crisis playbooks show data-breach", "crisis playbooks show data-breach --markdown > data-breach.md"],
  async run(io, { args, options, global }) {
    const { showPlaybook } = await import("../services/playbooks.js");
    await showPlaybook(io, global, args.id, options);
  },
});
