import { exists } from "../../adapters/fs/read.js";
import { readTextFile } from "../files.js";
import path from "node:path";
import { CONFIG_FILE, parseConfig } from "../../core/config/parse.js";
import type { Config } from "../../core/config/schema.js";
import { CrisisError, EXIT } from "../../errors.js";

const CONFIG_ENV = "CRISIS_CONFIG";

export interface LoadedConfig {
  config: Config;
  /** The config file, or undefined when none was found. */
  file: string | undefined;
  /** The folder relative paths in the config are resolved against (the working folder without a file). */
  root: string;
}

/** --config wins, then $CRISIS_CONFIG, then the nearest crisis.config.yaml above the working folder. */
export function findConfig(
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
  explicit?: string,
): string | undefined {
  const named = explicit ?? env[CONFIG_ENV];
  if (named !== undefined && named !== "") {
    const file = path.resolve(cwd, named);
    if (!exists(file)) {
      throw new CrisisError(
        `config file not found: ${file}`,
        EXIT.usage,
        explicit ? "check --config" : `check $${CONFIG_ENV}`,
      );
    }
    return file;
  }
  let dir = path.resolve(cwd);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (exists(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function loadConfig(
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
  explicit?: string,
): LoadedConfig {
  const file = findConfig(cwd, env, explicit);
  if (!file) return { config: {}, file: undefined, root: cwd };
  return { config: parseConfig(readTextFile(file, { what: "the config file" }), file), file, root: path.dirname(file) };
}
