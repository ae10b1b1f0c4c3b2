import Mustache from "mustache";
import { templateVariables } from "../templates/render.js";
import type { LogView } from "./view.js";

/** The template the incident log is rendered from (templates/incident-log.md, or a team's own). */
export const LOG_TEMPLATE = "incident-log.md";

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
