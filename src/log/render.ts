import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import Mustache from "mustache";
import { templateVariables } from "../templates/render.js";
import type { LogView } from "./view.js";

export const LOG_TEMPLATE = "incident-log.md";
export const LOG_FILE = "incident-log.md";

/**
 * The incident-log template: the first of the team's template folders that has incident-log.md,
 * else the bundled one. `dirs` lists folders in override order (local first).
 */
export function findLogTemplate(dirs: readonly string[]): { file: string; body: string } {
  for (const dir of dirs) {
    const file = path.join(dir, LOG_TEMPLATE);
    if (existsSync(file)) return { file, body: readFileSync(file, "utf8") };
  }
  throw new Error(`no ${LOG_TEMPLATE} in ${dirs.join(", ")}`);
}

/**
 * Renders the log. The template's tags are checked first (no partials, no delimiter changes, no
 * names that reach object internals); values in the view are already markdown-escaped, so they
 * are inserted as they are.
 */
export function renderLog(body: string, file: string, view: LogView): string {
  templateVariables(body, file);
  const out = Mustache.render(body, view, {}, { tags: ["{{", "}}"], escape: (value: unknown) => String(value) });
  return `${out.trimEnd()}\n`;
}
