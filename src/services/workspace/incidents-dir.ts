import path from "node:path";
import { exists, realPathOf } from "../../adapters/fs/read.js";
import { CrisisError, EXIT } from "../../errors.js";
import type { LoadedConfig } from "./config.js";

/**
 * The repository the config belongs to: the nearest folder at or above the config file that holds
 * .git, else the config file's folder (the working folder without a config file).
 */
function repositoryOf(loaded: LoadedConfig): string {
  const start = realPathOf(loaded.root);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (exists(path.join(dir, ".git"))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

const inside = (child: string, parent: string) => {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
};

/**
 * Where incidents live: config incidents_dir (relative to the config file), default ./incidents.
 * It must lie inside the repository, also once symbolic links are resolved: incidents hold what a
 * team recorded in a crisis, and a path that leads elsewhere (a typo, a link) would scatter them
 * where nobody looks. A config that means it says incidents_outside_repository: true.
 */
export function incidentsRoot(loaded: LoadedConfig): string {
  const root = path.resolve(loaded.root, loaded.config.incidents_dir ?? "incidents");
  if (loaded.config.incidents_outside_repository === true) return root;
  const repo = repositoryOf(loaded);
  const real = realPathOf(root);
  if (!inside(real, repo)) {
    const via = real === root ? "" : ` (through a symbolic link, to ${real})`;
    throw new CrisisError(
      `the incidents folder ${root} is outside the repository ${repo}${via}; nothing was read or written`,
      EXIT.usage,
      `set incidents_dir to a folder inside the repository${loaded.file ? ` in ${loaded.file}` : ""}, or add incidents_outside_repository: true to it to record incidents there on purpose`,
    );
  }
  return root;
}
