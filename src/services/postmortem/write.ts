import path from "node:path";
import type { Io } from "../../adapters/terminal/io.js";
import { findIncident } from "../incident/registry.js";
import { incidentsRoot } from "../workspace/incidents-dir.js";
import { loadConfig } from "../workspace/config.js";
import type { WorkspaceOptions } from "../workspace/workspace.js";
import { latestIncident, runPostmortem } from "./run.js";
import { loadRetroAnswers } from "./retro-answers.js";

export interface WriteOptions {
  /** The incident id; default the most recently opened incident. */
  id?: string | undefined;
  format: "markdown" | "json";
  /** A retrospective answers file, used instead of asking. */
  answers?: string | undefined;
  /** false: do not ask the retrospective (an answers file is still recorded). */
  retro: boolean;
  output?: string | undefined;
  maxGapMs?: number | undefined;
}

/** crisis postmortem: find the incident, take the retrospective (asked or from a file), and write the review. */
export async function writePostmortem(io: Io, global: WorkspaceOptions, options: WriteOptions): Promise<void> {
  const config = loadConfig(io.cwd, io.env, global.config);
  const root = incidentsRoot(config);
  const incidentDir = options.id === undefined ? latestIncident(root) : findIncident(root, options.id);
  const answers = options.answers ? loadRetroAnswers(path.resolve(io.cwd, options.answers)) : undefined;
  // Ask only a person at a terminal, and only when no answers file stands in for them. --no-retro
  // stops the asking; an answers file given with it is still recorded.
  const ask = options.retro && !answers && io.stdinIsTTY;
  // Questions go to stderr: stdout may be carrying the post-mortem itself (--output - or --format json).
  const prompter = ask ? await io.prompter({ output: "stderr" }) : undefined;
  await runPostmortem({
    io,
    incidentDir,
    config,
    format: options.format,
    ...(answers ? { answers } : {}),
    ...(prompter ? { prompter } : {}),
    ...(options.output ? { output: options.output } : {}),
    ...(options.maxGapMs !== undefined ? { maxGapMs: options.maxGapMs } : {}),
  });
}
