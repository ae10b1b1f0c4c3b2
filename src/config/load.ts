import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { CrisisError, EXIT, InputError } from "../errors.js";
import { validate } from "../playbook/validate.js";
import { parseYaml } from "../yaml/parse.js";
import { configSchema, type Config } from "./schema.js";

export const CONFIG_FILE = "crisis.config.yaml";
export const CONFIG_ENV = "CRISIS_CONFIG";

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
    if (!existsSync(file)) {
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
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function parseConfig(text: string, file: string): Config {
  const parsed = parseYaml(text, file);
  if (parsed.problems.length > 0) throw new InputError(file, parsed.problems, "fix the configuration file");
  const result = validate(configSchema, parsed.value ?? {}, parsed);
  if (!result.ok) throw new InputError(file, result.problems, "see docs/configuration.md");
  return result.data;
}

export function loadConfig(
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
  explicit?: string,
): LoadedConfig {
  const file = findConfig(cwd, env, explicit);
  if (!file) return { config: {}, file: undefined, root: cwd };
  return { config: parseConfig(readFileSync(file, "utf8"), file), file, root: path.dirname(file) };
}

/** Clear placeholders for brand facts a team has not configured yet. */
export const PLACEHOLDERS = {
  brand: "[brand name]",
  support_contact: "[support contact]",
  media_contact: "[media contact]",
  hub_url: "[crisis hub link]",
  status_page_url: "[status page link]",
  handles: "[official accounts]",
} as const;

/** The template variables that come from config. */
export function configVariables(config: Config): Record<string, string> {
  const brand = config.brand ?? {};
  const vars: Record<string, string> = {
    brand: brand.name ?? PLACEHOLDERS.brand,
    support_contact: brand.support_contact ?? PLACEHOLDERS.support_contact,
    media_contact: brand.media_contact ?? PLACEHOLDERS.media_contact,
    hub_url: brand.hub_url ?? PLACEHOLDERS.hub_url,
    status_page_url: brand.status_page_url ?? brand.hub_url ?? PLACEHOLDERS.status_page_url,
    handles: brand.handles ? Object.values(brand.handles).join(", ") : PLACEHOLDERS.handles,
  };
  for (const [channel, handle] of Object.entries(brand.handles ?? {}))
    vars[`handle_${channel.replace(/-/g, "_")}`] = handle;
  return vars;
}

export const CONFIG_VARIABLES = [
  "brand",
  "support_contact",
  "media_contact",
  "hub_url",
  "status_page_url",
  "handles",
] as const;
