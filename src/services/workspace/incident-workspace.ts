import type { Io } from "../../adapters/terminal/io.js";
import { CrisisError, EXIT } from "../../errors.js";
import type { LoadedConfig } from "./config.js";
import { findConfig } from "./find-config.js";
import { cachedSnapshot } from "./snapshot.js";
import type { Workspace, WorkspaceOptions } from "./workspace.js";

/**
 * The workspace as the incident commands (status, list, note, checkin, decision, severity,
 * playbooks) need it: the config and the snapshot of the playbooks and templates. When there is no
 * config file and the snapshot cache holds the files as they are, nothing is parsed and neither
 * yaml nor zod is loaded: that is every such command's start-up after the first. Otherwise it is
 * the workspace every other command loads (workspace.ts), imported only then.
 */
export async function loadIncidentWorkspace(io: Io, options: WorkspaceOptions): Promise<Workspace> {
  if (findConfig(io.cwd, io.env, options.config) === undefined) {
    const ws = snapshotOnly({ config: {}, file: undefined, root: io.cwd });
    if (cachedSnapshot(ws, io.env)) return ws;
  }
  // A config may name a sync remote or notify routes, whose code reads journals without the retry.
  const [{ loadWorkspace }, { loadJournalSchema }] = await Promise.all([
    import("./workspace.js"),
    import("../../core/journal/lines.js"),
  ]);
  await loadJournalSchema();
  return loadWorkspace(io, options);
}

/** A workspace whose playbooks and templates come from its snapshot only (already remembered for it). */
function snapshotOnly(config: LoadedConfig): Workspace {
  const unparsed = (): never => {
    throw new CrisisError("the workspace's files were not parsed (a snapshot-only workspace)", EXIT.internal);
  };
  return {
    config,
    get catalog() {
      return unparsed();
    },
    get templates() {
      return unparsed();
    },
  };
}
