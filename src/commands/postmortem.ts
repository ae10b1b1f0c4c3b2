import path from "node:path";
import { z } from "zod";
import type { CommandInput } from "../cli.js";
import { loadConfig } from "../config/load.js";
import { CrisisError, EXIT } from "../errors.js";
import { findIncident, incidentsRoot } from "../incident/registry.js";
import { latestIncident, runPostmortem } from "../postmortem/run.js";
import { loadRetroAnswers } from "../postmortem/retro.js";
import { parseDuration } from "../postmortem/time.js";
import type { Io } from "../ui/output.js";

const inputSchema = z.object({
  args: z.tuple([z.string().min(1).optional()]).or(z.tuple([])),
  options: z.object({
    format: z.enum(["markdown", "json"]).default("markdown"),
    answers: z.string().min(1).optional(),
    retro: z.boolean().default(true),
    output: z.string().min(1).optional(),
    maxGap: z.string().optional(),
  }),
});

export async function run(io: Io, input: CommandInput) {
  const { args, options } = inputSchema.parse(input);
  const maxGapMs = options.maxGap === undefined ? undefined : parseDuration(options.maxGap);
  if (options.maxGap !== undefined && maxGapMs === undefined) {
    throw new CrisisError(`--max-gap ${options.maxGap}: expected a duration such as 30m, 4h or 1d`, EXIT.usage);
  }
  const config = loadConfig(io.cwd, io.env, input.global.config);
  const root = incidentsRoot(config);
  const id = args[0];
  const incidentDir = id === undefined ? latestIncident(root) : findIncident(root, id);
  const answers = options.answers ? loadRetroAnswers(path.resolve(io.cwd, options.answers)) : undefined;
  // Ask only a person at a terminal, and only when no answers file stands in for them. --no-retro
  // stops the asking; an answers file given with it is still recorded.
  const ask = options.retro && !answers && io.stdinIsTTY;
  // Questions go to stderr: stdout may be carrying the post-mortem itself (--output - or --format json).
  const prompter = ask
    ? await (await import("../ui/inquirer-prompter.js")).createInquirerPrompter({ env: io.env, output: process.stderr })
    : undefined;
  await runPostmortem({
    io,
    incidentDir,
    config,
    format: options.format,
    ...(answers ? { answers } : {}),
    ...(prompter ? { prompter } : {}),
    ...(options.output ? { output: options.output } : {}),
    ...(maxGapMs !== undefined ? { maxGapMs } : {}),
  });
  return EXIT.ok;
}
