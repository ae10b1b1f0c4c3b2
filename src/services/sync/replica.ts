import { createHash } from "node:crypto";
import path from "node:path";
import { createDirs, writeFileAtomic } from "../../adapters/fs/durable-write.js";
import { readIfRegularFile, realPathOf } from "../../adapters/fs/read.js";
import { machineId, machineName } from "../../adapters/process.js";

/**
 * Who this machine is to the rest of the team: a replica name `<host>.<4 characters>`, the same for
 * every process on one machine and incidents folder. The 4 characters are derived from the
 * machine's id and the folder's real path rather than stored, so a plain local incident writes no
 * file of its own; $CRISIS_REPLICA overrides it (tests, or two people sharing one folder).
 */

/** The local sync store's folder inside the incidents folder: never committed, never synced. */
export const SYNC_DIR = ".sync";

export interface Replica {
  id: string;
  host: string;
}

const VALID = /^[A-Za-z0-9_-]{1,80}(\.[A-Za-z0-9_-]{1,20})?$/;
const BASE32 = "0123456789abcdefghjkmnpqrstvwxyz";

/** A host name made safe for a replica name. */
const safeHost = (host: string) => host.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 60) || "host";

/** Creates the sync store folder with a .gitignore of `*`, so it never lands in the team's commits. */
export function ensureSyncDir(root: string): string {
  const dir = path.join(root, SYNC_DIR);
  createDirs(dir);
  const ignore = path.join(dir, ".gitignore");
  if (readIfRegularFile(ignore) === undefined)
    writeFileAtomic(ignore, "# crisis's local sync store: never committed\n*\n");
  return dir;
}

function realRoot(root: string): string {
  try {
    return realPathOf(root);
  } catch {
    return path.resolve(root);
  }
}

export function localReplica(root: string, env: Readonly<Record<string, string | undefined>>): Replica {
  const forced = env.CRISIS_REPLICA?.trim();
  if (forced && VALID.test(forced)) return { id: forced, host: forced.replace(/\.[^.]*$/, "") };
  const host = safeHost(machineName());
  const digest = createHash("sha256")
    .update(`${machineId()}\n${realRoot(root)}`)
    .digest();
  let tag = "";
  for (let i = 0; i < 4; i++) tag += BASE32[(digest[i] ?? 0) & 31];
  return { id: `${host}.${tag}`, host };
}
