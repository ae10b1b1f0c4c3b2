import { arg, defineCommand, flag, value } from "./define.js";
import { someText } from "./values.js";

export const exportCommand = defineCommand({
  name: "export",
  description: "write an incident's approved messages, one file per channel, plus an index (messages.json)",
  args: {
    id: arg("[id]", "incident id (default: the active incident, else the most recent)", {
      schema: someText("an incident id"),
    }),
  },
  options: {
    messages: flag("--messages", "export the approved message texts (the only export for now)"),
    dir: value("--dir <folder>", "where to write them (default: incidents/<id>/messages)", someText("a folder")),
    json: flag("--json", "print the index as JSON on stdout instead of the list of files"),
  },
  examples: [
    "crisis export --messages",
    "crisis export 2026-11-21-data-breach --messages --dir handoff/",
    "crisis export --messages --json",
  ],
  helpAfter: `
Each text that every role it needed approved (or that went out) is written once per channel, named
by order, step, template and channel (01-acknowledge.viral-complaint-holding-reply.x.txt), exactly
as approved. messages.json lists them with approvals, publication times and links. Publishing stays
a human act: crisis start records each post and its link.`,
  async run(io, { args, options, global }) {
    if (!options.messages) {
      const { CrisisError, EXIT } = await import("../errors.js");
      throw new CrisisError("say what to export: --messages", EXIT.usage, "crisis export --messages");
    }
    const { exportMessages } = await import("../services/incident/export.js");
    return exportMessages(io, global, { id: args.id, dir: options.dir, json: options.json });
  },
});
