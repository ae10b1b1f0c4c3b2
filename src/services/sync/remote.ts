import path from "node:path";
import { git } from "../../adapters/git.js";
import { CrisisError, EXIT } from "../../errors.js";
import type { LoadedConfig } from "../workspace/config.js";

/**
 * The sync remote from crisis.config.yaml: a URL (ssh://, https://, git@host:path) or a path used
 * as is (relative to the config file), or the name of a remote of the repository that holds the
 * config (resolved with git remote get-url), so a team can point at origin or at a separate
 * private repository.
 */
export async function syncRemote(loaded: LoadedConfig): Promise<string> {
  const remote = loaded.config.sync?.remote;
  if (remote === undefined)
    throw new CrisisError(
      "no sync remote is configured",
      EXIT.usage,
      `add to ${loaded.file ?? "crisis.config.yaml"}:\n  sync:\n    remote: git@example.com:team/crisis-incidents.git   # or a remote name such as origin (docs/team.md)`,
    );
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(remote) || /^[^/]+@[^/:]+:/.test(remote)) return remote;
  if (remote.includes("/") || remote.startsWith(".")) return path.resolve(loaded.root, remote);
  try {
    const r = await git(["remote", "get-url", remote], { cwd: loaded.root });
    return r.stdout.toString("utf8").trim();
  } catch (error) {
    if (error instanceof CrisisError && /not installed/.test(error.message)) throw error;
    throw new CrisisError(
      `sync.remote is "${remote}", but the repository at ${loaded.root} has no remote of that name`,
      EXIT.usage,
      "set sync.remote to a git URL, or to the name of a remote that git remote -v lists",
    );
  }
}
