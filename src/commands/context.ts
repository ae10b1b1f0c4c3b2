import path from "node:path";
import { loadConfig, type LoadedConfig } from "../config/load.js";
import type { GlobalOptions } from "../cli.js";
import { loadCatalog, playbookDirs, type Catalog } from "../playbook/catalog.js";
import { bundledTemplatesDir } from "../paths.js";
import { loadTemplates, type TemplateSet } from "../templates/load.js";
import type { Io } from "../ui/output.js";

/** Config, playbooks and templates as a command sees them: bundled first, the team's own over them. */
export interface Workspace {
  config: LoadedConfig;
  catalog: Catalog;
  templates: TemplateSet;
}

export function templateDirs(config: LoadedConfig): { dir: string; source: "bundled" | "local" }[] {
  return [
    { dir: bundledTemplatesDir(), source: "bundled" },
    ...(config.config.template_dirs ?? []).map((dir) => ({
      dir: path.resolve(config.root, dir),
      source: "local" as const,
    })),
  ];
}

export function loadWorkspace(io: Io, global: GlobalOptions): Workspace {
  const config = loadConfig(io.cwd, io.env, global.config);
  return { config, catalog: loadCatalog(playbookDirs(config)), templates: loadTemplates(templateDirs(config)) };
}
