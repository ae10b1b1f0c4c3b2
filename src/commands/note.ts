import { z } from "zod";
import type { CommandInput } from "../cli.js";
import type { Io } from "../ui/output.js";
import { oneLine } from "../ui/sanitize.js";
import { logUtc } from "../util/time.js";
import { openActive, parseAt } from "./incident-io.js";

const inputSchema = z.object({
  args: z.tuple([z.array(z.string()).min(1, "expected the note's text")]),
  options: z.object({ at: z.string().optional(), incident: z.string().optional(), actor: z.string().optional() }),
});

export async function run(io: Io, input: CommandInput) {
  const { args, options } = inputSchema.parse(input);
  const text = args[0].join(" ").trim();
  const at = parseAt(io, options.at);
  const { session } = openActive(io, input.global, options);
  const event = session.append("note", { text }, { at });
  io.stderr.write(
    `Noted in ${session.id} at ${logUtc(event.at)}${text.startsWith("TODO:") ? " (a TODO for the post-mortem)" : ""}: ${oneLine(text)}\n`,
  );
}
