import { z } from "zod";
import type { CommandInput } from "../cli.js";
import { jsonSchemaFor } from "../playbook/json-schema.js";
import type { Io } from "../ui/output.js";

const optionsSchema = z.object({ for: z.enum(["playbook", "spine", "config", "journal"]).default("playbook") });

export async function run(io: Io, input: CommandInput) {
  const options = optionsSchema.parse(input.options);
  io.stdout.write(`${JSON.stringify(jsonSchemaFor(options.for), null, 2)}\n`);
}
