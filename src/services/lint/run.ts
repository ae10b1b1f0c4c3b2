import { writeOutputFile } from "../../adapters/fs/durable-write.js";
import { fileError } from "../../adapters/fs/errors.js";
import { readRegularFile } from "../../adapters/fs/read.js";
import path from "node:path";
import { writeJson, type Io } from "../../adapters/terminal/io.js";
import { paint } from "../../adapters/terminal/paint.js";
import { startProgress } from "../../adapters/terminal/progress.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import type { Config } from "../../core/config/schema.js";
import { packageRoot } from "../../adapters/fs/package-root.js";
import { displayPath, relativePath } from "../../core/display-path.js";
import { CACHE_FORMAT, type CacheEntry } from "../../core/lint/cache.js";
import { kindFromPath } from "../../core/lint/definitions.js";
import { exitCode } from "../../core/lint/exit-code.js";
import type { LintContext } from "../../core/lint/rule.js";
import { sortFindings } from "../../core/lint/sort.js";
import { SEVERITY_RANK, type Format, type LintInput, type LintResult, type Severity } from "../../core/lint/types.js";
import { CrisisError, EXIT, type ExitCode } from "../../errors.js";
import { VERSION } from "../../version.js";
import type { LoadedConfig } from "../workspace/config.js";
import { findConfig } from "../workspace/find-config.js";
import { incidentsRoot } from "../workspace/incidents-dir.js";
import { playbookDirs, templateDirs } from "../workspace/dirs.js";
import type { WorkspaceOptions } from "../workspace/workspace.js";
import { discover, templatesIn, yamlIn } from "./discover.js";
import { MAX_LINT_BYTES, readBytes } from "./read.js";
import { threadsFor } from "./parallel.js";
import { boundHeapGrowth } from "./heap.js";
import { bytesOf, planCache, readCache, resolveCacheLocation, writeCache, type CacheFile } from "./cache.js";
import { bundledFile, declaredIds, teamFindings } from "./scope.js";
import { loadPlaybookSchemas, withPlaybookSchema } from "../../core/playbook/schema-on-demand.js";

/** The config for this run; an invalid one is linted like any file (and makes the exit code 2). */
async function readConfig(io: Io, explicit: string | undefined): Promise<{ loaded: LoadedConfig; valid: boolean }> {
  const file = findConfig(io.cwd, io.env, explicit);
  if (!file) return { loaded: { config: {}, file: undefined, root: io.cwd }, valid: true };
  // Loaded only where there is a config: a --cache run without one needs neither yaml nor zod.
  const [{ readTextFile }, { parseYaml }, { validate }, { configSchema }] = await Promise.all([
    import("../files.js"),
    import("../../core/yaml/parse.js"),
    import("../../core/yaml/validate.js"),
    import("../../core/config/schema.js"),
  ]);
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

const read = (file: string, cwd: string): LintInput => ({ path: shownPath(file, cwd), text: readBytes(file) });

/** crisis lint --list-rules: every rule with its default severity (as JSON with --format json). */
export async function listRules(io: Io, json: boolean): Promise<ExitCode> {
  const { RULES } = await import("../../core/lint/rules/index.js");
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

type WorkspaceFile = { f: string; source: "bundled" | "local" };

/** Lints the files with the workspace as context: every file read and checked in this run. */
async function lintAll(
  io: Io,
  ctx: Omit<LintContext, "workspace">,
  targets: readonly string[],
  workspaceFiles: readonly WorkspaceFile[],
  alsoLinted?: readonly string[],
): Promise<LintResult> {
  // Context files are read now; the files to lint one at a time as they are checked (a file that is
  // both is read once, as context).
  const workspace = workspaceFiles.map(({ f, source }) => ({ ...read(f, io.cwd), source }));
  const files: LintInput[] = targets.map((f) => ({ path: shownPath(f, io.cwd), text: () => readBytes(f) }));
  const { lintFiles } = await import("../../core/lint/engine.js");
  const progress = await startProgress(io, `Linting ${files.length} files`);
  try {
    const run: LintContext = {
      ...ctx,
      workspace,
      ...(alsoLinted ? { alsoLinted } : {}),
      onFile: (done, total) => progress.update(`Linting ${done}/${total} files`),
    };
    // Worker threads when asked for (services/lint/parallel.ts says why not by default).
    const threads = threadsFor(io.env);
    // zod is loaded when a file needs it (core/playbook/schema-on-demand.ts); a run over many files
    // will almost surely need it, so it is loaded first rather than the run started again.
    if (threads > 0 || files.length > 4) await loadPlaybookSchemas();
    if (threads > 0) {
      const { lintInThreads } = await import("./parallel.js");
      const shown = targets.map((f) => ({ file: f, shown: shownPath(f, io.cwd) }));
      const result = await lintInThreads(shown, run, threads);
      if (result) return result;
    }
    boundHeapGrowth(files.length);
    return await withPlaybookSchema(() => lintFiles(files, run));
  } finally {
    progress.stop();
  }
}

/**
 * --cache: findings kept from an earlier run for the files whose content and context are
 * unchanged (services/lint/cache.ts says when), the others linted now; the cache is then rewritten
 * atomically. The report is the one a run without the cache would print, byte for byte.
 */
async function lintWithCache(
  io: Io,
  ctx: Omit<LintContext, "workspace">,
  targets: readonly string[],
  workspaceFiles: readonly WorkspaceFile[],
  location: string,
): Promise<LintResult> {
  const cache = readCache(io, location);
  const asCacheFile = (abs: string): CacheFile => {
    const shown = shownPath(abs, io.cwd);
    return { abs, shown, kind: kindFromPath(shown, ctx.configFile), read: () => readBytes(abs) };
  };
  const linted = targets.map(asCacheFile);
  const configText = ctx.configFile === undefined ? undefined : linted.find((f) => f.kind === "config");
  const plan = planCache({
    cache,
    configText: configText ? Buffer.from(bytesOf(configText)).toString("utf8") : undefined,
    now: ctx.now,
    linted,
    workspace: workspaceFiles.map(({ f }) => asCacheFile(f)),
  });
  const fresh =
    plan.misses.length > 0
      ? await lintAll(
          io,
          ctx,
          plan.misses.map((m) => m.file.abs),
          workspaceFiles,
          linted.map((f) => f.shown),
        )
      : { findings: [], suppressed: [], files: [], sources: new Map<string, string>() };

  const entries: Record<string, CacheEntry> = cache?.context === plan.context ? { ...cache.files } : {};
  const kinds = new Map(fresh.files.map((f) => [f.file, f.kind]));
  for (const { file, keep } of plan.misses) {
    if (!keep) continue;
    const kind = kinds.get(file.shown);
    if (kind === undefined) continue;
    const findings = fresh.findings.filter((x) => x.file === file.shown);
    const suppressed = fresh.suppressed.filter((x) => x.file === file.shown);
    // The report quotes lines of a file with findings: kept only where it is not the file's own text.
    const text = fresh.sources.get(file.shown);
    const own = findings.length + suppressed.length === 0 || text === fileText(bytesOf(file));
    entries[file.shown] = { ...keep, kind, findings, suppressed, ...(own ? {} : { source: text ?? "" }) };
  }
  const changed =
    plan.misses.length > 0 ||
    cache?.context !== plan.context ||
    [...plan.hits].some(([shown, e]) => cache.files[shown]?.mtimeMs !== e.mtimeMs);
  for (const [shown, entry] of plan.hits) entries[shown] = entry;
  if (changed) writeCache(location, { format: CACHE_FORMAT, crisis: VERSION, context: plan.context, files: entries });
  const sources = new Map<string, string>();
  for (const [shown, e] of plan.hits) {
    if (e.findings.length + e.suppressed.length === 0) continue;
    const file = linted.find((f) => f.shown === shown);
    sources.set(shown, e.source ?? (file ? fileText(bytesOf(file)) : ""));
  }
  return merge(fresh, plan.hits, sources, [
    ...workspaceFiles.map(({ f }) => shownPath(f, io.cwd)),
    ...linted.map((f) => f.shown),
  ]);
}

/** A file's text as the linter quotes it: UTF-8, without a byte-order mark. */
function fileText(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString("utf8");
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}

/** A run's result from the files linted now and the results kept, in the order a whole run reports them. */
function merge(
  fresh: LintResult,
  hits: ReadonlyMap<string, CacheEntry>,
  hitSources: ReadonlyMap<string, string>,
  order: readonly string[],
): LintResult {
  const rank = new Map<string, number>();
  for (const p of order) if (!rank.has(p)) rank.set(p, rank.size);
  const files = [...fresh.files, ...[...hits].map(([file, e]) => ({ file, kind: e.kind }))].sort(
    (a, b) => (rank.get(a.file) ?? 0) - (rank.get(b.file) ?? 0),
  );
  const sources = new Map(fresh.sources);
  for (const file of hits.keys()) sources.set(file, hitSources.get(file) ?? "");
  return {
    findings: sortFindings([...fresh.findings, ...[...hits.values()].flatMap((e) => e.findings)]),
    suppressed: sortFindings([...fresh.suppressed, ...[...hits.values()].flatMap((e) => e.suppressed)]),
    files,
    sources,
  };
}

export interface LintOptions {
  format: Format;
  output?: string | undefined;
  maxWarnings?: number | undefined;
  failOn?: Severity | undefined;
  /** Same as failOn (kept for those who type it). */
  severity?: Severity | undefined;
  quiet?: boolean | undefined;
  /** Keep each file's findings and reuse them while nothing they depend on changes. */
  cache?: boolean | undefined;
  cacheLocation?: string | undefined;
}

/** crisis lint: find the files, lint them with their workspace as context, report, and say how it went. */
export async function runLint(
  io: Io,
  global: WorkspaceOptions,
  paths: readonly string[],
  options: LintOptions,
): Promise<ExitCode> {
  const threshold: Severity = options.failOn ?? options.severity ?? "error";

  const { loaded, valid } = await readConfig(io, global.config);
  // The same refusal as every other command: an incidents folder outside the repository.
  if (valid) incidentsRoot(loaded);
  const scope = await chooseFiles(io, loaded, paths);
  const configPath = loaded.file === undefined ? undefined : displayPath(loaded.file, io.cwd);
  const targets = [...scope.files];
  if (
    loaded.file !== undefined &&
    (paths.length === 0 || targets.length > 0) &&
    !targets.some((f) => displayPath(f, io.cwd) === configPath)
  )
    targets.push(loaded.file);
  if (targets.length === 0) {
    io.stderr.write(
      `crisis lint: no files to lint${paths.length > 0 ? ` (nothing matched ${paths.map(oneLine).join(", ")})` : ""}\n`,
    );
    return EXIT.noInput;
  }
  // Spines and templates give context to the files being linted.
  const workspaceFiles = [
    ...playbookDirs(loaded).flatMap((d) => yamlIn(d.dir).map((f) => ({ f, source: d.source }))),
    ...templateDirs(loaded).flatMap((d) => templatesIn(d.dir).map((f) => ({ f, source: d.source }))),
  ];
  const ctx: Omit<LintContext, "workspace"> = {
    config: loaded.config,
    ...(configPath ? { configFile: configPath } : {}),
    now: io.now(),
  };
  const linted = options.cache
    ? await lintWithCache(io, ctx, targets, workspaceFiles, resolveCacheLocation(io.cwd, options.cacheLocation))
    : await lintAll(io, ctx, targets, workspaceFiles);
  const result = teamFindings(linted, new Set(scope.bundledInContext.map((f) => shownPath(f, io.cwd))));
  const shown: LintResult = options.quiet
    ? { ...result, findings: result.findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold]) }
    : result;

  // SARIF needs every rule's metadata; the other formats load none of the rules.
  const { formatPlain, formatSummary } = await import("../../core/lint/format/plain.js");
  const formatResult =
    options.format === "sarif" || options.output !== undefined
      ? (await import("../../core/lint/format/index.js")).formatResult
      : (format: Format, r: LintResult, t: Parameters<typeof formatPlain>[2]) =>
          formatPlain(format as Exclude<Format, "sarif">, r, t);
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
