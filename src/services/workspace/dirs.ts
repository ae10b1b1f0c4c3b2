import path from "node:path";
import { bundledPlaybooksDir, bundledTemplatesDir } from "../../adapters/fs/package-root.js";
import type { Playbook } from "../../core/playbook/model.js";
import type { LoadedConfig } from "./config.js";

/**
 * Where playbooks and templates are looked for, without loading anything: `crisis lint` asks this
 * before it knows whether it needs the parser at all (a --cache run with nothing changed does not).
 */

export interface PlaybookDir {
  dir: string;
  source: Playbook["source"];
}

/** Bundled playbooks first, then the config's folders: a later playbook with the same id wins. */
export function playbookDirs(loaded: LoadedConfig): PlaybookDir[] {
  return [
    { dir: bundledPlaybooksDir(), source: "bundled" },
    ...(loaded.config.playbook_dirs ?? []).map((dir) => ({
      dir: path.resolve(loaded.root, dir),
      source: "local" as const,
    })),
  ];
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
