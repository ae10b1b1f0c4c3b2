import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../../adapters/fs/durable-write.js";
import { writeJson, type Io } from "../../adapters/terminal/io.js";
import { paint } from "../../adapters/terminal/paint.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import { displayPath } from "../../core/display-path.js";
import { parseTemplate, TEMPLATE_EXTENSION, type MessageTemplate } from "../../core/templates/parse.js";
import { stampTemplate } from "../../core/templates/preapproval.js";
import { suggest } from "../../core/suggest.js";
import { CrisisError, EXIT, InputError } from "../../errors.js";
import { loadWorkspace, type WorkspaceOptions } from "../workspace/workspace.js";

export interface PreapproveOptions {
  by: string;
  role: string;
  json?: boolean | undefined;
}

/** The template named by id (the one in effect: the team's over the bundled) or by its file. */
function findTemplate(io: Io, global: WorkspaceOptions, name: string): { template: MessageTemplate; roles: string[] } {
  const ws = loadWorkspace(io, global);
  const roles = [...new Set([...ws.catalog.playbooks.values()].flatMap((p) => p.roles.map((r) => r.id)))];
  const byId = ws.templates.templates.get(name.replace(/\.txt$/, ""));
  if (byId) return { template: byId, roles };
  const file = path.resolve(io.cwd, name);
  if (name.endsWith(TEMPLATE_EXTENSION) && existsSync(file)) {
    const known = [...ws.templates.templates.values()].find((t) => path.resolve(t.file) === file);
    const parsed = known ? { template: known, problems: [] } : parseTemplate(readFileSync(file, "utf8"), file, name, "local");
    if (!parsed.template) throw new InputError(displayPath(file, io.cwd), parsed.problems);
    return { template: parsed.template, roles };
  }
  const ids = [...ws.templates.templates.keys()];
  const hint = suggest(name, ids);
  throw new CrisisError(
    `no message template ${name}`,
    EXIT.noInput,
    hint ? `did you mean ${hint}?` : "name a template by its id (e.g. data-breach/holding-short) or its .txt file",
  );
}

/**
 * crisis preapprove: stamps a template as approved in advance by a person, as a role, today, with
 * the sha256 of its text. Only the preapproved: block of the front matter changes.
 */
export function preapproveTemplate(io: Io, global: WorkspaceOptions, name: string, options: PreapproveOptions): void {
  const { template, roles } = findTemplate(io, global, name);
  if (roles.length > 0 && !roles.includes(options.role)) {
    const hint = suggest(options.role, roles);
    throw new CrisisError(
      `no playbook has a role "${options.role}"`,
      EXIT.usage,
      `${hint ? `did you mean ${hint}? ` : ""}expected one of: ${roles.join(", ")}`,
    );
  }
  const at = io.now().toISOString().slice(0, 10);
  const text = readFileSync(template.file, "utf8");
  const result = stampTemplate(text, template, { by: options.by.trim(), role: options.role, at });
  if (!result) throw new CrisisError(`${displayPath(template.file, io.cwd)} has no front matter to stamp`, EXIT.usage);
  writeFileAtomic(template.file, result.text);
  const shown = displayPath(template.file, io.cwd);
  const stamp = { by: options.by.trim(), role: options.role, at, sha256: /sha256: ([0-9a-f]{64})/.exec(result.text)?.[1] };
  if (options.json) {
    writeJson(io, { template: template.id, file: template.file, stamp, kept: result.kept, voided: result.voided });
    return;
  }
  const c = paint(io, "stdout");
  io.stdout.write(
    `${c.green("✔")} ${template.id} (${shown}): pre-approved by ${oneLine(stamp.by)} as ${stamp.role} on ${at}, sha256 ${stamp.sha256?.slice(0, 12)}…\n`,
  );
  for (const v of result.voided)
    io.stdout.write(
      c.yellow(`  The stamp of ${oneLine(v.by)} (${v.role}, ${v.at}) was for an earlier text and is removed: ask them again.\n`),
    );
  if (template.source === "bundled")
    io.stderr.write(
      c.dim(
        "  This is a bundled template: copy it into one of your template_dirs to keep your own approved version.\n",
      ),
    );
}
