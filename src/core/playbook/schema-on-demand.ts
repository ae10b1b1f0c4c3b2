import type { ChannelOverride, ChannelRegistry } from "../channels/builtin.js";
import type { configSchema as ConfigSchema } from "../config/schema.js";
import { validate, type Validated } from "../yaml/validate.js";
import type { ParsedYaml } from "../yaml/parse.js";
import { quickPlaybook, quickSpine, quickTemplateMeta } from "./quick-check.js";
import { retryAfterLoad } from "../on-demand.js";
import type {
  PlaybookFile,
  playbookSchema,
  SpineFile,
  spineSchema,
  TemplateMeta,
  templateMetaSchema,
} from "./schema.js";

/**
 * Validation of playbooks, spines and templates' front matter with zod only where it is needed
 * (issue 15): the quick check (quick-check.ts) answers for a valid file in the common shape, and
 * zod, with the schemas, is asked for anything else. The linter's path imports neither zod nor the
 * schemas: it runs without them and, when a value needs zod, withPlaybookSchema loads them and runs
 * it again, as the journal's withJournalSchema does. Other commands validate with the schemas
 * directly (catalog.ts, services/workspace).
 */

interface Schemas {
  playbookSchema: typeof playbookSchema;
  spineSchema: typeof spineSchema;
  templateMetaSchema: typeof templateMetaSchema;
  configSchema: typeof ConfigSchema;
  buildChannelRegistry: (overrides: Readonly<Record<string, ChannelOverride>>) => ChannelRegistry;
}

let schemas: Schemas | undefined;

/** Thrown when a value needs zod and the schemas are not loaded: withPlaybookSchema loads them and tries again. */
export class PlaybookSchemaNeeded extends Error {
  constructor() {
    super("the playbook schemas are needed but were not loaded (withPlaybookSchema loads them)");
  }
}

/** Loads zod and the schemas, once. */
export async function loadPlaybookSchemas(): Promise<void> {
  if (schemas) return;
  const [playbook, config, registry] = await Promise.all([
    import("./schema.js"),
    import("../config/schema.js"),
    import("../channels/registry.js"),
  ]);
  schemas = { ...playbook, configSchema: config.configSchema, buildChannelRegistry: registry.buildChannelRegistry };
}

/**
 * Runs `run` (which must have no effect but its result until it returns or throws); when it meets a
 * value that needs zod, loads the schemas and runs it again.
 */
export function withPlaybookSchema<T>(run: () => T | Promise<T>): Promise<T> {
  return retryAfterLoad(run, PlaybookSchemaNeeded, loadPlaybookSchemas);
}

function loaded<T>(value: T | undefined): T {
  if (value === undefined) throw new PlaybookSchemaNeeded();
  return value;
}

export function validatePlaybook(value: unknown, parsed: ParsedYaml): Validated<PlaybookFile> {
  const data = quickPlaybook(value);
  return data ? { ok: true, data } : validate(loaded(schemas).playbookSchema, value, parsed);
}

export function validateSpine(value: unknown, parsed: ParsedYaml): Validated<SpineFile> {
  const data = quickSpine(value);
  return data ? { ok: true, data } : validate(loaded(schemas).spineSchema, value, parsed);
}

export function validateTemplateMeta(value: unknown, parsed: ParsedYaml): Validated<TemplateMeta> {
  const data = quickTemplateMeta(value);
  return data ? { ok: true, data } : validate(loaded(schemas).templateMetaSchema, value, parsed);
}

/** The config's schema, for linting the config file itself. */
export const configSchemaLoaded = (): typeof ConfigSchema => loaded(schemas).configSchema;

/** The channels with the config's overrides, each checked by zod. */
export const channelsWithOverrides = (overrides: Readonly<Record<string, ChannelOverride>>): ChannelRegistry =>
  loaded(schemas).buildChannelRegistry(overrides);
