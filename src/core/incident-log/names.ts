import type { IncidentState } from "../journal/fold.js";
import type { Playbook } from "../playbook/model.js";

/** How the log names steps, roles, questions and message templates: by their titles when the playbook is known. */

export interface LogContext {
  playbook?: Playbook | undefined;
  /** Message template titles by id, e.g. common/internal-staff-notice → Internal notice to staff. */
  templateTitles?: ReadonlyMap<string, string>;
}

export type LogNames = ReturnType<typeof names>;

export function names(state: IncidentState, ctx: LogContext) {
  const pb = ctx.playbook;
  const stepTitle = (id: string) =>
    pb?.steps.find((s) => s.id === id)?.title ?? (id === "severity" ? "Severity scoring" : id);
  const roleTitle = (id: string) => pb?.roles.find((r) => r.id === id)?.title ?? id;
  const stepRole = (id: string) => pb?.steps.find((s) => s.id === id)?.role;
  const questions = new Map<string, string>();
  for (const d of pb?.severity.dimensions ?? []) questions.set(d.id, d.question);
  for (const o of pb?.severity.overrides ?? []) questions.set(o.id, o.question);
  for (const s of pb?.steps ?? []) for (const p of s.prompts ?? []) questions.set(p.id, p.question);
  const templateTitle = (id: string) => ctx.templateTitles?.get(id) ?? id;
  const draftOf = (hash: string) => state.drafts[hash];
  return { stepTitle, stepRole, roleTitle, question: (id: string) => questions.get(id) ?? id, templateTitle, draftOf };
}
