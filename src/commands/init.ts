import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { CommandInput } from "../cli.js";
import { configSchema, type Config } from "../config/schema.js";
import { CrisisError, EXIT } from "../errors.js";
import { askChoices, withDefaults, type GivenChoices } from "../init/ask.js";
import { readBundledAssets } from "../init/assets.js";
import { initChoicesSchema } from "../init/choices.js";
import { planInit, type PlanContext } from "../init/plan.js";
import { printReport, reportJson } from "../init/report.js";
import { applyPlan } from "../init/write.js";
import { packageRoot } from "../paths.js";
import { SEVERITIES } from "../playbook/schema.js";
import { paint, writeJson, type Io } from "../ui/output.js";

const bool = z.boolean().optional();
const inputSchema = z.object({
  args: z.tuple([z.string().min(1).optional()]).or(z.tuple([])),
  options: z.object({
    yes: bool,
    force: bool,
    dryRun: bool,
    json: bool,
    brand: z.string().optional(),
    handles: z.string().optional(),
    supportContact: z.string().optional(),
    mediaContact: z.string().optional(),
    hubUrl: z.string().optional(),
    statusPageUrl: z.string().optional(),
    mentionsPerHour: z.string().optional(),
    negativeShare: z.string().optional(),
    targets: z.string().optional(),
    incidentsDir: z.string().optional(),
    playbooks: z.string().optional(),
    spine: bool,
    templates: bool,
    ci: bool,
    editor: bool,
    commitIncidents: bool,
  }),
});
type InitOptions = z.infer<typeof inputSchema>["options"];

const list = (text: string): string[] =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

function pairs(text: string, flag: string, separator: string): [string, string][] {
  return list(text).map((item) => {
    const at = item.indexOf(separator);
    if (at <= 0 || at === item.length - 1)
      throw new CrisisError(
        `${flag}: expected key${separator}value pairs separated by commas, got "${item}"`,
        EXIT.usage,
      );
    return [item.slice(0, at).trim(), item.slice(at + 1).trim()];
  });
}

function number(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n))
    throw new CrisisError(`${flag}: expected a number, got "${text}"`, EXIT.usage);
  return n;
}

/** Flags → the part of the config they set, validated by the config schema itself. */
function configFromFlags(o: InitOptions): Config {
  const brand = {
    name: o.brand,
    handles: o.handles === undefined ? undefined : Object.fromEntries(pairs(o.handles, "--handles", "=")),
    support_contact: o.supportContact,
    media_contact: o.mediaContact,
    hub_url: o.hubUrl,
    status_page_url: o.statusPageUrl,
  };
  const targets =
    o.targets === undefined
      ? undefined
      : Object.fromEntries(
          pairs(o.targets, "--targets", "=").map(([sev, value]) => {
            const [first_response, update_interval, extra] = value.split("/");
            if (!SEVERITIES.includes(sev as never) || !first_response || !update_interval || extra !== undefined) {
              throw new CrisisError(
                `--targets: expected SEVn=<first response>/<update interval> such as SEV1=30m/30m, got "${sev}=${value}"`,
                EXIT.usage,
              );
            }
            return [sev, { first_response, update_interval }];
          }),
        );
  const baselines = {
    mentions_per_hour: number(o.mentionsPerHour, "--mentions-per-hour"),
    negative_share: number(o.negativeShare, "--negative-share"),
  };
  const raw = {
    ...(Object.values(brand).some((v) => v !== undefined) ? { brand } : {}),
    ...(o.incidentsDir !== undefined ? { incidents_dir: o.incidentsDir } : {}),
    ...(Object.values(baselines).some((v) => v !== undefined) ? { baselines } : {}),
    ...(targets !== undefined ? { targets } : {}),
  };
  const parsed = configSchema.safeParse(JSON.parse(JSON.stringify(raw)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CrisisError(
      `invalid value for ${issue?.path.join(".") ?? "an option"}: ${issue?.message ?? "not valid"}`,
      EXIT.usage,
      "see crisis init --help",
    );
  }
  return parsed.data;
}

function givenFromFlags(o: InitOptions, bundledIds: readonly string[]): GivenChoices {
  const playbooks =
    o.playbooks === undefined ? undefined : o.playbooks.trim() === "all" ? [...bundledIds] : list(o.playbooks);
  return {
    config: configFromFlags(o),
    ...(playbooks !== undefined ? { playbooks } : {}),
    ...(o.spine !== undefined ? { spine: o.spine } : {}),
    ...(o.templates !== undefined ? { templates: o.templates } : {}),
    ...(o.ci !== undefined ? { ci: o.ci } : {}),
    ...(o.editor !== undefined ? { editor: o.editor } : {}),
    ...(o.commitIncidents !== undefined ? { commitIncidents: o.commitIncidents } : {}),
  };
}

/**
 * Where the schema and docs live as seen from the repository: the installed package when it sits
 * inside the repository (node_modules/crisis), otherwise where `npm install -D crisis` will put it,
 * so the paths written into committed files never point into one person's machine.
 */
function planContext(root: string): PlanContext {
  const pkgRoot = packageRoot();
  const rel = path.relative(root, pkgRoot);
  const inside = !rel.startsWith("..") && !path.isAbsolute(rel);
  const base = inside ? rel.split(path.sep).join("/") : "node_modules/crisis";
  const prefix = base === "" ? "" : `${base}/`;
  const version = (JSON.parse(readFileSync(path.join(pkgRoot, "package.json"), "utf8")) as { version: string }).version;
  return {
    schemaDir: `${prefix}schema`,
    docsDir: `${prefix}docs`,
    hasPackageJson: existsSync(path.join(root, "package.json")),
    version,
  };
}

export async function run(io: Io, input: CommandInput) {
  const { args, options } = inputSchema.parse(input);
  const root = path.resolve(io.cwd, args[0] ?? ".");
  const assets = readBundledAssets();
  const given = givenFromFlags(
    options,
    assets.playbooks.map((p) => p.id),
  );

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
    const { createInquirerPrompter } = await import("../ui/inquirer-prompter.js");
    io.stderr.write(`Setting up crisis in ${root}\nEmpty answers can be filled in later in crisis.config.yaml.\n\n`);
    // Questions are messages, not data: they go to stderr, so stdout stays clean for --json.
    const prompter = await createInquirerPrompter({
      env: io.env,
      output: process.stderr,
      dim: paint(io, "stderr").dim,
    });
    choices = await askChoices(prompter, given, assets);
  }

  const plan = planInit(initChoicesSchema.parse(choices), assets, planContext(root));
  const report = applyPlan(root, plan, { force: options.force ?? false, dryRun: options.dryRun ?? false });
  printReport(io, report);
  if (options.json) writeJson(io, reportJson(report));
  if (report.failure) {
    throw new CrisisError(
      `cannot write ${path.join(root, report.failure.path)} (${report.failure.reason})`,
      EXIT.usage,
      "check the folder's permissions and that nothing is in the way, then run crisis init again",
    );
  }
  return EXIT.ok;
}
