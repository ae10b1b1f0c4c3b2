import path from "node:path";
import { readTextFile } from "../files.js";
import { bundledTemplatesDir } from "../../adapters/fs/package-root.js";
import { TEMPLATE_FILES } from "../../core/postmortem/render.js";
import type { Report } from "../../core/postmortem/report.js";

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
      return { file, body: readTextFile(file, { what: "the post-mortem template" }), source: "local" };
    } catch (error) {
      if ((error as { cause?: { code?: string } }).cause?.code !== "ENOENT") throw error;
    }
  }
  const file = path.join(bundledTemplatesDir(), name);
  return { file, body: readTextFile(file), source: "bundled" };
}
