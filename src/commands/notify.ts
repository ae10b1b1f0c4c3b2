import { arg, defineCommand, flag } from "./define.js";
import { someText } from "./values.js";

/**
 * crisis notify send|status|test: the webhook notifications of docs/notifications.md. Incident
 * commands send on their own (a background sender after each event that owes a notification);
 * these check a route, list what was sent, and send now.
 */

const incidentArg = arg("[id]", "incident id (default: the active incident)", { schema: someText("an incident id") });

const send = defineCommand({
  name: "send",
  description: "deliver what the incident owes now, in the foreground (incident commands do it in the background)",
  args: { id: incidentArg },
  options: {
    background: flag("--background", "send quietly: how incident commands start the sender", { hidden: true }),
  },
  examples: ["crisis notify send", "crisis notify send 2026-11-21-data-breach"],
  async run(io, { args, options, global }) {
    const { sendNow } = await import("../services/notify/run.js");
    return (await sendNow(io, global, { id: args.id, background: options.background })) as 0 | 2;
  },
});

const status = defineCommand({
  name: "status",
  description: "list the incident's notifications: route, event, status, attempts and the last outcome",
  args: { id: incidentArg },
  options: { json: flag("--json", "print it as JSON on stdout, with every attempt") },
  examples: ["crisis notify status", "crisis notify status 2026-11-21-data-breach --json"],
  async run(io, { args, options, global }) {
    const { printNotifyStatus } = await import("../services/notify/run.js");
    printNotifyStatus(io, global, { id: args.id, json: options.json });
  },
});

const test = defineCommand({
  name: "test",
  description: "send a test message to each route (or the one named) and say whether it arrived",
  args: { route: arg("[route]", "a route name from notify.routes", { schema: someText("a route name") }) },
  options: {},
  examples: ["crisis notify test", "crisis notify test team-slack"],
  async run(io, { args, global }) {
    const { testRoutes } = await import("../services/notify/run.js");
    return (await testRoutes(io, global, args.route)) as 0 | 2;
  },
});

export const notify = defineCommand({
  name: "notify",
  description: "check the webhook notifications: test a route, list what was sent, send now",
  args: {},
  options: {},
  examples: ["crisis notify test", "crisis notify status", "crisis notify send"],
  helpAfter: `
Routes are set in crisis.config.yaml under notify.routes; URLs and secrets come from environment
variables the config names. Exit codes: 0 done; 2 no notify config, a route failed or is not
configured; 4 no incident. docs/notifications.md.`,
  subcommands: [test, status, send],
  async run() {
    const { CrisisError, EXIT } = await import("../errors.js");
    throw new CrisisError("crisis notify needs what to do", EXIT.usage, "crisis notify test | status | send");
  },
});
