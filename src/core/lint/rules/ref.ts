import type { Origin, Step } from "../../playbook/model.js";
import type { MessageSpec } from "../../playbook/schema.js";
import { suggest } from "../../suggest.js";
import { choiceValue } from "../answers.js";
import { valueAt } from "../place.js";
import type { ConfigRule, LayerRule, PlaybookRule, PlaybookScope } from "../rule.js";
import { BUILTIN_NAMES, conditionsOf, whereInCondition } from "../when.js";
import { suggestChannel, suggestName, suggestRule } from "./suggest-id.js";

const at = (origin: Origin, ...more: PropertyKey[]): Origin => ({ file: origin.file, path: [...origin.path, ...more] });
const didYouMean = (word: string, candidates: readonly string[]) => {
  const hint = suggest(word, candidates);
  return hint ? ` (did you mean "${hint}"?)` : "";
};

const hintOf = (hint: string | undefined) => (hint ? ` (did you mean "${hint}"?)` : "");

type MessageUse = readonly [step: Step, stepIndex: number, message: MessageSpec, origin: Origin];

/** Several rules walk every message: where each was written is worked out once per scope. */
const messageUses = new WeakMap<PlaybookScope, readonly MessageUse[]>();

export function forEachMessage(
  s: PlaybookScope,
  fn: (step: Step, stepIndex: number, message: MessageSpec, origin: Origin) => void,
): void {
  let uses = messageUses.get(s);
  if (!uses) {
    const list: MessageUse[] = [];
    s.playbook.steps.forEach((step, stepIndex) => {
      (step.messages ?? []).forEach((message, i) =>
        list.push([step, stepIndex, message, s.itemOrigin(step, "messages", i)]),
      );
    });
    messageUses.set(s, list);
    uses = list;
  }
  for (const [step, stepIndex, message, origin] of uses) fn(step, stepIndex, message, origin);
}

const unknownSpine: LayerRule = {
  id: "ref/unknown-spine",
  severity: "error",
  scope: "layer",
  description: "`extends:` names a spine that no playbook folder defines, or one that has problems of its own.",
  fix: "Use the id of a spine file (the bundled one is common), or fix the spine first.",
};

const unknownStep: LayerRule = {
  id: "ref/unknown-step",
  severity: "error",
  scope: "layer",
  description:
    "`extend:`, `after:` or `before:` names a step that is not in the spine (or not earlier in the playbook).",
  fix: "Use a step id listed in the message; a step can be placed only next to a spine step or an earlier step.",
};

const duplicateDefinition: LayerRule = {
  id: "ref/duplicate-definition",
  severity: "error",
  scope: "layer",
  description:
    "Two files define the same playbook id, spine id or template id: only the later one is used and the other is silently ignored.",
  fix: "Rename one of them (the message names both files); to replace a bundled file on purpose, keep one file per id.",
};

const override: LayerRule = {
  id: "ref/override",
  severity: "info",
  scope: "layer",
  description:
    "A team playbook, spine or template has the id of a bundled one and replaces it, so the bundled version is never used.",
  fix: "Nothing, if it is meant to replace the bundled one; otherwise give it a new id.",
};

const duplicateId: PlaybookRule = {
  id: "ref/duplicate-id",
  severity: "error",
  scope: "playbook",
  spines: true,
  description:
    "An id used twice: steps, answers (prompts, severity dimensions and overrides share one namespace), roles, exit criteria, choices, channels of a message.",
  fix: "Rename one of the two; to add to a spine step, use `extend:` instead of repeating its id.",
  check(s, report) {
    for (const { answer, first } of s.answers.duplicates) {
      const step = first.stepIndex >= 0 ? s.playbook.steps[first.stepIndex] : undefined;
      const firstWhere = first.kind === "prompt" ? `a prompt of step "${step?.id ?? "?"}"` : `a severity ${first.kind}`;
      report(
        duplicateId,
        s.at(at(answer.origin, "id")),
        `answer id "${answer.id}" is already used by ${firstWhere}; prompts, severity dimensions and overrides share one namespace, so expected a unique id`,
      );
    }
    const lists: [PropertyKey[], string][] = [
      [["roles"], "role"],
      [["exit_criteria"], "exit criterion"],
      [["severity", "dimensions"], "dimension"],
      [["severity", "overrides"], "override"],
    ];
    if (s.isSpine) lists.push([["steps"], "step"]);
    for (const [path, what] of lists) {
      const list = valueAt(s.data, path);
      if (!Array.isArray(list)) continue;
      const seen = new Set<string>();
      list.forEach((item: unknown, i) => {
        const id = (item as { id?: unknown }).id;
        if (typeof id !== "string") return;
        if (seen.has(id))
          report(
            duplicateId,
            s.at({ file: s.file, path: [...path, i, "id"] }),
            `${what} id "${id}" is already defined in this list; expected each id once`,
          );
        seen.add(id);
      });
    }
    (
      valueAt(s.data, ["severity", "dimensions"]) as { kind?: string; choices?: { label?: unknown }[] }[] | undefined
    )?.forEach((d, i) => {
      if (d.kind !== "choice") return;
      const seen = new Set<unknown>();
      (d.choices ?? []).forEach((c, j) => {
        if (seen.has(c.label))
          report(
            duplicateId,
            s.at({ file: s.file, path: ["severity", "dimensions", i, "choices", j, "label"] }),
            `choice label "${String(c.label)}" is listed twice in this dimension; the answer is recorded by label, so expected each label once`,
          );
        seen.add(c.label);
      });
    });
    s.playbook.steps.forEach((step) => {
      (step.prompts ?? []).forEach((prompt, i) => {
        const seen = new Set<string>();
        (prompt.choices ?? []).forEach((choice, j) => {
          const value = choiceValue(choice);
          if (seen.has(value))
            report(
              duplicateId,
              s.at(at(s.itemOrigin(step, "prompts", i), "choices", j)),
              `choice "${value}" is listed twice in prompt "${prompt.id}"; expected each choice once`,
            );
          seen.add(value);
        });
      });
    });
    forEachMessage(s, (_step, _i, message, origin) => {
      const seen = new Set<string>();
      message.channels.forEach((channel, j) => {
        if (seen.has(channel))
          report(
            duplicateId,
            s.at(at(origin, "channels", j)),
            `channel "${channel}" is listed twice for this message; expected each channel once`,
          );
        seen.add(channel);
      });
    });
  },
};

const unknownTemplate: PlaybookRule = {
  id: "ref/unknown-template",
  severity: "error",
  scope: "playbook",
  spines: true,
  description: "A message names a template that does not exist in templates/messages/ (or the config's template_dirs).",
  fix: "Use an existing template id (folder/name, without .txt), or create the template.",
  check(s, report) {
    const ids = [...s.session.templates.keys()];
    forEachMessage(s, (_step, _i, message, origin) => {
      if (s.session.templates.has(message.template)) return;
      report(
        unknownTemplate,
        s.at(at(origin, "template")),
        `unknown template "${message.template}"${didYouMean(message.template, ids)}; expected a file messages/${message.template}.txt in a template folder`,
      );
    });
  },
};

const unknownRole: PlaybookRule = {
  id: "ref/unknown-role",
  severity: "error",
  scope: "playbook",
  spines: true,
  description:
    "A step, checklist item, message approval or approval policy names a role that is not declared under roles.",
  fix: "Declare the role under roles (in the playbook or its spine), or use one of the declared roles.",
  check(s, report) {
    const roles = s.playbook.roles.map((r) => r.id);
    const known = new Set(roles);
    const check = (role: string | undefined, origin: Origin) => {
      if (role === undefined || known.has(role)) return;
      report(
        unknownRole,
        s.at(origin),
        `unknown role "${role}"${didYouMean(role, roles)}; expected one of: ${roles.join(", ")}`,
      );
    };
    for (const step of s.playbook.steps) {
      check(step.role, s.fieldOrigin(step, "role"));
      (step.checklist ?? []).forEach((item, i) => {
        if (typeof item !== "string") check(item.role, at(s.itemOrigin(step, "checklist", i), "role"));
      });
      (step.messages ?? []).forEach((m, i) =>
        (m.approval ?? []).forEach((role, j) => check(role, at(s.itemOrigin(step, "messages", i), "approval", j))),
      );
    }
    for (const [level, list] of Object.entries(s.playbook.approval)) {
      const own = valueAt(s.data, ["approval", level]) !== undefined;
      if (!own && !s.isSpine) continue; // the spine's policy is checked with the spine
      (list ?? []).forEach((role, j) => check(role, { file: s.file, path: ["approval", level, j] }));
    }
  },
};

const unknownChannel: PlaybookRule = {
  id: "ref/unknown-channel",
  severity: "error",
  scope: "playbook",
  spines: true,
  description: "A message (or brand.handles in the config) names a channel that is not in the channel registry.",
  fix: "Use a built-in channel id (x, bluesky, threads, mastodon, instagram, facebook, linkedin, tiktok, reddit, youtube, sms, email, status-page, website, internal-chat) or add it under channels in crisis.config.yaml.",
  check(s, report) {
    const ids = Object.keys(s.session.channels);
    forEachMessage(s, (_step, _i, message, origin) => {
      message.channels.forEach((channel, j) => {
        if (Object.hasOwn(s.session.channels, channel)) return;
        report(
          unknownChannel,
          s.at(at(origin, "channels", j)),
          `unknown channel "${channel}"${hintOf(suggestChannel(channel, ids))}; expected a channel from the registry: ${ids.join(", ")} (or add it under channels in crisis.config.yaml)`,
        );
      });
    });
  },
};

const unknownHandleChannel: ConfigRule = {
  ...unknownChannel,
  scope: "config",
  check(s, report) {
    const ids = Object.keys(s.session.channels);
    for (const channel of Object.keys(s.config.brand?.handles ?? {})) {
      if (Object.hasOwn(s.session.channels, channel)) continue;
      report(
        unknownHandleChannel,
        s.at(["brand", "handles", channel], "key"),
        `brand.handles names unknown channel "${channel}"${hintOf(suggestChannel(channel, ids))}; expected a channel from the registry: ${ids.join(", ")}`,
      );
    }
  },
};

const unknownPrompt: PlaybookRule = {
  id: "ref/unknown-prompt",
  severity: "error",
  scope: "playbook",
  spines: true,
  description:
    "A `when:` condition names something that is not a prompt, a severity dimension or override, severity, drill or roles.",
  fix: "Use the id of a prompt asked in an earlier step (or severity, drill, a dimension or override id).",
  check(s, report) {
    const known = [...s.answers.byId.keys(), ...BUILTIN_NAMES];
    for (const w of conditionsOf(s)) {
      for (const { name, at: offset } of w.names) {
        if (s.answers.byId.has(name)) continue;
        report(
          unknownPrompt,
          whereInCondition(s, w, offset, name.length),
          `condition names "${name}", which no prompt answers${hintOf(suggestName(name, known))}; expected a prompt id, a severity dimension or override, severity, drill or roles`,
        );
      }
    }
  },
};

const unknownRule: ConfigRule = {
  id: "ref/unknown-rule",
  severity: "error",
  scope: "config",
  description: "lint.rules in crisis.config.yaml names a rule that does not exist, or one that cannot be turned off.",
  fix: "Use a rule id from crisis lint --list-rules (or category/* for a whole category).",
  check(s, report) {
    const { ids, fixed } = s.session.catalog;
    const categories = [...new Set(ids.map((r) => r.split("/")[0] ?? r))];
    for (const [id, setting] of Object.entries(s.config.lint?.rules ?? {})) {
      const where = s.at(["lint", "rules", id], "key");
      const wildcard = /^([a-z]+)\/\*$/.exec(id);
      if (wildcard) {
        const members = ids.filter((r) => r.startsWith(`${wildcard[1]}/`));
        if (members.length === 0)
          report(unknownRule, where, `no rule category "${wildcard[1]}"; expected one of: ${categories.join(", ")}`);
        else if (members.every((r) => fixed.includes(r)))
          report(
            unknownRule,
            where,
            `the ${wildcard[1]}/* rules cannot be set to ${setting}: a file that fails them cannot be checked further`,
          );
        continue;
      }
      if (!ids.includes(id))
        report(
          unknownRule,
          where,
          `unknown rule "${id}"${hintOf(suggestRule(id, ids))}; expected a rule id from crisis lint --list-rules, or category/*`,
        );
      else if (fixed.includes(id))
        report(
          unknownRule,
          where,
          `rule "${id}" cannot be set to ${setting}: a file that fails it cannot be checked further; expected a rule that can be configured (yaml/* and schema/* always apply), or remove the line`,
        );
    }
  },
};

export const REF_RULES = [
  unknownSpine,
  unknownStep,
  duplicateId,
  duplicateDefinition,
  override,
  unknownTemplate,
  unknownRole,
  unknownChannel,
  unknownPrompt,
  unknownRule,
];
export const REF_CONFIG_RULES = [unknownHandleChannel];
