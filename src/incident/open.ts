import type { Workspace } from "../commands/context.js";
import type { Playbook } from "../playbook/model.js";
import type { Io } from "../ui/output.js";
import { incidentsRoot, reserveIncident } from "./registry.js";
import type { IncidentSession } from "./session.js";
import { openSession } from "./workspace.js";

/** Creates the incident folder and writes the journal's first line, incident_opened. */
export function openIncident(io: Io, ws: Workspace, playbook: Playbook, input: { title: string; drill: boolean; actor: string }): IncidentSession {
  const { id, dir } = reserveIncident(incidentsRoot(ws.config), playbook.id, io.now());
  const session = openSession(ws, dir, io, input.actor, playbook);
  session.append("incident_opened", {
    incident_id: id,
    title: input.title.trim(),
    playbook: {
      id: playbook.id,
      version: playbook.version,
      title: playbook.title,
      crisis_type: playbook.crisis_type,
      ...(playbook.spine ? { spine: `${playbook.spine.id}@${playbook.spine.version}` } : {}),
      source: playbook.source,
    },
    drill: input.drill,
    ...(ws.config.config.brand?.name ? { brand: ws.config.config.brand.name } : {}),
  });
  return session;
}
