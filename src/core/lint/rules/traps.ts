import type { StepInput, StepPatch } from "../../playbook/schema.js";
import type { PlaybookRule, TemplateRule, TextRule } from "../rule.js";

/**
 * Steps, templates and severity models the schema accepts but the runner would trip on: an empty
 * list where something was meant, the same template twice in one step (the runner tracks a
 * step's messages by template, so the second would be taken as done), a key swallowed by the
 * block of text above it, a template with nothing to send, thresholds out of order.
 */

const LISTS = ["checklist", "prompts", "messages"] as const;

const emptyList: PlaybookRule = {
  id: "step/empty-list",
  severity: "warning",
  scope: "playbook",
  spines: true,
  description:
    "A step with checklist: [], prompts: [] or messages: []: the runner shows nothing for it, which is almost always an item left out.",
  fix: "Add the items, or remove the empty key.",
  check(s, report) {
    const steps = (s.data.steps ?? []) as (StepInput | StepPatch)[];
    steps.forEach((step, i) => {
      for (const key of LISTS) {
        const list = step[key];
        if (!Array.isArray(list) || list.length > 0) continue;
        const id = "extend" in step ? step.extend : step.id;
        report(
          emptyList,
          s.at({ file: s.file, path: ["steps", i, key] }),
          `step "${id}" has an empty ${key} list, so the runner ${key === "checklist" ? "shows no checklist" : key === "prompts" ? "asks nothing" : "drafts no message"}; expected at least one item, or no ${key} key`,
        );
      }
    });
  },
};

const duplicateMessage: PlaybookRule = {
  id: "step/duplicate-message",
  severity: "error",
  scope: "playbook",
  spines: true,
  description:
    "The same template drafted twice in one step: the runner tracks a step's messages by template, so the second would be taken as already done.",
  fix: "Draft it once and list every channel under that one message, or use a separate template for the second message.",
  check(s, report) {
    for (const step of s.playbook.steps) {
      const seen = new Map<string, number>();
      (step.messages ?? []).forEach((m, i) => {
        const first = seen.get(m.template);
        if (first === undefined) {
          seen.set(m.template, i);
          return;
        }
        const origin = s.itemOrigin(step, "messages", i);
        const firstAt = s.at({
          ...s.itemOrigin(step, "messages", first),
          path: [...s.itemOrigin(step, "messages", first).path, "template"],
        });
        report(
          duplicateMessage,
          s.at({ file: origin.file, path: [...origin.path, "template"] }),
          `step "${step.id}" already drafts ${m.template} (line ${firstAt.line}); the runner tracks messages by template, so this one would never be drafted. Expected its channels added to the first message, or another template`,
          { related: [{ ...firstAt, message: `the first ${m.template} message of step ${step.id}` }] },
        );
      });
    }
  },
};

/** Keys of the map that holds a block scalar of this key: a line inside the block that looks like one was meant to be one. */
const STEP_KEYS = [
  "id",
  "extend",
  "phase",
  "title",
  "checklist",
  "prompts",
  "messages",
  "role",
  "target",
  "when",
  "repeat",
  "after",
  "before",
];
const PROMPT_KEYS = [
  "id",
  "type",
  "question",
  "help",
  "required",
  "default",
  "choices",
  "validate",
  "example",
  "marks",
  "label",
  "kind",
  "minimum",
  "baseline",
  "thresholds",
];
const SIBLINGS: Record<string, readonly string[]> = {
  guidance: STEP_KEYS,
  help: PROMPT_KEYS,
  question: PROMPT_KEYS,
  duty: ["id", "title", "required_from"],
  text: ["id", "role"],
  why: ["default", "cluster"],
  summary: [
    "id",
    "title",
    "version",
    "crisis_type",
    "owner",
    "last_reviewed",
    "extends",
    "posture",
    "tags",
    "roles",
    "steps",
  ],
};

const BLOCK_HEADER = /^( *)(- +)?([a-z_]+):[ \t]*[|>][-+0-9]*[ \t]*(?:#.*)?$/;
const KEY_LINE = /^( *)([a-z_]+):(?:[ \t]|$)/;

const swallowedKey: TextRule = {
  id: "step/swallowed-key",
  severity: "warning",
  scope: "text",
  description:
    "A line inside a block of text (guidance: |, help: >…) that looks like a key of the step or prompt: indented one level too far, it became part of the text and the key is lost.",
  fix: "Move the key back to the column of the block's own key (guidance:, help: …) so it is a key again.",
  check(s, report) {
    if (s.kind !== "playbook" && s.kind !== "spine") return;
    if (!/:[ \t]*[|>]/.test(s.text)) return;
    const lines = s.text.split("\n");
    let offset = 0;
    const starts = lines.map((l) => {
      const o = offset;
      offset += l.length + 1;
      return o;
    });
    for (let i = 0; i < lines.length; i++) {
      const header = BLOCK_HEADER.exec(lines[i] ?? "");
      if (!header) continue;
      const siblings = SIBLINGS[header[3] ?? ""];
      const keyColumn = (header[1]?.length ?? 0) + (header[2]?.length ?? 0);
      let content: number | undefined;
      let j = i + 1;
      for (; j < lines.length; j++) {
        const line = (lines[j] ?? "").replace(/\r$/, "");
        if (line.trim() === "") continue;
        const indent = /^ */.exec(line)?.[0].length ?? 0;
        if (indent <= keyColumn) break;
        content ??= indent;
        const key = KEY_LINE.exec(line);
        if (!siblings || !key || indent !== content || !siblings.includes(key[2] ?? "")) continue;
        const name = key[2] ?? "";
        report(
          swallowedKey,
          s.at((starts[j] ?? 0) + indent, name.length + 1),
          `"${name}:" is inside the text of ${header[3] ?? ""}: (line ${i + 1}), so it is part of that text and not a key; expected it at column ${keyColumn + 1}, level with ${header[3] ?? ""}:`,
        );
      }
      i = j - 1;
    }
  },
};

const emptyTemplate: TemplateRule = {
  id: "template/empty",
  severity: "error",
  scope: "template",
  description: "A message template with front matter and no text: the responder would be handed an empty message.",
  fix: "Write the message after the closing --- line.",
  check(s, report) {
    const text = s.template.body.replace(/\{\{![\s\S]*?\}\}/g, "").trim();
    if (text !== "") return;
    const line = Math.max(1, s.template.bodyLine - 1);
    report(
      emptyTemplate,
      { file: s.file, line, column: 1, endLine: line, endColumn: 4 },
      `template ${s.template.id} has no text after its front matter; expected the message after this --- line`,
    );
  },
};

const thresholds: PlaybookRule = {
  id: "severity/thresholds",
  severity: "error",
  scope: "playbook",
  spines: true,
  description:
    "A ratio or points dimension whose thresholds do not rise (score 1, 2, 3 in order), so a larger measure could score lower or a level could never be reached.",
  fix: "Write the three thresholds from the smallest (score 1) to the largest (score 3).",
  check(s, report) {
    const dims = s.data.severity?.dimensions ?? [];
    dims.forEach((d, i) => {
      if (d.kind === "choice") return;
      const t = d.thresholds;
      for (let k = 1; k < t.length; k++) {
        if ((t[k] ?? 0) > (t[k - 1] ?? 0)) continue;
        report(
          thresholds,
          s.at({ file: s.file, path: ["severity", "dimensions", i, "thresholds", k] }),
          `threshold ${t[k] ?? ""} for score ${k + 1} of dimension "${d.id}" is not above ${t[k - 1] ?? ""} for score ${k}; expected rising thresholds, e.g. [${d.kind === "ratio" ? "2, 5, 10" : "10, 20, 35"}]`,
        );
        return;
      }
    });
  },
};

export const STEP_RULES = [emptyList, duplicateMessage, swallowedKey, emptyTemplate, thresholds];
