import type { Severity, Targets } from "../core/playbook/schema.js";
import { parseDuration } from "../core/time.js";
import { argWithDefault, defineCommand, flag, value, type SchemaOf } from "./define.js";
import { commaList, invalid, numberIn, pairs, someText, valid } from "./values.js";

const handlePairs = pairs("channel=handle pairs separated by commas, such as x=@acme,instagram=@acme");
const handles: SchemaOf<Record<string, string>> = (text) => {
  const list = handlePairs(text);
  return list.ok ? valid(Object.fromEntries(list.value)) : list;
};

const TARGETS_FORM = "SEVn=<first response>/<update interval> pairs such as SEV1=30m/30m,SEV2=1h/1h";
const targets: SchemaOf<Partial<Record<Severity, Targets>>> = (text) => {
  const out: Partial<Record<Severity, Targets>> = {};
  const items = commaList(text);
  for (const item of items) {
    const m = /^(SEV[1-4])\s*=\s*([^/\s]+)\/([^/\s]+)$/.exec(item);
    if (!m?.[2] || !m[3] || parseDuration(m[2]) === undefined || parseDuration(m[3]) === undefined) {
      const which = items.length > 1 ? `; "${item}" is not one` : "";
      return invalid(`expected ${TARGETS_FORM}${which}`);
    }
    out[m[1] as Severity] = { first_response: m[2], update_interval: m[3] };
  }
  return Object.keys(out).length > 0 ? valid(out) : invalid(`expected ${TARGETS_FORM}`);
};

const playbookIds: SchemaOf<string[] | "all"> = (text) => {
  if (text.trim() === "all") return valid("all" as const);
  const ids = commaList(text);
  return ids.length > 0 ? valid(ids) : invalid("expected playbook ids separated by commas, or all");
};

/** zod's URL check (the same one the config's URLs get), loaded only when --hub-url or --status-page-url is given. */
const url: SchemaOf<string> = async (text) => {
  const { z } = await import("../core/zod/zod-lib.js");
  const result = z.url("expected a URL such as https://acme.example/updates").safeParse(text);
  return result.success ? valid(result.data) : invalid(result.error.issues[0]?.message ?? "not valid");
};

export const init = defineCommand({
  name: "init",
  description:
    "set up a team repository: config, playbooks to customise, templates, CI lint workflow, editor schema settings",
  args: { dir: argWithDefault("[dir]", "the repository folder", ".") },
  options: {
    yes: flag("-y, --yes", "ask nothing: use the defaults and any flags given"),
    brand: value("--brand <name>", "the brand's name as used in public messages", someText("the brand's name")),
    handles: value(
      "--handles <list>",
      "official accounts as channel=handle pairs, e.g. x=@acme,instagram=@acme",
      handles,
    ),
    supportContact: value("--support-contact <text>", "where customers get help", someText("a contact")),
    mediaContact: value("--media-contact <text>", "where journalists are sent", someText("a contact")),
    hubUrl: value("--hub-url <url>", "the crisis hub or status page every message links to", url),
    statusPageUrl: value("--status-page-url <url>", "the status page, if it is not the hub", url),
    mentionsPerHour: value(
      "--mentions-per-hour <n>",
      "mentions per hour on a normal day (baseline)",
      numberIn("a number above 0", { above: 0 }),
    ),
    negativeShare: value(
      "--negative-share <percent>",
      "share of negative mentions on a normal day (baseline)",
      numberIn("a percentage from 0 to 100", { min: 0, max: 100 }),
    ),
    targets: value(
      "--targets <list>",
      "response targets, e.g. SEV1=30m/30m,SEV2=1h/1h (first response/update interval)",
      targets,
    ),
    incidentsDir: value(
      "--incidents-dir <dir>",
      "where incidents are recorded (default: incidents)",
      someText("a folder"),
    ),
    playbooks: value(
      "--playbooks <playbook-ids>",
      "bundled playbooks to copy for customising: ids separated by commas, or all",
      playbookIds,
    ),
    spine: flag("--spine", "also copy the common spine (the shared steps)", { negate: "do not copy the spine" }),
    templates: flag("--templates", "copy the message templates the copied playbooks use (default)", {
      negate: "do not copy message templates",
    }),
    ci: flag("--ci", "write .github/workflows/crisis-lint.yml (default)", { negate: "no CI workflow" }),
    editor: flag("--editor", "write .vscode settings that map the playbook schema (default)", {
      negate: "no editor settings",
    }),
    commitIncidents: flag("--commit-incidents", "commit incidents to the repository (writes incidents/.gitkeep)", {
      negate: "keep incidents out of git (adds them to .gitignore; default)",
    }),
    force: flag("-f, --force", "overwrite files that already exist (.gitignore is only ever added to)"),
    dryRun: flag("--dry-run", "show what would be written, write nothing"),
    json: flag("--json", "also print the report as JSON on stdout"),
  },
  examples: [
    "crisis init",
    "crisis init --yes --brand Acme --hub-url https://acme.example/updates",
    "crisis init --yes --playbooks data-breach,product-recall",
    "crisis init --playbooks all --dry-run --json",
  ],
  helpAfter: "\nExisting files are kept unless --force; the report says what was created and what was left.\n",
  async run(io, { args, options }) {
    const { runInit } = await import("../services/init/run.js");
    return runInit(io, args.dir, options);
  },
});
