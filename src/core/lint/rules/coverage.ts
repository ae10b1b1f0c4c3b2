import { CORE_PHASES, SEVERITIES } from "../../playbook/levels.js";
import type { PlaybookRule, PlaybookScope, TemplateRule, Where } from "../rule.js";

const PHASE_NAMES: Record<(typeof CORE_PHASES)[number], string> = {
  identify: "identify (the cause and the facts)",
  map: "map (the channels and the magnitude)",
  acknowledge: "acknowledge (the public response)",
  fix: "fix",
  learn: "learn (report and learn)",
};

/**
 * Where a coverage finding goes: in the playbook when it has no spine or could have fixed it alone;
 * otherwise at the spine's place, which the spine's own run reports once (not in every playbook).
 */
function spinePlace(s: PlaybookScope, path: PropertyKey[], at: "key" | "value" = "value"): Where | undefined {
  const spine = s.playbook.spine;
  if (s.isSpine || !spine) return undefined;
  return s.at({ file: spine.file, path }, at);
}

const corePhase: PlaybookRule = {
  id: "coverage/core-phase",
  severity: "error",
  scope: "playbook",
  spines: true,
  description:
    "The playbook (with its spine) has no step in one of the five core phases: identify, map (channels), acknowledge, fix, learn (report).",
  fix: "Extend the spine (extends: common) or add a step with the missing phase.",
  check(s, report) {
    const phases = new Set(s.playbook.steps.map((step) => step.phase));
    for (const phase of CORE_PHASES) {
      if (phases.has(phase)) continue;
      report(
        corePhase,
        spinePlace(s, ["steps"], "key") ?? s.at({ file: s.file, path: ["steps"] }, "key"),
        `no step in the ${PHASE_NAMES[phase]} phase; expected at least one step for each core phase: ${CORE_PHASES.join(", ")}`,
      );
    }
  },
};

const acknowledgeTarget: PlaybookRule = {
  id: "coverage/acknowledge-target",
  severity: "error",
  scope: "playbook",
  spines: true,
  description: "No acknowledge step has a time target, so nothing tracks how fast the first public response goes out.",
  fix: "Give the acknowledge step `target: first-response` (the severity's target) or a duration such as 30m.",
  check(s, report) {
    const acknowledge = s.playbook.steps.filter((step) => step.phase === "acknowledge");
    if (acknowledge.length === 0 || acknowledge.some((step) => step.target !== undefined)) return;
    // At the first acknowledge step: in a spine, the spine reports it once rather than every playbook.
    const step = acknowledge[0];
    const where = step
      ? s.at({ file: step.origin.file, path: [...step.origin.path, "id"] })
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
    // A spine leaves the holding statement to each playbook: the playbook that adds none is told, at its patch or extends:.
    const step = acknowledge[0];
    const patch = acknowledge.flatMap((a) => a.patchedBy).find((p) => p.file === s.file);
    const own = acknowledge.find((a) => a.origin.file === s.file);
    const where = patch
      ? s.at({ file: s.file, path: [...patch.path, "extend"] })
      : own
        ? s.at({ file: s.file, path: [...own.origin.path, "id"] })
        : s.playbook.spine
          ? s.at({ file: s.file, path: ["extends"] })
          : s.at({ file: s.file, path: [...(step?.origin.path ?? []), "id"] });
    report(
      acknowledgeMessage,
      where,
      `no acknowledge step drafts a message for a public channel; expected a holding statement (extend: ${step?.id ?? "acknowledge"} with messages to e.g. x or status-page)`,
    );
  },
};

const responseTargets: PlaybookRule = {
  id: "coverage/targets",
  severity: "warning",
  scope: "playbook",
  spines: true,
  description:
    "A severity the playbook allows has no response targets (first response, update interval), so cadence cannot be tracked at that level.",
  fix: "Add targets for every level from SEV1 to the playbook's floor (in the playbook or its spine).",
  check(s, report) {
    const floor = SEVERITIES.indexOf(s.playbook.severity.floor);
    const missing = SEVERITIES.slice(0, floor + 1).filter((level) => s.playbook.targets[level] === undefined);
    if (missing.length === 0) return;
    // The floor that allows the level, or the targets that leave it out: in this file if it set either.
    const own = s.data as { severity?: { floor?: unknown }; targets?: unknown };
    const where =
      own.severity?.floor !== undefined
        ? s.at({ file: s.file, path: ["severity", "floor"] })
        : own.targets !== undefined
          ? s.at({ file: s.file, path: ["targets"] }, "key")
          : (spinePlace(s, ["targets"], "key") ?? s.at({ file: s.file, path: ["id"] }));
    report(
      responseTargets,
      where,
      `no response targets for ${missing.join(", ")}, which the floor ${s.playbook.severity.floor} allows; expected first_response and update_interval for every level up to the floor (or a higher floor)`,
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
    if (!s.variables) return;
    const uses = s.variables.filter((v) => v.name === "next_update_time");
    if (uses.some((v) => !v.section)) return;
    // The runner records a promise only when the time is in the text, not a section's condition.
    const section = uses[0];
    report(
      nextUpdateTime,
      section ? s.atBody(section.offset, "{{#next_update_time}}".length) : s.atMeta("kind"),
      section
        ? '{{next_update_time}} is used only as a section here, so the text never states the time and crisis records no promise; expected the time itself in a sentence, e.g. "Next update by {{next_update_time}}."'
        : `a public ${kind} message must say when the next update comes; expected {{next_update_time}} in the text`,
    );
  },
};

const exitCriteria: PlaybookRule = {
  id: "coverage/exit-criteria",
  severity: "warning",
  scope: "playbook",
  spines: false,
  description:
    "A standalone playbook (one that extends no spine) has no exit criteria, so resolving the incident checks nothing: the crisis is declared over on a hunch.",
  fix: "Add exit_criteria (e.g. volume near baseline, every promised update published), or extend a spine that has them.",
  check(s, report) {
    // A playbook that extends a spine gets the spine's; the spine decides (and may leave them to each playbook).
    if (s.playbook.spine || s.playbook.exit_criteria.length > 0) return;
    const own = (s.data as { exit_criteria?: unknown }).exit_criteria;
    report(
      exitCriteria,
      s.at({ file: s.file, path: own !== undefined ? ["exit_criteria"] : ["id"] }, "key"),
      `playbook "${s.playbook.id}" has no exit criteria, so resolving checks nothing; expected exit_criteria: with the conditions for declaring the crisis over`,
    );
  },
};

export const COVERAGE_RULES = [
  corePhase,
  acknowledgeTarget,
  acknowledgeMessage,
  responseTargets,
  exitCriteria,
  nextUpdateTime,
];
