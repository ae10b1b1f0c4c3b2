import { CONFIG_VARIABLES, INCIDENT_VARIABLES, isBuiltinVariable } from "../../templates/variables.js";
import { suggest } from "../../suggest.js";
import { textLocator } from "../place.js";
import type { PlaybookRule, PlaybookScope, TemplateEntry, TemplateRule, Where } from "../rule.js";
import { forEachMessage } from "./ref.js";
import { withVariants } from "./variants.js";

const locators = new WeakMap<TemplateEntry, (offset: number, length: number) => Where>();

/** Where a range of a template's body is in its file. */
export function inTemplate(entry: TemplateEntry, offset: number, length: number): Where {
  const t = entry.template;
  if (!t) return { file: entry.file, line: 1, column: 1 };
  let at = locators.get(entry);
  if (!at) locators.set(entry, (at = textLocator(entry.file, t.body, t.bodyLine)));
  return at(offset, length);
}

/** What a playbook's place is, as the related location of a template finding. */
export const usedBy = (s: PlaybookScope, what = "uses this template here") =>
  `${s.isSpine ? "spine" : "playbook"} ${s.playbook.id} ${what}`;

const BUILTINS = [...Object.keys(INCIDENT_VARIABLES), ...CONFIG_VARIABLES];

/** "file:line" of a variable in its template, for messages that point at the playbook. */
function templatePlace(entry: TemplateEntry, offset: number): string {
  const t = entry.template;
  if (!t) return entry.file;
  const line = t.bodyLine + (t.body.slice(0, offset).split("\n").length - 1);
  return `${entry.file}:${line}`;
}

/** A variable a template uses, as every playbook that uses the template sees it. */
interface OwnVariable {
  name: string;
  offset: number;
  /** Its Session.answeredInTemplate key. */
  key: string;
}

/**
 * A template's variables other than the built-in ones, each at its first use: the same for every
 * playbook (and every message) that uses the template, so found once per template, not per use.
 */
const ownVariables = new WeakMap<TemplateEntry, readonly OwnVariable[]>();
function ownVariablesOf(entry: TemplateEntry): readonly OwnVariable[] {
  let own = ownVariables.get(entry);
  if (own) return own;
  const seen = new Set<string>();
  const list: OwnVariable[] = [];
  for (const v of entry.variables ?? []) {
    if (seen.has(v.name) || isBuiltinVariable(v.name)) continue;
    seen.add(v.name);
    list.push({ name: v.name, offset: v.offset, key: `${entry.id}\0${v.name}` });
  }
  ownVariables.set(entry, (own = list));
  return own;
}

function eachVariableUse(
  s: PlaybookScope,
  fn: (use: {
    name: string;
    offset: number;
    key: string;
    entry: TemplateEntry;
    stepIndex: number;
    where: () => Where;
  }) => void,
): void {
  forEachMessage(s, (_step, stepIndex, message, origin) => {
    for (const entry of withVariants(s.session, message.template)) {
      if (!entry.variables) continue;
      const where = () => s.at({ file: origin.file, path: [...origin.path, "template"] });
      for (const { name, offset, key } of ownVariablesOf(entry)) fn({ name, offset, key, entry, stepIndex, where });
    }
  });
}

const unknownVariable: PlaybookRule = {
  id: "vars/unknown-variable",
  severity: "error",
  scope: "playbook",
  spines: true,
  description:
    "A template used by a step has a {{variable}} that is neither a config variable, an incident variable nor a prompt of the playbook.",
  fix: "Add a prompt with that id (in this step or an earlier one), or use a variable listed in docs/playbook-format.md.",
  check(s, report) {
    const candidates = [...BUILTINS, ...s.answers.byId.keys()];
    eachVariableUse(s, ({ name, offset, key, entry, where }) => {
      if (s.answers.byId.has(name)) {
        s.session.answeredInTemplate.add(key);
        return;
      }
      const hint = suggest(name, candidates);
      const mean = hint ? ` (did you mean {{${hint}}}?)` : "";
      report(
        unknownVariable,
        where(),
        `template ${entry.id} uses {{${name}}} (${templatePlace(entry, offset)}), which nothing in ${s.isSpine ? "this spine" : "this playbook"} answers${mean}; expected a prompt id of this playbook, a config variable or an incident variable`,
        {
          template: {
            id: entry.id,
            key: name,
            at: inTemplate(entry, offset, name.length + 4),
            message: `{{${name}}} is not a prompt of any playbook that uses this template, nor a config or incident variable${mean}; expected a variable listed in docs/playbook-format.md or a prompt id those playbooks ask`,
            relatedMessage: usedBy(s),
          },
        },
      );
    });
  },
};

const askedLater: PlaybookRule = {
  id: "vars/asked-later",
  severity: "error",
  scope: "playbook",
  spines: true,
  description:
    "A template uses the answer to a prompt that is asked only in a later step, so it is empty when the message is drafted.",
  fix: "Ask the prompt in this step or an earlier one, or draft the message in a later step.",
  check(s, report) {
    eachVariableUse(s, ({ name, offset, entry, stepIndex, where }) => {
      const answer = s.answers.byId.get(name);
      if (!answer || answer.stepIndex <= stepIndex) return;
      const later = s.playbook.steps[answer.stepIndex];
      const here = s.playbook.steps[stepIndex];
      const variable = inTemplate(entry, offset, name.length + 4);
      const prompt = s.at({ file: answer.origin.file, path: [...answer.origin.path, "id"] });
      report(
        askedLater,
        where(),
        `template ${entry.id} uses {{${name}}} (${templatePlace(entry, offset)}), which is asked only in step "${later?.id ?? "?"}", after step "${here?.id ?? "?"}" drafts this message; expected a prompt of this step or an earlier one`,
        {
          related: [
            { ...variable, message: `{{${name}}} in template ${entry.id}` },
            {
              file: prompt.file,
              line: prompt.line,
              column: prompt.column,
              message: `prompt ${name}, asked in step ${later?.id ?? "?"}`,
            },
          ],
        },
      );
    });
  },
};

const reservedName: PlaybookRule = {
  id: "vars/reserved-name",
  severity: "error",
  scope: "playbook",
  spines: true,
  description:
    "A prompt, dimension or override id that is also a built-in variable (severity, now, brand, lead…), so templates could not tell them apart.",
  fix: "Rename the prompt, e.g. severity → reported_severity.",
  check(s, report) {
    for (const answer of s.answers.byId.values()) {
      if (!isBuiltinVariable(answer.id)) continue;
      report(
        reservedName,
        s.at({ file: answer.origin.file, path: [...answer.origin.path, "id"] }),
        `"${answer.id}" is a built-in variable; expected a ${answer.kind} id that differs from the incident and config variables`,
      );
    }
  },
};

const templateSyntax: TemplateRule = {
  id: "vars/template-syntax",
  severity: "error",
  scope: "template",
  description:
    "A template's {{tags}} do not parse, or use what crisis forbids: partials, delimiter changes, names that are not snake_case or name object internals.",
  fix: "Close every {{tag}} and {{#section}}…{{/section}}; use only {{name}}, {{#name}}, {{^name}}, {{/name}} and {{! comments }}.",
  check(s, report) {
    if (!s.syntaxError) return;
    const { offset, message } = s.syntaxError;
    const close = s.template.body.indexOf("}}", offset);
    report(templateSyntax, s.atBody(offset, close === -1 ? 2 : close + 2 - offset), message);
  },
};

export const VARS_RULES = [unknownVariable, askedLater, reservedName, templateSyntax];
