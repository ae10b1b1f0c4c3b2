import { CORE_PHASES, SEVERITIES } from "../../playbook/schema.js";
import type { PlaybookRule, TemplateRule } from "../rule.js";

const PHASE_NAMES: Record<(typeof CORE_PHASES)[number], string> = {
  identify: "identify (the cause and the facts)",
  map: "map (the channels and the magnitude)",
  acknowledge: "acknowledge (the public response)",
  fix: "fix",
  learn: "learn (report and learn)",
};

const corePhase: PlaybookRule = {
  id: "coverage/core-phase",
  severity: "error",
  scope: "playbook",
  spines: false,
  description:
    "The playbook (with its spine) has no step in one of the five core phases: identify, map (channels), acknowledge, fix, learn (report).",
  fix: "Extend the spine (extends: common) or add a step with the missing phase.",
  check(s, report) {
    const phases = new Set(s.playbook.steps.map((step) => step.phase));
    for (const phase of CORE_PHASES) {
      if (phases.has(phase)) continue;
      report(
        corePhase,
        s.at({ file: s.file, path: ["steps"] }, "key"),
        `no step in the ${PHASE_NAMES[phase]} phase; expected at least one step for each core phase: ${CORE_PHASES.join(", ")}`,
      );
    }
  },
};

const acknowledgeTarget: PlaybookRule = {
  id: "coverage/acknowledge-target",
  severity: "error",
  scope: "playbook",
  spines: false,
  description: "No acknowledge step has a time target, so nothing tracks how fast the first public response goes out.",
  fix: "Give the acknowledge step `target: first-response` (the severity's target) or a duration such as 30m.",
  check(s, report) {
    const acknowledge = s.playbook.steps.filter((step) => step.phase === "acknowledge");
    if (acknowledge.length === 0 || acknowledge.some((step) => step.target !== undefined)) return;
    const step = acknowledge[0];
    const where =
      step && step.origin.file === s.file
        ? s.at({ file: s.file, path: [...step.origin.path, "id"] })
        : s.at({ file: s.file, path: ["id"] });
    report(
      acknowledgeTarget,
      where,
      `no acknowledge step has a time target; expected target: first-response (or a duration) on step "${step?.id ?? "?"}"`,
    );
  },
};

const acknowledgeMessage: PlaybookRule = {
  id: "coverage/acknowledge-message",
  severity: "warning",
  scope: "playbook",
  spines: false,
  description:
    "No acknowledge step drafts a message for a public channel, so the first public response has no prepared wording.",
  fix: "Add a holding statement to the acknowledge step (extend: acknowledge, messages: [...]).",
  check(s, report) {
    const acknowledge = s.playbook.steps.filter((step) => step.phase === "acknowledge");
    if (acknowledge.length === 0) return; // coverage/core-phase reports it
    const publicMessage = acknowledge.some((step) =>
      (step.messages ?? []).some((m) =>
        m.channels.some((c) => Object.hasOwn(s.session.channels, c) && s.session.channels[c]?.public === true),
      ),
    );
    if (publicMessage) return;
    report(
      acknowledgeMessage,
      s.at({ file: s.file, path: ["id"] }),
      `no acknowledge step drafts a message for a public channel; expected a holding statement (extend: acknowledge with messages to e.g. x or status-page)`,
    );
  },
};

const responseTargets: PlaybookRule = {
  id: "coverage/targets",
  severity: "warning",
  scope: "playbook",
  spines: false,
  description:
    "A severity the playbook allows has no response targets (first response, update interval), so cadence cannot be tracked at that level.",
  fix: "Add targets for every level from SEV1 to the playbook's floor (in the playbook or its spine).",
  check(s, report) {
    const floor = SEVERITIES.indexOf(s.playbook.severity.floor);
    const missing = SEVERITIES.slice(0, floor + 1).filter((level) => s.playbook.targets[level] === undefined);
    if (missing.length === 0) return;
    report(
      responseTargets,
      s.at({ file: s.file, path: ["id"] }),
      `no response targets for ${missing.join(", ")}; expected first_response and update_interval for every level the playbook allows`,
    );
  },
};

const nextUpdateTime: TemplateRule = {
  id: "coverage/next-update-time",
  severity: "error",
  scope: "template",
  description:
    "A public holding or update template that does not state when the next update comes ({{next_update_time}}).",
  fix: 'Add a sentence with {{next_update_time}}, e.g. "Next update by {{next_update_time}}."',
  check(s, report) {
    const { kind, audience } = s.template.meta;
    if (audience !== "public" || (kind !== "holding" && kind !== "update")) return;
    if (!s.variables || s.variables.some((v) => v.name === "next_update_time")) return;
    report(
      nextUpdateTime,
      s.atMeta("kind"),
      `a public ${kind} message must say when the next update comes; expected {{next_update_time}} in the text`,
    );
  },
};

export const COVERAGE_RULES = [corePhase, acknowledgeTarget, acknowledgeMessage, responseTargets, nextUpdateTime];
