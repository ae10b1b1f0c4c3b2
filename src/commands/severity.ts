import { z } from "zod";
import type { CommandInput } from "../cli.js";
import { CrisisError, EXIT } from "../errors.js";
import { SEVERITIES, type Severity } from "../playbook/schema.js";
import { rank } from "../severity/score.js";
import type { Io } from "../ui/output.js";
import { oneLine } from "../ui/sanitize.js";
import { openActive } from "./incident-io.js";

const inputSchema = z.object({
  args: z.tuple([z.string()]),
  options: z.object({ reason: z.string().optional(), incident: z.string().optional(), actor: z.string().optional() }),
});

/** SEV2, sev2, 2 → SEV2. */
export function parseLevel(text: string): Severity | undefined {
  const m = /^(?:sev)?\s*([1-4])$/i.exec(text.trim());
  return m ? (`SEV${m[1]}` as Severity) : undefined;
}

export async function run(io: Io, input: CommandInput) {
  const { args, options } = inputSchema.parse(input);
  const to = parseLevel(args[0]);
  if (!to)
    throw new CrisisError(`"${args[0]}" is not a severity`, EXIT.usage, `expected one of: ${SEVERITIES.join(", ")}`);
  let reason = options.reason?.trim();
  if (!reason) {
    if (!io.stdinIsTTY) throw new CrisisError("a severity change needs its reason", EXIT.usage, `add --reason "…"`);
    const { createInquirerPrompter } = await import("../ui/inquirer-prompter.js");
    const prompter = await createInquirerPrompter({ env: io.env });
    reason = (await prompter.text({ message: `Why ${to}?`, required: true, escape: "none" })).trim();
  }
  const { session, playbook } = openActive(io, input.global, options);
  const from = session.state.severity;
  if (from === to) {
    io.stderr.write(`${session.id} is already ${to}; nothing recorded.\n`);
    return EXIT.ok;
  }
  session.append("severity_changed", { from, to, reason });
  io.stderr.write(`${session.id}: severity ${from ?? "not set"} → ${to}. Reason: ${oneLine(reason)}\n`);
  const missing = (playbook?.roles ?? []).filter(
    (r) => r.required_from !== undefined && rank(to) >= rank(r.required_from) && !session.state.roles[r.id],
  );
  if (missing.length > 0)
    io.stderr.write(
      `At ${to} these roles need a person: ${missing.map((r) => oneLine(r.title)).join(", ")}. The runner asks for them at the next step.\n`,
    );
  return EXIT.ok;
}
