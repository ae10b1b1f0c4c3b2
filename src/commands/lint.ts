import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { CommandInput } from "../cli.js";
import { findConfig, type LoadedConfig } from "../config/load.js";
import { configSchema, type Config } from "../config/schema.js";
import { CrisisError, EXIT, type ExitCode } from "../errors.js";
import { discover, displayPath, templatesIn, yamlIn } from "../lint/discover.js";
import { lintFiles } from "../lint/engine.js";
import { FORMATS, formatResult, formatSummary } from "../lint/format/index.js";
import { RULES } from "../lint/rules/index.js";
import { SEVERITIES, SEVERITY_RANK, type LintInput, type LintResult, type Severity } from "../lint/types.js";
import { packageRoot } from "../paths.js";
import { playbookDirs } from "../playbook/catalog.js";
import { validate } from "../playbook/validate.js";
import { paint, writeJson, type Io } from "../ui/output.js";
import { oneLine } from "../ui/sanitize.js";
import { parseYaml } from "../yaml/parse.js";
import { templateDirs } from "./context.js";

const optionsSchema = z.object({
  format: z.enum(FORMATS).default("stylish"),
  output: z.string().min(1).optional(),
  maxWarnings: z
    .string()
    .regex(/^\d+$/, "expected a whole number of warnings, e.g. --max-warnings 0")
    .transform(Number)
    .optional(),
  failOn: z.enum(SEVERITIES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  quiet: z.boolean().optional(),
  listRules: z.boolean().optional(),
});
const argsSchema = z.tuple([z.array(z.string()).default([])]).rest(z.unknown());

function version(): string {
  try {
    return (
      (JSON.parse(readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version?: string }).version ??
      "0.0.0"
    );
  } catch {
    return "0.0.0";
  }
}

/** The config for this run; an invalid one is linted like any file (and makes the exit code 2). */
function readConfig(io: Io, explicit: string | undefined): { loaded: LoadedConfig; valid: boolean } {
  const file = findConfig(io.cwd, io.env, explicit);
  if (!file) return { loaded: { config: {}, file: undefined, root: io.cwd }, valid: true };
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new CrisisError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, EXIT.usage);
  }
  const parsed = parseYaml(text, file);
  const result = parsed.problems.length > 0 ? undefined : validate(configSchema, parsed.value ?? {}, parsed);
  const config: Config = result?.ok ? result.data : {};
  return { loaded: { config, file, root: path.dirname(file) }, valid: result?.ok === true };
}

function read(file: string, cwd: string): LintInput {
  try {
    return { path: displayPath(file, cwd), text: readFileSync(file) };
  } catch (error) {
    throw new CrisisError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, EXIT.usage);
  }
}

function listRules(io: Io, json: boolean): ExitCode {
  if (json) {
    writeJson(io, RULES);
    return EXIT.ok;
  }
  const c = paint(io, "stdout");
  const width = Math.max(...RULES.map((r) => r.id.length));
  for (const r of RULES) io.stdout.write(`${r.id.padEnd(width)}  ${c.bold(r.severity.padEnd(7))}  ${r.description}\n`);
  return EXIT.ok;
}

export async function run(io: Io, input: CommandInput): Promise<ExitCode> {
  const parsed = optionsSchema.safeParse(input.options);
  if (!parsed.success)
    throw new CrisisError(
      `crisis lint: ${parsed.error.issues.map((i) => i.message).join("; ")}`,
      EXIT.usage,
      "see crisis lint --help",
    );
  const options = parsed.data;
  if (options.listRules) return listRules(io, options.format === "json");
  const [paths] = argsSchema.parse(input.args);
  const threshold: Severity = options.failOn ?? options.severity ?? "error";

  const { loaded, valid } = readConfig(io, input.global.config);
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
    ...playbookDirs(loaded).flatMap((d) => yamlIn(d.dir)),
    ...templateDirs(loaded).flatMap((d) => templatesIn(d.dir)),
  ];
  const workspace = workspaceFiles.map((f) => byPath.get(displayPath(f, io.cwd)) ?? read(f, io.cwd));

  const result = lintFiles(files, {
    config: loaded.config,
    ...(configPath ? { configFile: configPath } : {}),
    now: io.now(),
    workspace,
  });
  const shown: LintResult = options.quiet
    ? { ...result, findings: result.findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold]) }
    : result;

  const tool = { chalk: paint(io, "stdout"), version: version(), cwd: io.cwd };
  if (options.output !== undefined) {
    const target = path.resolve(io.cwd, options.output);
    try {
      writeFileSync(
        target,
        formatResult(options.format, shown, { ...tool, chalk: paint({ ...io, env: { NO_COLOR: "1" } }, "stdout") }),
      );
    } catch (error) {
      throw new CrisisError(
        `cannot write ${options.output}: ${error instanceof Error ? error.message : String(error)}`,
        EXIT.usage,
      );
    }
    io.stdout.write(formatResult("stylish", shown, tool));
  } else {
    io.stdout.write(formatResult(options.format, shown, tool));
  }
  io.stderr.write(formatSummary(shown, paint(io, "stderr")));

  return exitCode(result, { threshold, maxWarnings: options.maxWarnings, configPath, configValid: valid });
}

/** 3 for a crashed check, 2 for an unusable config, 1 for findings at or above the threshold or too many warnings, else 0. */
export function exitCode(
  result: Pick<LintResult, "findings">,
  o: { threshold: Severity; maxWarnings: number | undefined; configPath: string | undefined; configValid: boolean },
): ExitCode {
  if (result.findings.some((f) => f.rule === "internal/crash")) return EXIT.internal;
  const configBroken = result.findings.some(
    (f) =>
      f.file === o.configPath &&
      f.severity === "error" &&
      (f.rule.startsWith("yaml/") || f.rule.startsWith("schema/") || f.rule === "ref/unknown-rule"),
  );
  if (!o.configValid || configBroken) return EXIT.usage;
  if (result.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[o.threshold])) return EXIT.findings;
  const warnings = result.findings.filter((f) => f.severity === "warning").length;
  if (o.maxWarnings !== undefined && warnings > o.maxWarnings) return EXIT.findings;
  return EXIT.ok;
}
