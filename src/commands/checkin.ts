import { z } from "zod";
import type { CommandInput } from "../cli.js";
import { CrisisError, EXIT } from "../errors.js";
import type { EventData } from "../journal/events.js";
import type { Io } from "../ui/output.js";
import { openActive, parseAt } from "./incident-io.js";

const count = z.coerce.number().int().nonnegative();
const inputSchema = z.object({
  options: z.object({
    mentions: z.coerce.number().nonnegative().optional(),
    negative: z.coerce.number().min(0).max(100).optional(),
    media: count.optional(),
    tickets: count.optional(),
    at: z.string().optional(),
    incident: z.string().optional(),
    actor: z.string().optional(),
  }),
});

export async function run(io: Io, input: CommandInput) {
  const { options } = inputSchema.parse(input);
  const data: EventData<"metric_snapshot"> = {
    ...(options.mentions !== undefined ? { mentions_per_hour: options.mentions } : {}),
    ...(options.negative !== undefined ? { negative_share: options.negative } : {}),
    ...(options.media !== undefined ? { media_pickups: options.media } : {}),
    ...(options.tickets !== undefined ? { support_tickets: options.tickets } : {}),
  };
  if (Object.keys(data).length === 0) {
    if (!io.stdinIsTTY)
      throw new CrisisError(
        "a check-in needs at least one number",
        EXIT.usage,
        "give --mentions, --negative, --media or --tickets",
      );
    const { createInquirerPrompter } = await import("../ui/inquirer-prompter.js");
    const p = await createInquirerPrompter({ env: io.env });
    const ask = (message: string, max?: number) =>
      p.number({
        message: `${message} (empty if unknown)`,
        min: 0,
        ...(max !== undefined ? { max } : {}),
        escape: "none",
      });
    const mentions = await ask("Mentions in the last hour");
    const negative = await ask("Negative share, in percent", 100);
    const media = await ask("Media pickups so far");
    const tickets = await ask("Support tickets about it");
    if (mentions !== undefined) data.mentions_per_hour = mentions;
    if (negative !== undefined) data.negative_share = negative;
    if (media !== undefined) data.media_pickups = Math.round(media);
    if (tickets !== undefined) data.support_tickets = Math.round(tickets);
  }
  const at = parseAt(io, options.at);
  const { session } = openActive(io, input.global, options);
  session.append("metric_snapshot", data, { at });
  const parts = Object.entries(data).map(([k, v]) => `${k.replace(/_/g, " ")} ${String(v)}`);
  io.stderr.write(`Check-in recorded in ${session.id}: ${parts.join(", ") || "no numbers"}\n`);
}
