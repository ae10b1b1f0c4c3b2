import { arg, defineCommand, flag, value } from "./define.js";
import { fileName, responderOption, someText } from "./values.js";

export const resume = defineCommand({
  name: "resume",
  description: "continue an open incident exactly where it stopped",
  args: {
    id: arg("[id]", "incident id (default: the most recently opened open incident)", {
      schema: someText("an incident id"),
    }),
  },
  options: {
    answers: value("--answers <file>", "answer the remaining questions from a YAML file (see docs/start.md)", fileName),
    actor: responderOption,
    force: flag("--force", "resume even if another crisis process seems to be running this incident"),
  },
  examples: [
    "crisis resume",
    "crisis resume 2026-11-21-data-breach",
    "crisis resume 2026-11-21-data-breach --answers drill-answers.yaml",
  ],
  async run(io, { args, options, global }) {
    const { resumeIncident } = await import("../services/incident/resume.js");
    return resumeIncident(io, global, { id: args.id, ...options });
  },
});
