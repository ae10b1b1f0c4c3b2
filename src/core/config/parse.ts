import { InputError } from "../../errors.js";
import { parseYaml } from "../yaml/parse.js";
import { validate } from "../yaml/validate.js";
import { configSchema, type Config } from "./schema.js";

export { CONFIG_FILE } from "./file-name.js";

export function parseConfig(text: string, file: string): Config {
  const parsed = parseYaml(text, file);
  if (parsed.problems.length > 0) throw new InputError(file, parsed.problems, "fix the configuration file");
  const result = validate(configSchema, parsed.value ?? {}, parsed);
  if (!result.ok) throw new InputError(file, result.problems, "see docs/configuration.md");
  return result.data;
}
