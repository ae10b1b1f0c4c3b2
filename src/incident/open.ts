import type { Workspace } from "../commands/context.js";
import type { Config } from "../config/schema.js";
import type { Playbook } from "../playbook/model.js";
import { SEVERITIES, type Severity, type Targets } from "../playbook/schema.js";
import { targetsFor } from "../runner/context.js";
import type { Io } from "../ui/output.js";
import { incidentsRoot, reserveIncident } from "./registry.js";
import type { IncidentSession } from "./session.js";
import { openSession } from "./workspace.js";

/** The targets crisis start records: config over playbook, per severity, where both are set. */
export function targetsInEffect(playbook: Playbook, config: Config): Partial<Record<Severity, Targets>> {
  const out: Partial<Record<Severity, Targets>> = {};
  for (const severity of SEVERITIES) {
    const t = targetsFor({ playbook, config }, severity);
    if (t.first_response && t.update_interval)
      out[severity] = { first_response: t.first_response, update_interval: t.update_interval };
  }
  return out;
}

/** The role titles and the content-pause target, recorded so the post-mortem needs no playbook. */
export function playbookFacts(playbook: Playbook): {
  roles: { id: string; title: string }[];
  contain?: { step: string; target: string };
} {
  const step = playbook.steps.find((s) => s.prompts?.some((p) => p.marks === "content_paused"));
  return {
    roles: playbook.roles.map((r) => ({ id: r.id, title: r.title })),
    ...(step?.target !== undefined ? { contain: { step: step.id, target: step.target } } : {}),
  };
}

/** Creates the incident folder and writes the journal's first line, incident_opened. */
export function openIncident(
  io: Io,
  ws: Workspace,
  playbook: Playbook,
  input: { title: string; drill: boolean; actor: string },
): IncidentSession {
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
    // The targets and baselines in effect now, so the post-mortem judges by what applied then.
    targets: targetsInEffect(playbook, ws.config.config),
    ...(ws.config.config.baselines ? { baselines: ws.config.config.baselines } : {}),
    // What the post-mortem would otherwise read the playbook's YAML for.
    ...playbookFacts(playbook),
  });
  return session;
}
