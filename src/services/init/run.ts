import { existsSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../../adapters/fs/package-root.js";
import { writeJson, type Io } from "../../adapters/terminal/io.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import { CONFIG_FILE } from "../../core/config/parse.js";
import { askChoices, withDefaults, type GivenChoices } from "../../core/init/ask.js";
import { configConflicts, mergeConfig } from "../../core/init/config-merge.js";
import { initChoicesSchema } from "../../core/init/choices.js";
import { givenFromFlags, type InitFlags } from "../../core/init/flags.js";
import { planInit, type PlanContext } from "../../core/init/plan.js";
import { CrisisError, EXIT, type ExitCode } from "../../errors.js";
import { PACKAGE_NAME, VERSION } from "../../version.js";
import { readBundledAssets } from "./assets.js";
import { printReport, reportJson } from "./report.js";
import { readExisting } from "./existing.js";
import { applyPlan } from "./write.js";

/**
 * Where the schema and docs live as seen from the repository: the installed package when it sits
 * inside the repository (node_modules/crisis-cli), otherwise where `npm install -D crisis-cli` will put it,
 * so the paths written into committed files never point into one person's machine.
 */
function planContext(root: string): PlanContext {
  const pkgRoot = packageRoot();
  const rel = path.relative(root, pkgRoot);
  const inside = !rel.startsWith("..") && !path.isAbsolute(rel);
  const base = inside ? rel.split(path.sep).join("/") : `node_modules/${PACKAGE_NAME}`;
  const prefix = base === "" ? "" : `${base}/`;
  return {
    schemaDir: `${prefix}schema`,
    docsDir: `${prefix}docs`,
    hasPackageJson: existsSync(path.join(root, "package.json")),
    version: VERSION,
  };
}

export interface InitOptions extends InitFlags {
  yes?: boolean | undefined;
  force?: boolean | undefined;
  dryRun?: boolean | undefined;
  json?: boolean | undefined;
}

/** crisis init: ask (or take the flags and defaults), plan, write what is missing, and report. */
export async function runInit(io: Io, dir: string, options: InitOptions): Promise<ExitCode> {
  const root = path.resolve(io.cwd, dir);
  const assets = readBundledAssets();
  const ids = assets.playbooks.map((p) => p.id);
  const flags = givenFromFlags(options, ids);
  const existing = readExisting(root, ids, options.force === true);
  if (existing.config?.problem !== undefined)
    io.stderr.write(
      `crisis init: ${CONFIG_FILE} does not load (${oneLine(existing.config.problem)}); it is kept as it is and nothing is merged into it. crisis lint shows its problems.\n`,
    );
  const force = options.force ?? false;
  const conflicts = existing.config?.data && !force ? configConflicts(existing.config.data, flags.config) : [];
  if (conflicts.length > 0)
    io.stderr.write(
      `crisis init: ${CONFIG_FILE} already sets ${conflicts.join(", ")}, so the value given now is not applied: edit the file (or pass --force to rewrite it)\n`,
    );
  // What the repository already has counts as answered; flags add only what it lacks.
  const given: GivenChoices = {
    ...existing.known,
    ...flags,
    config: mergeConfig(existing.config?.data ?? {}, flags.config, force),
  };

  let choices;
  if (options.yes) {
    choices = withDefaults(given);
  } else if (!io.stdinIsTTY) {
    throw new CrisisError(
      "crisis init asks questions, but there is no terminal to ask them in",
      EXIT.usage,
      "pass --yes to use the defaults and any flags you give (see crisis init --help)",
    );
  } else {
    io.stderr.write(`Setting up crisis in ${root}\nEmpty answers can be filled in later in crisis.config.yaml.\n\n`);
    // Questions are messages, not data: they go to stderr, so stdout stays clean for --json.
    const prompter = await io.prompter({ output: "stderr", dim: true });
    choices = await askChoices(prompter, given, assets, {
      config: existing.config === undefined ? "all" : existing.config.data ? "missing" : "none",
      copied: existing.copied,
    });
  }

  const plan = planInit(initChoicesSchema.parse(choices), assets, {
    ...planContext(root),
    existingConfig: existing.config?.data,
  });
  const report = applyPlan(root, plan, { force: options.force ?? false, dryRun: options.dryRun ?? false });
  printReport(io, report);
  if (options.json) writeJson(io, reportJson(report, io.cwd));
  if (report.failure) {
    throw new CrisisError(
      `cannot write ${path.join(root, report.failure.path)} (${report.failure.reason})`,
      EXIT.usage,
      "check the folder's permissions and that nothing is in the way, then run crisis init again",
    );
  }
  return EXIT.ok;
}
