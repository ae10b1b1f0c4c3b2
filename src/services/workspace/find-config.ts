import path from "node:path";
import { exists } from "../../adapters/fs/read.js";
import { CONFIG_FILE } from "../../core/config/file-name.js";
import { CrisisError, EXIT } from "../../errors.js";

/** Finding the config file loads nothing else: `crisis lint --cache` asks before it knows whether it needs the parser. */

const CONFIG_ENV = "CRISIS_CONFIG";

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
