import type { Config } from "../config/schema.js";
import type { EventData } from "../journal/events.js";
import type { Playbook } from "../playbook/model.js";
import { SEVERITIES, type Severity, type Targets } from "../playbook/schema.js";
import { targetsFor } from "../runner/context.js";

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

/** The journal's first line, incident_opened: what was opened, with what applied at the time. */
export function openedEventData(
  playbook: Playbook,
  config: Config,
  input: { id: string; title: string; drill: boolean },
): EventData<"incident_opened"> {
  return {
    incident_id: input.id,
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
    ...(config.brand?.name ? { brand: config.brand.name } : {}),
    // The targets and baselines in effect now, so the post-mortem judges by what applied then.
    targets: targetsInEffect(playbook, config),
    ...(config.baselines ? { baselines: config.baselines } : {}),
    // What the post-mortem would otherwise read the playbook's YAML for.
    ...playbookFacts(playbook),
  };
}
