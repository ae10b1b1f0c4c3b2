import type { Config } from "../config/schema.js";
import type { Playbook } from "../playbook/model.js";
import { SEVERITIES } from "../playbook/levels.js";
import type { Severity, Targets } from "../playbook/schema.js";
import type { Facts } from "./facts.js";
import { parseDuration } from "../time.js";

/**
 * The targets and baselines the metrics are judged by. What the journal recorded when the incident
 * opened wins (it is what the responders worked to); otherwise config over the playbook (config
 * overrides the playbooks' targets, as during the response); otherwise the spine's defaults.
 */

export type TargetSource = "journal" | "config" | "playbook" | "spine";

export interface ResolvedTarget {
  ms: number;
  text: string;
  source: TargetSource;
}

export interface Yardsticks {
  targets: Partial<Record<Severity, { first_response?: ResolvedTarget; update_interval?: ResolvedTarget }>>;
  /** A duration target for pausing content: the target of the step whose prompt marks content_paused. */
  contain?: ResolvedTarget & { step: string };
  baselines: { mentions_per_hour?: number; negative_share?: number };
}

export interface YardstickSources {
  facts: Facts;
  playbook?: Playbook;
  /** The spine's targets, for when the playbook itself cannot be loaded. */
  spineTargets?: Partial<Record<Severity, Targets>>;
  config?: Config;
}

export function resolveYardsticks({ facts, playbook, spineTargets, config }: YardstickSources): Yardsticks {
  const recorded = facts.opened?.targets;
  const targets: Yardsticks["targets"] = {};
  for (const sev of SEVERITIES) {
    const pick = (field: keyof Targets): ResolvedTarget | undefined => {
      const layers: [TargetSource, string | undefined][] = [
        ["journal", recorded?.[sev]?.[field]],
        ["config", config?.targets?.[sev]?.[field]],
        ["playbook", playbook?.targets[sev]?.[field]],
        ["spine", spineTargets?.[sev]?.[field]],
      ];
      for (const [source, text] of layers) {
        const ms = text === undefined ? undefined : parseDuration(text);
        if (text !== undefined && ms !== undefined) return { ms, text, source };
      }
      return undefined;
    };
    const first = pick("first_response");
    const update = pick("update_interval");
    if (first || update)
      targets[sev] = { ...(first ? { first_response: first } : {}), ...(update ? { update_interval: update } : {}) };
  }
  const baselines = { ...config?.baselines, ...facts.opened?.baselines };
  const result: Yardsticks = { targets, baselines };
  // The playbook's step when there is a playbook; otherwise what crisis start recorded from it.
  const step = playbook?.steps.find((s) => s.prompts?.some((p) => p.marks === "content_paused"));
  const contain = playbook
    ? step?.target !== undefined
      ? { step: step.id, target: step.target }
      : undefined
    : facts.opened?.contain;
  const containMs = contain === undefined ? undefined : parseDuration(contain.target);
  if (contain !== undefined && containMs !== undefined) {
    result.contain = { ms: containMs, text: contain.target, source: "playbook", step: contain.step };
  }
  return result;
}
