import path from "node:path";
import type { Io } from "../../adapters/terminal/io.js";
import { CrisisError, EXIT } from "../../errors.js";
import { findIncident } from "../incident/registry.js";
import { incidentsRoot } from "../workspace/incidents-dir.js";
import type { LoadedConfig } from "../workspace/config.js";
import { findConfig } from "../workspace/find-config.js";
import type { WorkspaceOptions } from "../workspace/workspace.js";
import { latestIncident, runPostmortem } from "./run.js";

export interface WriteOptions {
  /** The incident id; default the most recently opened incident. */
  id?: string | undefined;
  format: "markdown" | "json" | "html";
  /** A retrospective answers file, used instead of asking. */
  answers?: string | undefined;
  /** false: do not ask the retrospective (an answers file is still recorded). */
  retro: boolean;
  output?: string | undefined;
  maxGapMs?: number | undefined;
  actions?: "csv" | "json" | undefined;
  issues?: boolean | undefined;
  repo?: string | undefined;
}

/** crisis postmortem: find the incident, take the retrospective (asked or from a file), and write the review. */
export async function writePostmortem(io: Io, global: WorkspaceOptions, options: WriteOptions): Promise<void> {
  // stdout carries one thing: the document, its JSON, or the action items.
  const stdoutDoc = options.output === "-" || (options.format === "json" && options.output === undefined);
  if (options.actions && stdoutDoc)
    throw new CrisisError(
      `--actions ${options.actions} prints the action items on stdout, where the post-mortem would also go`,
      EXIT.usage,
      "write the post-mortem to a file (--output FILE, or the default incidents/<id>/postmortem.md)",
    );
  const config = await configFor(io, global.config);
  const root = incidentsRoot(config);
  const incidentDir = options.id === undefined ? latestIncident(root) : findIncident(root, options.id);
  const answers = options.answers
    ? (await import("./retro-answers.js")).loadRetroAnswers(path.resolve(io.cwd, options.answers))
    : undefined;
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
    ...(options.actions ? { actions: options.actions } : {}),
    ...(options.issues ? { issues: true } : {}),
    ...(options.repo ? { repo: options.repo } : {}),
  });
}

/**
 * The config, with its parser (yaml and zod) loaded only when there is a file to parse: without
 * one the post-mortem has nothing to load but itself.
 */
async function configFor(io: Io, explicit: string | undefined): Promise<LoadedConfig> {
  if (findConfig(io.cwd, io.env, explicit) === undefined) return { config: {}, file: undefined, root: io.cwd };
  const { loadConfig } = await import("../workspace/config.js");
  return loadConfig(io.cwd, io.env, explicit);
}
