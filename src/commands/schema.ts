import { z } from "zod";
import type { CommandInput } from "../cli.js";
import { fieldTable } from "../playbook/field-docs.js";
import { jsonSchemaFor } from "../playbook/json-schema.js";
import type { Io } from "../ui/output.js";

const optionsSchema = z.object({
  for: z.enum(["playbook", "spine", "config", "journal"]).default("playbook"),
  markdown: z.boolean().optional(),
});

export async function run(io: Io, input: CommandInput) {
  const options = optionsSchema.parse(input.options);
  const schema = jsonSchemaFor(options.for);
  io.stdout.write(options.markdown ? `${fieldTable(schema)}\n` : `${JSON.stringify(schema, null, 2)}\n`);
}
