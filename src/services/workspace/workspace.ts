import path from "node:path";
import { readTextFile } from "../files.js";
import { InputError, type Problem } from "../../errors.js";
import { filesIn } from "../../adapters/fs/walk.js";
import type { Io } from "../../adapters/terminal/io.js";
import { buildChannelRegistry, type ChannelRegistry } from "../../core/channels/registry.js";
import { buildCatalog, checkFile, type Catalog, type CheckedFile } from "../../core/playbook/catalog.js";
import {
  parseTemplate,
  TEMPLATE_EXTENSION,
  type MessageTemplate,
  type TemplateSet,
} from "../../core/templates/parse.js";
import { loadConfig, type LoadedConfig } from "./config.js";
import { metaBySchema } from "../../core/templates/meta-schema.js";
import { playbookDirs, templateDirs, type PlaybookDir } from "./dirs.js";

export { playbookDirs, type PlaybookDir };

/**
 * The workspace: the config, the playbooks and the message templates as a command sees them,
 * read from disk. Bundled first, the team's own folders (from the config) over them.
 */
export interface Workspace {
  config: LoadedConfig;
  catalog: Catalog;
  templates: TemplateSet;
}

export function yamlFilesIn(dir: string): string[] {
  return filesIn(dir, (file) => /\.ya?ml$/.test(file));
}

export function loadCatalog(dirs: readonly PlaybookDir[]): Catalog {
  const files: CheckedFile[] = [];
  for (const { dir, source } of dirs) {
    for (const file of yamlFilesIn(dir)) {
      const text = decodedOrProblems(file);
      // A file that is not UTF-8 text is that file's problem, reported where the playbook is used, as a syntax error is.
      files.push(
        typeof text === "string" ? checkFile(text, file, source) : { ...checkFile("", file, source), problems: text },
      );
    }
  }
  return buildCatalog(files);
}

/** The file's text, or its problems when it is not UTF-8 text (binary, UTF-16, invalid bytes). */
function decodedOrProblems(file: string): string | Problem[] {
  try {
    return readTextFile(file);
  } catch (error) {
    if (error instanceof InputError) return [...error.problems];
    throw error;
  }
}

/**
 * Message templates from each folder's messages/ subfolder, in order: a later folder's template
 * with the same id replaces an earlier one (local over bundled).
 */
export function loadTemplates(dirs: readonly { dir: string; source: MessageTemplate["source"] }[]): TemplateSet {
  const templates = new Map<string, MessageTemplate>();
  const problems: TemplateSet["problems"] = [];
  for (const { dir, source } of dirs) {
    const root = path.join(dir, "messages");
    for (const file of filesIn(root, (f) => f.endsWith(TEMPLATE_EXTENSION))) {
      const id = path.relative(root, file).slice(0, -TEMPLATE_EXTENSION.length).split(path.sep).join("/");
      const text = decodedOrProblems(file);
      if (typeof text !== "string") {
        problems.push(...text);
        continue;
      }
      const result = parseTemplate(text, file, id, source, undefined, metaBySchema);
      problems.push(...result.problems);
      if (result.template) templates.set(id, result.template);
    }
  }
  return { templates, problems };
}

/** The options that choose the workspace: --config, else $CRISIS_CONFIG or the nearest config file. */
export interface WorkspaceOptions {
  config?: string | undefined;
}

/**
 * The config at once; the playbooks and the templates when first asked for (each read and
 * validated once). A command that needs only the incident's own playbook or the template titles
 * takes them from the snapshot (snapshot.ts) and never parses the catalog.
 */
export function loadWorkspace(io: Io, options: WorkspaceOptions): Workspace {
  return workspaceOf(loadConfig(io.cwd, io.env, options.config));
}

function workspaceOf(config: LoadedConfig): Workspace {
  let catalog: Catalog | undefined;
  let templates: TemplateSet | undefined;
  return {
    config,
    get catalog() {
      return (catalog ??= loadCatalog(playbookDirs(config)));
    },
    get templates() {
      return (templates ??= loadTemplates(templateDirs(config)));
    },
  };
}

/** The channels (limits, counting) the config's overrides leave in effect. */
export function channelsOf(ws: Workspace): ChannelRegistry {
  return buildChannelRegistry(ws.config.config.channels ?? {});
}
