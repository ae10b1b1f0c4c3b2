import { FORMATS, SEVERITIES } from "../core/lint/types.js";
import { arg, choice, defineCommand, flag, value } from "./define.js";
import { fileName, jsonFormat, numberIn } from "./values.js";

export const lint = defineCommand({
  name: "lint",
  description:
    "check playbooks, message templates and the config: YAML, schema, references, variables, flow, coverage, channel limits, hygiene",
  args: {
    paths: arg(
      "[paths...]",
      "files, folders or quoted globs (default: the configured playbook and template folders, or the bundled ones where none are configured)",
    ),
  },
  options: {
    format: choice("-f, --format <format>", "output format", FORMATS, { default: "stylish" }),
    output: value(
      "-o, --output <file>",
      "write the chosen format to this file; the terminal still gets the stylish report",
      fileName,
    ),
    maxWarnings: value(
      "--max-warnings <n>",
      "also fail (exit 1) when there are more than n warnings",
      numberIn("a whole number of warnings, e.g. --max-warnings 0", { min: 0, whole: true }),
    ),
    failOn: choice(
      "--fail-on <severity>",
      "fail (exit 1) on findings at or above this severity (default: error)",
      SEVERITIES,
    ),
    severity: choice("--severity <severity>", "same as --fail-on", SEVERITIES, { hidden: true }),
    quiet: flag("-q, --quiet", "show only findings at or above the --fail-on severity"),
    json: flag("--json", "same as --format json"),
    listRules: flag("--list-rules", "list every rule with its default severity (with --json, as JSON)"),
    cache: flag(
      "--cache",
      "keep each file's findings and reuse them while the file, the spine and templates it uses, the config, crisis and the date are unchanged",
    ),
    cacheLocation: value(
      "--cache-location <file>",
      "where --cache keeps its file (default: .crisis-lint-cache in the working folder)",
      fileName,
    ),
  },
  examples: [
    "crisis lint",
    "crisis lint playbooks/ templates/",
    "crisis lint 'playbooks/**/*.yaml' --fail-on warning",
    "crisis lint --format github   # annotations in a GitHub Actions log",
    "crisis lint --format sarif --output crisis-lint.sarif",
    "crisis lint --json | jq '.findings[] | select(.severity == \"error\")'",
    "crisis lint --list-rules",
    "crisis lint --cache   # CI or a pre-commit hook: only changed files are checked again",
  ],
  helpAfter: `
Exit codes:
  0  no findings at or above the --fail-on severity (and no more than --max-warnings warnings)
  1  findings at or above the --fail-on severity, or more warnings than --max-warnings
  2  usage error, or an invalid crisis.config.yaml (its findings are printed with positions)
  3  internal error: a check crashed (reported as internal/crash findings; please report it)
  4  no files to lint: nothing matched the paths or globs

Rules, formats, suppressions and a GitHub Actions example: docs/lint.md.
`,
  // Lint reads no journal.
  journalSchemaOnDemand: true,
  async run(io, { args, options, global }) {
    const { listRules, runLint } = await import("../services/lint/run.js");
    const { listRules: list, json, ...rest } = options;
    const format = jsonFormat(json, rest.format, "stylish");
    if (list) return listRules(io, format === "json");
    return runLint(io, global, args.paths, { ...rest, format });
  },
});
