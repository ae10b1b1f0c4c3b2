import { arg, defineCommand, flag, value } from "./define.js";
import { fileName, responderOption, someText } from "./values.js";

export const start = defineCommand({
  name: "start",
  description:
    "declare a crisis and work through a playbook step by step; every answer goes to the incident's journal at once",
  args: {
    playbook: arg("[playbook]", "playbook id (default: choose from a searchable list)", {
      schema: someText("a playbook id"),
    }),
  },
  options: {
    answers: value(
      "--answers <file>",
      "answer every question from a YAML file instead of asking (see docs/start.md)",
      fileName,
    ),
    drill: flag("--drill", "an exercise: marked in the journal and log, and every drafted message carries [DRILL]"),
    actor: responderOption,
  },
  examples: [
    "crisis start",
    "crisis start data-breach",
    "crisis start service-outage --drill",
    "crisis start data-breach --answers drill-answers.yaml",
  ],
  helpAfter:
    "\nAt any question press Esc for the actions: note, decision, check-in, severity, roles, skip step, back, pause, resolve.\nCtrl+C stops at once; nothing answered is lost, and crisis resume <id> continues. See docs/start.md.\n",
  async run(io, { args, options, global }) {
    const { startIncident } = await import("../services/incident/start.js");
    return startIncident(io, global, { playbook: args.playbook, ...options });
  },
});
