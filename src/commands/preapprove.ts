import { arg, defineCommand, flag, value } from "./define.js";
import { someText } from "./values.js";

export const preapprove = defineCommand({
  name: "preapprove",
  description:
    "approve a message template in advance: stamp it with who approved it, as which role, today, and the hash of its text",
  args: { template: arg("<template>", "the template's id (data-breach/holding-short) or its .txt file") },
  options: {
    by: value("--by <name>", "who approved the text (required)", someText("the approver's name")),
    role: value(
      "--role <role>",
      "as which role, a role id such as legal (required)",
      someText("a role id such as legal"),
    ),
    json: flag("--json", "print the stamp as JSON"),
  },
  examples: [
    'crisis preapprove data-breach/holding-short --by "Jordan Lee" --role legal',
    'crisis preapprove templates/messages/acme/holding.txt --by "Sam Okafor" --role approver',
  ],
  helpAfter: `
A draft rendered from a pre-approved template with brand facts, the runner's facts and the
one-sentence description only needs the incident lead's confirmation during a crisis. Any edit of
the text voids the stamp (crisis lint reports it). See docs/playbook-format.md.`,
  async run(io, { args, options, global }) {
    const { preapproveTemplate } = await import("../services/templates/preapprove.js");
    const { CrisisError, EXIT } = await import("../errors.js");
    if (!options.by || !options.role)
      throw new CrisisError(
        `crisis preapprove needs ${!options.by ? "--by <name>" : "--role <role>"}`,
        EXIT.usage,
        'for example: crisis preapprove data-breach/holding-short --by "Jordan Lee" --role legal',
      );
    preapproveTemplate(io, global, args.template, { by: options.by, role: options.role, json: options.json });
  },
});
