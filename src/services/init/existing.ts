import { existsSync } from "node:fs";
import path from "node:path";
import { readIfRegularFile } from "../../adapters/fs/read.js";
import type { GivenChoices } from "../../core/init/ask.js";
import { CONFIG_FILE, parseConfig } from "../../core/config/parse.js";
import type { Config } from "../../core/config/schema.js";
import { DEFAULT_INCIDENTS_DIR, LOCAL_PLAYBOOKS_DIR } from "../../core/init/choices.js";
import { ignoresFolder } from "../../core/init/gitignore.js";
import { WORKFLOW_PATH } from "../../core/init/workflow.js";

/**
 * What an earlier `crisis init` (or the team) already set up in the repository, so a second run
 * asks only what is still open: answers to questions whose files exist would be thrown away.
 */
export interface Existing {
  /** The config file's text and its valid content; `problem` when it does not load. */
  config?: { text: string; data?: Config; problem?: string };
  /** Choices the repository already shows (a workflow, editor settings, how incidents are kept). */
  known: Omit<GivenChoices, "config">;
  /** Bundled playbook ids already copied into the playbooks folder. */
  copied: Set<string>;
}

export function readExisting(root: string, bundledIds: readonly string[], force: boolean): Existing {
  const text = readIfRegularFile(path.join(root, CONFIG_FILE));
  let config: Existing["config"];
  if (text !== undefined) {
    try {
      config = { text, data: parseConfig(text, CONFIG_FILE) };
    } catch (error) {
      config = { text, problem: error instanceof Error ? error.message.split("\n")[0] : String(error) };
    }
  }
  // With --force every answer is written, so every question is asked again.
  if (force) return { ...(config ? { config } : {}), known: {}, copied: new Set() };

  const data = config?.data ?? {};
  const playbookDir = path.join(root, data.playbook_dirs?.[0] ?? LOCAL_PLAYBOOKS_DIR);
  const incidents = data.incidents_dir ?? DEFAULT_INCIDENTS_DIR;
  const gitignore = readIfRegularFile(path.join(root, ".gitignore"));
  const known: Existing["known"] = {};
  if (existsSync(path.join(root, WORKFLOW_PATH))) known.ci = true;
  if (existsSync(path.join(root, ".vscode", "settings.json"))) known.editor = true;
  if (existsSync(path.join(playbookDir, "spine", "common.yaml"))) known.spine = true;
  if (gitignore !== undefined && ignoresFolder(gitignore, incidents)) known.commitIncidents = false;
  else if (existsSync(path.join(root, incidents, ".gitkeep"))) known.commitIncidents = true;
  const copied = new Set(bundledIds.filter((id) => existsSync(path.join(playbookDir, `${id}.yaml`))));
  return { ...(config ? { config } : {}), known, copied };
}
