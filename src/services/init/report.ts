import path from "node:path";
import { loadConfig } from "../workspace/config.js";
import { CONFIG_FILE } from "../../core/config/parse.js";
import { relativePath } from "../../core/display-path.js";
import { type Io } from "../../adapters/terminal/io.js";
import { pointToDocs } from "../docs-path.js";
import { paint } from "../../adapters/terminal/paint.js";
import { neutralise } from "../../adapters/terminal/sanitize.js";
import type { InitReport, Outcome } from "./write.js";

const ORDER: Outcome[] = ["created", "overwritten", "updated", "kept"];

/**
 * When init kept a team's existing config, the files it just copied only count if that config
 * names their folders. Says so instead of leaving the team to wonder why `crisis playbooks` shows
 * no local playbooks.
 */
function warningsFor(report: InitReport): string[] {
  const settings = report.entries.find((e) => e.path === ".vscode/settings.json");
  const editor =
    settings?.outcome === "kept" && settings.detail !== "already up to date"
      ? [".vscode/settings.json was kept: add the yaml.schemas entries from docs/init.md to it by hand"]
      : [];
  return [...editor, ...folderWarnings(report)];
}

function folderWarnings(report: InitReport): string[] {
  const config = report.entries.find((e) => e.path === CONFIG_FILE);
  if (!config || config.outcome === "created" || config.outcome === "overwritten" || report.dryRun) return [];
  let loaded;
  try {
    loaded = loadConfig(report.root, {}, path.join(report.root, CONFIG_FILE));
  } catch {
    return [`${CONFIG_FILE} was kept but does not load; run crisis lint to see why`];
  }
  const warnings: string[] = [];
  const covers = (dirs: readonly string[] | undefined, file: string) =>
    (dirs ?? []).some(
      (d) => !path.relative(path.resolve(loaded.root, d), path.join(report.root, file)).startsWith(".."),
    );
  for (const e of report.entries) {
    if (e.outcome !== "created" || !e.path.endsWith(".yaml") || e.path === CONFIG_FILE || e.path.startsWith("."))
      continue;
    if (!covers(loaded.config.playbook_dirs, e.path)) {
      warnings.push(`${e.path} is not read: add its folder to playbook_dirs in ${CONFIG_FILE}`);
      break;
    }
  }
  for (const e of report.entries) {
    if (e.outcome !== "created" || !e.path.endsWith(".txt")) continue;
    if (!covers(loaded.config.template_dirs, e.path)) {
      warnings.push(`${e.path} is not read: add its templates folder to template_dirs in ${CONFIG_FILE}`);
      break;
    }
  }
  return warnings;
}

/** What happened, for people: one line per file on stderr, then what to do next. */
export function printReport(io: Io, report: InitReport): void {
  const c = paint(io, "stderr");
  const colour: Record<Outcome, (s: string) => string> = {
    created: c.green,
    overwritten: c.magenta,
    updated: c.cyan,
    kept: c.yellow,
  };
  const width = Math.max(...report.entries.map((e) => e.path.length), 10);
  io.stderr.write(
    `${report.dryRun ? "crisis init --dry-run (nothing written)" : "crisis init"}: ${neutralise(report.root)}\n`,
  );
  for (const e of [...report.entries].sort((a, b) => ORDER.indexOf(a.outcome) - ORDER.indexOf(b.outcome))) {
    const label = colour[e.outcome](e.outcome.padEnd(11));
    io.stderr.write(`  ${label} ${neutralise(e.path).padEnd(width)}  ${c.dim(neutralise(e.detail ?? e.what))}\n`);
  }
  if (report.failure)
    io.stderr.write(
      `  ${c.red("failed".padEnd(11))} ${neutralise(report.failure.path).padEnd(width)}  ${neutralise(report.failure.reason)}\n`,
    );
  const counts = ORDER.map((o) => [o, report.entries.filter((e) => e.outcome === o).length] as const).filter(
    ([, n]) => n > 0,
  );
  io.stderr.write(`${counts.map(([o, n]) => `${n} ${o}`).join(", ")}.\n`);
  for (const w of warningsFor(report))
    io.stderr.write(`${c.yellow("warning:")} ${pointToDocs(neutralise(w), io.cwd)}\n`);
  if (!report.failure && report.entries.some((e) => e.outcome === "created" || e.outcome === "overwritten")) {
    io.stderr.write(
      [
        "",
        "Next:",
        `  1. Fill in the brand facts in ${CONFIG_FILE} (templates use them).`,
        "  2. crisis playbooks            see every playbook; your copies show as local",
        "  3. crisis lint                 check playbooks, templates and config (CI does it too)",
        "  4. crisis start <id> --drill   rehearse a playbook",
        "",
      ].join("\n"),
    );
  }
}

/** The same report as data for --json: paths grouped by outcome, plus every entry with its reason. */
export function reportJson(report: InitReport, cwd: string) {
  const by = (o: Outcome) => report.entries.filter((e) => e.outcome === o).map((e) => e.path);
  return {
    version: 1,
    root: relativePath(report.root, cwd),
    dry_run: report.dryRun,
    created: by("created"),
    overwritten: by("overwritten"),
    updated: by("updated"),
    kept: by("kept"),
    files: report.entries,
    ...(report.failure ? { failed: report.failure } : {}),
    warnings: warningsFor(report),
  };
}
