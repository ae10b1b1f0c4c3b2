import { z } from "zod";
import type { CommandInput } from "../cli.js";
import { CrisisError, EXIT } from "../errors.js";
import type { Io } from "../ui/output.js";
import { oneLine } from "../ui/sanitize.js";
import { openActive, parseAt } from "./incident-io.js";

const inputSchema = z.object({
  args: z.tuple([z.array(z.string()).min(1, "expected what was decided")]),
  options: z.object({
    why: z.string().optional(),
    alternatives: z.string().optional(),
    at: z.string().optional(),
    incident: z.string().optional(),
    actor: z.string().optional(),
  }),
});

export async function run(io: Io, input: CommandInput) {
  const { args, options } = inputSchema.parse(input);
  const what = args[0].join(" ").trim();
  let why = options.why?.trim();
  if (!why) {
    if (!io.stdinIsTTY)
      throw new CrisisError(
        "a decision needs its reason",
        EXIT.usage,
        `add --why "…" (and --alternatives "…" for what else was considered)`,
      );
    const { createInquirerPrompter } = await import("../ui/inquirer-prompter.js");
    const prompter = await createInquirerPrompter({ env: io.env });
    why = (await prompter.text({ message: "Why?", required: true, escape: "none" })).trim();
  }
  const at = parseAt(io, options.at);
  const { session } = openActive(io, input.global, options);
  session.append(
    "decision",
    { what, why, ...(options.alternatives?.trim() ? { alternatives: options.alternatives.trim() } : {}) },
    { at },
  );
  io.stderr.write(`Decision recorded in ${session.id}: ${oneLine(what)}\n`);
}
