import path from "node:path";
import { z } from "zod";
import type { CommandInput } from "../cli.js";
import { loadConfig } from "../config/load.js";
import { listIncidentIds, listPlaybookIds } from "../completion/ids.js";
import { bundledPlaybooksDir } from "../paths.js";
import type { Io } from "../ui/output.js";

/** The journal's file name (src/journal/store.ts JOURNAL_FILE; a test keeps them equal) without importing the journal code. */
export const JOURNAL_FILE_NAME = "journal.jsonl";

const inputSchema = z.object({ args: z.tuple([z.enum(["playbooks", "incidents"])]) });

/**
 * The hidden `crisis __complete` that the shell scripts call on Tab. It never fails loudly: a
 * broken config or a missing folder just means fewer suggestions, and nothing goes to stderr.
 */
export async function run(io: Io, input: CommandInput) {
  const [kind] = inputSchema.parse(input).args;
  let loaded;
  try {
    loaded = loadConfig(io.cwd, io.env, input.global.config);
  } catch {
    loaded = { config: {}, root: io.cwd };
  }
  const ids =
    kind === "playbooks"
      ? listPlaybookIds([
          bundledPlaybooksDir(),
          ...(loaded.config.playbook_dirs ?? []).map((d) => path.resolve(loaded.root, d)),
        ])
      : listIncidentIds(path.resolve(loaded.root, loaded.config.incidents_dir ?? "incidents"), JOURNAL_FILE_NAME);
  if (ids.length > 0) io.stdout.write(`${ids.join("\n")}\n`);
}
