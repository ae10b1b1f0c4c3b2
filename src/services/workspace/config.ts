import { readTextFile } from "../files.js";
import path from "node:path";
import { parseConfig } from "../../core/config/parse.js";
import type { Config } from "../../core/config/schema.js";
import { findConfig } from "./find-config.js";

export interface LoadedConfig {
  config: Config;
  /** The config file, or undefined when none was found. */
  file: string | undefined;
  /** The folder relative paths in the config are resolved against (the working folder without a file). */
  root: string;
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
