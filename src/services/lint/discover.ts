import { statSync } from "node:fs";
import path from "node:path";
import { filesIn } from "../../adapters/fs/walk.js";
import { fileSize } from "../../adapters/fs/read.js";
import { REPORT_TEMPLATES } from "../../core/lint/definitions.js";

/**
 * Which files `crisis lint` checks: the paths, folders and globs it is given, or by default the
 * playbook folders (YAML) and template folders (messages/**\/*.txt). This is the only part of the
 * linter that looks at the file system besides reading the files.
 */

const GLOB_CHARS = /[*?[\]{}!]/;
const IGNORE = ["**/node_modules/**", "**/.git/**"];

const isYaml = (file: string) => /\.ya?ml$/.test(file);
/** A team's incident-log or post-mortem template, at the top of a template folder. */
const isReport = (file: string) => REPORT_TEMPLATES.has(path.basename(file));
/** A .txt file is a message template when it sits under a messages/ folder. */
const isTemplate = (file: string) => file.endsWith(".txt") && file.split(/[\\/]+/).includes("messages");

export const yamlIn = (dir: string): string[] => filesIn(dir, isYaml);
export const templatesIn = (dir: string): string[] => filesIn(path.join(dir, "messages"), isTemplate);
const reportsIn = (dir: string): string[] =>
  [...REPORT_TEMPLATES].map((name) => path.join(dir, name)).filter((file) => fileSize(file) !== undefined);

export interface Discovered {
  files: string[];
  /** Arguments that are neither an existing path nor a glob. */
  missing: string[];
}

export async function discover(
  args: readonly string[],
  cwd: string,
  defaults: { playbookDirs: string[]; templateDirs: string[] },
): Promise<Discovered> {
  const found = new Set<string>();
  const missing: string[] = [];
  if (args.length === 0) {
    for (const dir of defaults.playbookDirs) for (const f of yamlIn(dir)) found.add(f);
    for (const dir of defaults.templateDirs) for (const f of [...templatesIn(dir), ...reportsIn(dir)]) found.add(f);
  }
  for (const arg of args) {
    const full = path.resolve(cwd, arg);
    let stat: ReturnType<typeof statSync> | undefined;
    try {
      stat = statSync(full);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      for (const f of filesIn(full, (file) => isYaml(file) || isTemplate(file) || isReport(file))) found.add(f);
    } else if (stat) {
      found.add(full);
    } else if (GLOB_CHARS.test(arg)) {
      // Loaded only for a glob: `crisis lint <file>` should not pay for it.
      const { glob } = await import("tinyglobby");
      const matches = await glob(arg, {
        cwd,
        absolute: true,
        onlyFiles: true,
        ignore: IGNORE,
        expandDirectories: false,
      });
      for (const f of matches) found.add(path.resolve(f));
    } else {
      missing.push(arg);
    }
  }
  return { files: [...found].sort(), missing };
}
