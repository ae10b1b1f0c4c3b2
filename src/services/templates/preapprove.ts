import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../../adapters/fs/durable-write.js";
import { writeJson, type Io } from "../../adapters/terminal/io.js";
import { paint } from "../../adapters/terminal/paint.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import { displayPath } from "../../core/display-path.js";
import { parseTemplate, TEMPLATE_EXTENSION, type MessageTemplate } from "../../core/templates/parse.js";
import { stampTemplate } from "../../core/templates/preapproval.js";
import { metaBySchema } from "../../core/templates/meta-schema.js";
import { suggest } from "../../core/suggest.js";
import { CrisisError, EXIT, InputError } from "../../errors.js";
import { loadWorkspace, type WorkspaceOptions } from "../workspace/workspace.js";

export interface PreapproveOptions {
  by: string;
  role: string;
  json?: boolean | undefined;
}

interface Found {
  template: MessageTemplate;
  roles: string[];
  /** The team's first template folder, where a stamped bundled template is written. */
  teamDir: string | undefined;
}

/** The template named by id (the one in effect: the team's over the bundled) or by its file. */
function findTemplate(io: Io, global: WorkspaceOptions, name: string): Found {
  const ws = loadWorkspace(io, global);
  const roles = [...new Set([...ws.catalog.playbooks.values()].flatMap((p) => p.roles.map((r) => r.id)))];
  const first = ws.config.config.template_dirs?.[0];
  const teamDir = first === undefined ? undefined : path.resolve(ws.config.root, first);
  const byId = ws.templates.templates.get(name.replace(/\.txt$/, ""));
  if (byId) return { template: byId, roles, teamDir };
  const file = path.resolve(io.cwd, name);
  if (name.endsWith(TEMPLATE_EXTENSION) && existsSync(file)) {
    const known = [...ws.templates.templates.values()].find((t) => path.resolve(t.file) === file);
    const parsed = known ? { template: known, problems: [] } : parseTemplate(readFileSync(file, "utf8"), file, name, "local", undefined, metaBySchema);
    if (!parsed.template) throw new InputError(displayPath(file, io.cwd), parsed.problems);
    return { template: parsed.template, roles, teamDir };
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
 * Where the stamped text goes: the template's own file, or for a bundled template (inside the
 * installed crisis, replaced by every update) a copy in the team's first template folder, which
 * then replaces the bundled one for the team.
 */
function targetFile(found: Found): string {
  const { template, teamDir } = found;
  if (template.source !== "bundled") return template.file;
  if (!teamDir)
    throw new CrisisError(
      `${template.id} is a bundled template, inside the installed crisis: a stamp there would be lost at the next update`,
      EXIT.usage,
      "add your template folder to crisis.config.yaml (template_dirs: [templates]; crisis init sets one up), then run this again: the stamped copy is written there",
    );
  return path.join(teamDir, "messages", `${template.id}${TEMPLATE_EXTENSION}`);
}

/**
 * crisis preapprove: stamps a template as approved in advance by a person, as a role, today, with
 * the sha256 of its text. Only the preapproved: block of the front matter changes.
 */
export function preapproveTemplate(io: Io, global: WorkspaceOptions, name: string, options: PreapproveOptions): void {
  const found = findTemplate(io, global, name);
  const { template, roles } = found;
  if (roles.length > 0 && !roles.includes(options.role)) {
    const hint = suggest(options.role, roles);
    throw new CrisisError(
      `no playbook has a role "${options.role}"`,
      EXIT.usage,
      `${hint ? `did you mean ${hint}? ` : ""}expected one of: ${roles.join(", ")}`,
    );
  }
  const target = targetFile(found);
  const at = io.now().toISOString().slice(0, 10);
  const text = readFileSync(template.file, "utf8");
  const result = stampTemplate(text, template, { by: options.by.trim(), role: options.role, at });
  if (!result) throw new CrisisError(`${displayPath(template.file, io.cwd)} has no front matter to stamp`, EXIT.usage);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileAtomic(target, result.text);
  const shown = displayPath(target, io.cwd);
  const stamp = { by: options.by.trim(), role: options.role, at, sha256: /sha256: ([0-9a-f]{64})/.exec(result.text)?.[1] };
  if (options.json) {
    writeJson(io, { template: template.id, file: target, stamp, kept: result.kept, voided: result.voided });
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
        `  ${template.id} is bundled with crisis: the stamped copy is your team's version now, and replaces the bundled one.\n`,
      ),
    );
}
