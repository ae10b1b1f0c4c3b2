import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

/**
 * The installed package's root, where playbooks/, templates/ and schema/ live. Found by walking up
 * from this module, because it runs both bundled (dist/cli.js) and from source (tests).
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json")) || !existsSync(path.join(dir, "playbooks"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("crisis: cannot find the package root (playbooks/ next to package.json)");
    dir = parent;
  }
  cached = dir;
  return dir;
}

export const bundledPlaybooksDir = (): string => path.join(packageRoot(), "playbooks");
export const bundledTemplatesDir = (): string => path.join(packageRoot(), "templates");
