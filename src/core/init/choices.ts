import { z } from "../zod/zod-lib.js";
import { configSchema } from "../config/schema.js";
import { idSchema } from "../playbook/schema.js";

/**
 * Everything `crisis init` decides, whether it came from flags, prompts or --yes. The config part
 * is checked against the real config schema, so init can never write a file the loader rejects.
 */
export const initChoicesSchema = z.strictObject({
  config: configSchema,
  /** Bundled playbook ids to copy into playbooks/ for customising. */
  playbooks: z.array(idSchema),
  /** Copy the bundled spine as well (only when the team wants to change the shared steps). */
  spine: z.boolean(),
  /** Copy the message templates the chosen playbooks (and spine) use into templates/. */
  templates: z.boolean(),
  /** Write .github/workflows/crisis-lint.yml. */
  ci: z.boolean(),
  /** Write .vscode settings that map the JSON Schemas onto playbooks and the config. */
  editor: z.boolean(),
  /** Commit incidents to the repository (a .gitkeep) or keep them out of git (a .gitignore entry). */
  commitIncidents: z.boolean(),
});
export type InitChoices = z.infer<typeof initChoicesSchema>;

export const DEFAULT_INCIDENTS_DIR = "incidents";
export const LOCAL_PLAYBOOKS_DIR = "playbooks";
export const LOCAL_TEMPLATES_DIR = "templates";

/** What --yes means: no brand facts yet (placeholders), nothing copied, CI and editor on, incidents kept out of git. */
export function defaultChoices(): InitChoices {
  return {
    config: {},
    playbooks: [],
    spine: false,
    templates: true,
    ci: true,
    editor: true,
    // NOTE: journals hold names, private discussion and sometimes customers' data, so the safe default keeps them out of git.
    commitIncidents: false,
  };
}
