import { arg, defineCommand, flag } from "./define.js";
import { someText } from "./values.js";

export const sync = defineCommand({
  name: "sync",
  description: "exchange incidents with the team's git remote (sync.remote): receive what others recorded, send yours",
  args: {
    id: arg("[id]", "incident id (default: every incident here, and list the team's open ones)", {
      schema: someText("an incident id"),
    }),
  },
  options: { json: flag("--json", "print what was synced as JSON on stdout") },
  examples: ["crisis sync", "crisis sync 2026-11-21-data-breach", "crisis sync --json"],
  helpAfter: `
Incidents travel under refs/crisis/incidents/<id> on the remote, never on its branches; every
other command works offline and sync catches up later. docs/team.md explains the setup.
Exit codes: 0 synced; 2 no remote configured, git missing or the remote unreachable; 4 no such incident here.`,
  async run(io, { args, options, global }) {
    const { runSync } = await import("../services/sync/run.js");
    await runSync(io, global, { id: args.id, ...options });
  },
});

export const join = defineCommand({
  name: "join",
  description: "fetch one of the team's incidents from the sync remote to work on it here",
  args: { id: arg("<id>", "incident id (crisis list --remote lists them)", { schema: someText("an incident id") }) },
  options: {},
  examples: ["crisis list --remote", "crisis join 2026-11-21-data-breach"],
  async run(io, { args, global }) {
    const { joinIncident } = await import("../services/sync/run.js");
    await joinIncident(io, global, args.id);
  },
});
