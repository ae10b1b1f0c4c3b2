import { writeOutputFile } from "../../adapters/fs/durable-write.js";
import { fileError } from "../../adapters/fs/errors.js";
import { readRegularFile } from "../../adapters/fs/read.js";
import path from "node:path";
import { writeJson, type Io } from "../../adapters/terminal/io.js";
import { paint } from "../../adapters/terminal/paint.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import { configSchema, type Config } from "../../core/config/schema.js";
import { displayPath } from "../../core/display-path.js";
import { lintFiles } from "../../core/lint/engine.js";
import { exitCode } from "../../core/lint/exit-code.js";
import { formatResult, formatSummary } from "../../core/lint/format/index.js";
import { RULES } from "../../core/lint/rules/index.js";
import { SEVERITY_RANK, type Format, type LintInput, type LintResult, type Severity } from "../../core/lint/types.js";
import { parseYaml } from "../../core/yaml/parse.js";
import { validate } from "../../core/yaml/validate.js";
import { CrisisError, EXIT, type ExitCode } from "../../errors.js";
import { VERSION } from "../../version.js";
import { findConfig, type LoadedConfig } from "../workspace/config.js";
import { incidentsRoot } from "../workspace/incidents-dir.js";
import { playbookDirs, templateDirs, type WorkspaceOptions } from "../workspace/workspace.js";
import { discover, templatesIn, yamlIn } from "./discover.js";
import { readTextFile } from "../files.js";

/** Files up to this size are read and a finding says they are too large (over 1 MiB); larger ones are refused unread. */
const MAX_LINT_BYTES = 64 * 1024 * 1024;

/** The config for this run; an invalid one is linted like any file (and makes the exit code 2). */
function readConfig(io: Io, explicit: string | undefined): { loaded: LoadedConfig; valid: boolean } {
  const file = findConfig(io.cwd, io.env, explicit);
  if (!file) return { loaded: { config: {}, file: undefined, root: io.cwd }, valid: true };
  const text = readTextFile(file, { what: "the config file" });
  const parsed = parseYaml(text, file);
  const result = parsed.problems.length > 0 ? undefined : validate(configSchema, parsed.value ?? {}, parsed);
  const config: Config = result?.ok ? result.data : {};
  return { loaded: { config, file, root: path.dirname(file) }, valid: result?.ok === true };
}

function read(file: string, cwd: string): LintInput {
  // Read as bytes: the linter reports size and encoding problems as findings. A FIFO or a device
  // is refused at once, and nothing larger than MAX_LINT_BYTES is read at all.
  try {
    return { path: displayPath(file, cwd), text: readRegularFile(file, MAX_LINT_BYTES) };
  } catch (error) {
    throw fileError(error, file, "read");
  }
}

/** crisis lint --list-rules: every rule with its default severity (as JSON with --format json). */
export function listRules(io: Io, json: boolean): ExitCode {
  if (json) {
    writeJson(io, RULES);
    return EXIT.ok;
  }
  const c = paint(io, "stdout");
  const width = Math.max(...RULES.map((r) => r.id.length));
  for (const r of RULES) io.stdout.write(`${r.id.padEnd(width)}  ${c.bold(r.severity.padEnd(7))}  ${r.description}\n`);
  return EXIT.ok;
}

export interface LintOptions {
  format: Format;
  output?: string | undefined;
  maxWarnings?: number | undefined;
  failOn?: Severity | undefined;
  /** Same as failOn (kept for those who type it). */
  severity?: Severity | undefined;
  quiet?: boolean | undefined;
}

/** crisis lint: find the files, lint them with their workspace as context, report, and say how it went. */
export async function runLint(
  io: Io,
  global: WorkspaceOptions,
  paths: readonly string[],
  options: LintOptions,
): Promise<ExitCode> {
  const threshold: Severity = options.failOn ?? options.severity ?? "error";

  const { loaded, valid } = readConfig(io, global.config);
  // The same refusal as every other command: an incidents folder outside the repository.
  if (valid) incidentsRoot(loaded);
  // By default a team's run checks the team's own folders; the bundled playbooks are checked
  // only where no folders are configured (e.g. in this repository), since a team cannot edit them.
  const local = <T extends { source: string }>(dirs: T[]) =>
    dirs.some((d) => d.source === "local") ? dirs.filter((d) => d.source === "local") : dirs;
  const found = await discover(paths, io.cwd, {
    playbookDirs: local(playbookDirs(loaded)).map((d) => d.dir),
    templateDirs: local(templateDirs(loaded)).map((d) => d.dir),
  });
  if (found.missing.length > 0) {
    throw new CrisisError(
      `no such file or folder: ${found.missing.map(oneLine).join(", ")}`,
      EXIT.usage,
      "give playbook or template files, folders or quoted globs",
    );
  }
  const configPath = loaded.file === undefined ? undefined : displayPath(loaded.file, io.cwd);
  const files = found.files.map((f) => read(f, io.cwd));
  if (files.length === 0) {
    io.stderr.write(
      `crisis lint: no files to lint${paths.length > 0 ? ` (nothing matched ${paths.map(oneLine).join(", ")})` : ""}\n`,
    );
    return EXIT.noInput;
  }
  if (loaded.file !== undefined && !files.some((f) => f.path === configPath)) files.push(read(loaded.file, io.cwd));
  // Spines and templates give context to the files being linted; files that are linted too are read once.
  const byPath = new Map(files.map((f) => [f.path, f]));
  const workspaceFiles = [
    ...playbookDirs(loaded).flatMap((d) => yamlIn(d.dir).map((f) => ({ f, source: d.source }))),
    ...templateDirs(loaded).flatMap((d) => templatesIn(d.dir).map((f) => ({ f, source: d.source }))),
  ];
  const workspace = workspaceFiles.map(({ f, source }) => ({
    ...(byPath.get(displayPath(f, io.cwd)) ?? read(f, io.cwd)),
    source,
  }));

  const result = lintFiles(files, {
    config: loaded.config,
    ...(configPath ? { configFile: configPath } : {}),
    now: io.now(),
    workspace,
  });
  const shown: LintResult = options.quiet
    ? { ...result, findings: result.findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold]) }
    : result;

  const tool = { chalk: paint(io, "stdout"), version: VERSION, cwd: io.cwd };
  if (options.output !== undefined) {
    const target = path.resolve(io.cwd, options.output);
    try {
      writeOutputFile(
        target,
        formatResult(options.format, shown, { ...tool, chalk: paint({ ...io, env: { NO_COLOR: "1" } }, "stdout") }),
      );
    } catch (error) {
      throw fileError(error, target, "write");
    }
    io.stdout.write(formatResult("stylish", shown, tool));
  } else {
    io.stdout.write(formatResult(options.format, shown, tool));
  }
  io.stderr.write(formatSummary(shown, paint(io, "stderr")));

  return exitCode(result, { threshold, maxWarnings: options.maxWarnings, configPath, configValid: valid });
}
