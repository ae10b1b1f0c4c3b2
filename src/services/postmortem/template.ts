import { readFileSync } from "node:fs";
import path from "node:path";
import { bundledTemplatesDir } from "../../adapters/fs/package-root.js";
import { TEMPLATE_FILES } from "../../core/postmortem/render.js";
import type { Report } from "../../core/postmortem/report.js";
import { TemplateError } from "../../core/templates/render.js";

export interface PostmortemTemplate {
  file: string;
  body: string;
  source: "bundled" | "local";
}

/** localDirs in config order; the bundled folder is always the last resort. */
export function findTemplate(form: Report["form"], localDirs: readonly string[] = []): PostmortemTemplate {
  const name = TEMPLATE_FILES[form];
  for (const dir of [...localDirs].reverse()) {
    const file = path.join(dir, name);
    try {
      return { file, body: readFileSync(file, "utf8"), source: "local" };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT")
        throw new TemplateError(`cannot read ${file}: ${(error as Error).message}`, file);
    }
  }
  const file = path.join(bundledTemplatesDir(), name);
  return { file, body: readFileSync(file, "utf8"), source: "bundled" };
}
