import { z } from "zod";
import type { CommandInput } from "../cli.js";
import { getPlaybook } from "../playbook/catalog.js";
import { renderChecklist, renderPlaybookMarkdown } from "../playbook/render.js";
import { paint, writeJson, type Io } from "../ui/output.js";
import { loadWorkspace } from "./context.js";

const inputSchema = z.object({
  args: z.tuple([z.string().min(1)]),
  options: z.object({ markdown: z.boolean().optional(), json: z.boolean().optional() }),
});

export async function run(io: Io, input: CommandInput) {
  const { args, options } = inputSchema.parse(input);
  const { catalog } = loadWorkspace(io, input.global);
  const playbook = getPlaybook(catalog, args[0]);
  if (options.json) writeJson(io, playbook);
  else if (options.markdown) io.stdout.write(renderPlaybookMarkdown(playbook));
  else io.stdout.write(renderChecklist(playbook, paint(io, "stdout")));
}
