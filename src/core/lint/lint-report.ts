import path from "node:path";
import { LOG_TEMPLATE } from "../incident-log/render.js";
import { checkTemplate } from "../postmortem/render.js";
import { TemplateError, templateVariables } from "../templates/render.js";
import { rule } from "./rules/index.js";
import { textLocator } from "./place.js";
import type { Report } from "./rule.js";
import { templateSyntaxError } from "./session.js";

/**
 * A team's own report templates (incident-log.md, postmortem.md, postmortem-light.md in a template
 * folder) are checked as the renderer checks them, so a partial (`{{> ../x}}`), a delimiter change
 * or an unknown post-mortem variable fails lint instead of stopping the log mid-incident.
 */
export function lintReportTemplate(file: string, text: string, report: Report): void {
  try {
    if (path.basename(file) === LOG_TEMPLATE) templateVariables(text, file);
    else checkTemplate(text, file);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    const at = textLocator(file, text);
    if (/unknown variable/.test(error.message) && error.variable !== undefined) {
      const offset = Math.max(0, text.indexOf(error.variable));
      report(
        rule("vars/unknown-variable"),
        at(offset, error.variable.length),
        `unknown variable {{${error.variable}}}; expected a name a post-mortem template can use (docs/postmortem.md)`,
      );
      return;
    }
    const { message, offset } = templateSyntaxError(text, error);
    const close = text.indexOf("}}", offset);
    report(rule("vars/template-syntax"), at(offset, close === -1 ? 2 : close + 2 - offset), message);
  }
}
