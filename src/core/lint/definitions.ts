import path from "node:path";
import { CONFIG_FILE } from "../config/file-name.js";
import { ownCopy } from "../text/own-copy.js";
import type { Where } from "./rule.js";

/**
 * What a file defines, found with a text scan (no parse): a playbook (id:), a spine (spine:) or a
 * template (its path), and the templates a file names. Used across files (two files with one id)
 * and by --cache (what a kept result depends on), which must not load the parser to know it.
 */

export const TEMPLATE_REF = /\btemplate:[ \t]*["']?([a-z0-9-]+(?:\/[a-z0-9-]+)+)/g;

/** A template's id: its path under the nearest messages/ folder, without .txt. */
export function templateIdFromPath(file: string): string {
  const parts = file.split(/[\\/]+/);
  const i = parts.lastIndexOf("messages");
  const rest = i === -1 ? parts.slice(-2) : parts.slice(i + 1);
  return rest.join("/").replace(/\.txt$/, "");
}

/** The report templates a team may override in a template folder: the incident log and the post-mortem's two forms. */
export const REPORT_TEMPLATES: ReadonlySet<string> = new Set([
  "incident-log.md",
  "postmortem.md",
  "postmortem-light.md",
]);

/** What a file is, from its name; YAML files are told apart (spine or playbook) once parsed. */
export function kindFromPath(file: string, configFile: string | undefined): FileKind {
  if (configFile !== undefined && path.resolve(file) === path.resolve(configFile)) return "config";
  if (path.basename(file) === CONFIG_FILE) return "config";
  if (REPORT_TEMPLATES.has(path.basename(file))) return "report";
  return file.endsWith(".txt") ? "template" : "yaml";
}

type FileKind = "yaml" | "template" | "config" | "report";

const TOP_LEVEL_ID = /^(spine|id)[ \t]*:[ \t]*["']?([a-z0-9][a-z0-9_-]*)/m;

export interface Definition {
  kind: "playbook" | "spine" | "template";
  id: string;
  where: Where;
}

/** What a file defines (a playbook, spine or template id), as crossFileFindings compares them; "kind\0id". */
export function definedKey(file: string, kind: FileKind, text: string): string | undefined {
  const def = definitionIn(file, kind, text);
  return def ? `${def.kind}\0${def.id}` : undefined;
}

export function definitionIn(file: string, kind: FileKind, text: string): Definition | undefined {
  if (kind === "template") {
    return { kind: "template", id: templateIdFromPath(file), where: { file, line: 1, column: 1 } };
  }
  if (kind !== "yaml") return undefined;
  // A spine names itself with spine:, a playbook with id:; the first top-level one says which.
  const spine = /^spine[ \t]*:[ \t]*["']?([a-z0-9][a-z0-9_-]*)/m.exec(text);
  const m = spine ?? TOP_LEVEL_ID.exec(text);
  if (!m) return undefined;
  // Kept across the run (duplicate ids): a copy, not a view that would hold the file's text.
  const id = ownCopy(spine ? (spine[1] ?? "") : (m[2] ?? ""));
  const line = text.slice(0, m.index).split("\n").length;
  const column = m[0].lastIndexOf(id) + 1;
  return {
    kind: spine ? "spine" : "playbook",
    id,
    where: { file, line, column, endLine: line, endColumn: column + id.length },
  };
}
