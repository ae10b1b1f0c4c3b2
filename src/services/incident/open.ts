import { removeTreeQuietly } from "../../adapters/fs/durable-write.js";
import type { Io } from "../../adapters/terminal/io.js";
import { openedEventData } from "../../core/incident/opening.js";
import type { Playbook } from "../../core/playbook/model.js";
import type { Workspace } from "../workspace/workspace.js";
import { reserveIncident } from "./registry.js";
import { incidentsRoot } from "../workspace/incidents-dir.js";
import { openSession, type IncidentSession } from "./session.js";

/**
 * Creates the incident folder and writes the journal's first line, incident_opened. If that line
 * cannot be written (a full disk), the new folder is removed again: no half-created incident is
 * left for list, status or resume to trip over.
 */
export function openIncident(
  io: Io,
  ws: Workspace,
  playbook: Playbook,
  input: { title: string; drill: boolean; actor: string },
): IncidentSession {
  const { id, dir } = reserveIncident(incidentsRoot(ws.config), playbook.id, io.now());
  try {
    const session = openSession(ws, dir, io, input.actor, playbook);
    session.append("incident_opened", openedEventData(playbook, ws.config.config, { id, ...input }));
    return session;
  } catch (error) {
    removeTreeQuietly(dir);
    throw error;
  }
}
