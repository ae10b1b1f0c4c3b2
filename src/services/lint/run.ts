import { writeOutputFile } from "../../adapters/fs/durable-write.js";
import { fileError } from "../../adapters/fs/errors.js";
import { readRegularFile } from "../../adapters/fs/read.js";
import path from "node:path";
import { writeJson, type Io } from "../../adapters/terminal/io.js";
import { paint } from "../../adapters/terminal/paint.js";
import { startProgress } from "../../adapters/terminal/progress.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import { configSchema, type Config } from "../../core/config/schema.js";
import { packageRoot } from "../../adapters/fs/package-root.js";
import { displayPath, relativePath } from "../../core/display-path.js";
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
import { bundledFile, declaredIds, teamFindings } from "./scope.js";

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

/**
 * A team playbook's text, only to see which bundled ids it replaces: a file that cannot be read
 * counts as declaring nothing here, and read() then reports it like any other (exit 2).
 */
function idsText(file: string): string {
  try {
    return readRegularFile(file, MAX_LINT_BYTES).toString("utf8");
  } catch {
    return "";
  }
}

/** How a file of the run is named: the package's own files relative to the working folder, like the team's. */
const shownPath = (file: string, cwd: string): string =>
  file.startsWith(packageRoot() + path.sep) ? relativePath(file, cwd) : displayPath(file, cwd);

function read(file: string, cwd: string): LintInput {
  // Read as bytes: the linter reports size and encoding problems as findings. A FIFO or a device
  // is refused at once, and nothing larger than MAX_LINT_BYTES is read at all.
  try {
    return { path: shownPath(file, cwd), text: readRegularFile(file, MAX_LINT_BYTES) };
  } catch (error) {
    throw fileError(error, file, "read");
  }
}

/** crisis lint --list-rules: every rule with its default severity (as JSON with --format json). */
export function listRules(io: Io, json: boolean): ExitCode {
  if (json) {
    writeJson(io, {
      version: 1,
      rules: RULES.map((r) => ({
        id: r.id,
        severity: r.severity,
        description: r.description,
        fix: r.fix,
        can_be_off: r.fixed !== true,
      })),
    });
    return EXIT.ok;
  }
  const c = paint(io, "stdout");
  const width = Math.max(...RULES.map((r) => r.id.length));
  for (const r of RULES) io.stdout.write(`${r.id.padEnd(width)}  ${c.bold(r.severity.padEnd(7))}  ${r.description}\n`);
  return EXIT.ok;
}

/**
 * The files of this run. Paths given: those. Otherwise, where the config names the team's own
 * folders, their playbooks and templates, plus the bundled playbooks they have not replaced, linted
 * in the team's context (services/lint/scope.ts); where it names none (this repository, or a
 * folder without a config), the bundled playbooks and templates themselves.
 */
async function chooseFiles(
  io: Io,
  loaded: LoadedConfig,
  paths: readonly string[],
): Promise<{ files: string[]; bundledInContext: string[] }> {
  const dirs = playbookDirs(loaded);
  const team = dirs.filter((d) => d.source === "local");
  const templates = templateDirs(loaded);
  const teamTemplates = templates.filter((d) => d.source === "local");
  const teamRun = paths.length === 0 && (team.length > 0 || teamTemplates.length > 0);
  const found = await discover(paths, io.cwd, {
    playbookDirs: (teamRun ? team : dirs).map((d) => d.dir),
    templateDirs: (teamRun ? teamTemplates : templates).map((d) => d.dir),
  });
  if (found.missing.length > 0) {
    throw new CrisisError(
      `no such file or folder: ${found.missing.map(oneLine).join(", ")}`,
      EXIT.usage,
      "give playbook or template files, folders or quoted globs",
    );
  }
  if (!teamRun) return { files: found.files, bundledInContext: [] };
  const own = declaredIds(found.files.filter((f) => /\.ya?ml$/.test(f)).map(idsText));
  const bundledInContext = dirs
    .filter((d) => d.source === "bundled")
    .flatMap((d) => yamlIn(d.dir))
    .filter((f) => {
      const { id, spine } = bundledFile(f);
      return !(spine ? own.spines : own.playbooks).has(id);
    });
  return { files: [...found.files, ...bundledInContext], bundledInContext };
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
  const scope = await chooseFiles(io, loaded, paths);
  const configPath = loaded.file === undefined ? undefined : displayPath(loaded.file, io.cwd);
  const files = scope.files.map((f) => read(f, io.cwd));
  if (
    loaded.file !== undefined &&
    (paths.length === 0 || files.length > 0) &&
    !files.some((f) => f.path === configPath)
  )
    files.push(read(loaded.file, io.cwd));
  if (files.length === 0) {
    io.stderr.write(
      `crisis lint: no files to lint${paths.length > 0 ? ` (nothing matched ${paths.map(oneLine).join(", ")})` : ""}\n`,
    );
    return EXIT.noInput;
  }
  // Spines and templates give context to the files being linted; files that are linted too are read once.
  const byPath = new Map(files.map((f) => [f.path, f]));
  const workspaceFiles = [
    ...playbookDirs(loaded).flatMap((d) => yamlIn(d.dir).map((f) => ({ f, source: d.source }))),
    ...templateDirs(loaded).flatMap((d) => templatesIn(d.dir).map((f) => ({ f, source: d.source }))),
  ];
  const workspace = workspaceFiles.map(({ f, source }) => ({
    ...(byPath.get(shownPath(f, io.cwd)) ?? read(f, io.cwd)),
    source,
  }));

  const progress = await startProgress(io, `Linting ${files.length} files`);
  let linted;
  try {
    linted = lintFiles(files, {
      config: loaded.config,
      ...(configPath ? { configFile: configPath } : {}),
      now: io.now(),
      workspace,
      onFile: (done, total) => progress.update(`Linting ${done}/${total} files`),
    });
  } finally {
    progress.stop();
  }
  const result = teamFindings(linted, new Set(scope.bundledInContext.map((f) => shownPath(f, io.cwd))));
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
