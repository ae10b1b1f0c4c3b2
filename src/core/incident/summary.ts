import type { IncidentState } from "../journal/fold.js";
import type { Playbook } from "../playbook/model.js";
import { formatSpan, shortUtc } from "../time.js";

/** An incident at a glance, for crisis list and crisis status (and their --json). */
export interface IncidentSummaryJson {
  id: string;
  title: string;
  status: "open" | "paused" | "resolved";
  drill: boolean;
  severity: string | null;
  playbook: { id: string; version: string; title: string };
  declared_at: string | null;
  resolved_at: string | null;
  elapsed_seconds: number | null;
  next_update_due: string | null;
  update_overdue: boolean;
  current_step: { id: string; title: string; number: number; of: number; done: boolean } | null;
  roles: Record<string, string>;
  open_checklist_items: number;
  decisions: number;
  notes: number;
  published: number;
  last_event: { at: string; type: string; actor: string } | null;
}

export function summarize(state: IncidentState, playbook: Playbook | undefined, now: Date): IncidentSummaryJson {
  const declared = state.declaredAt ?? (state.openedAt || null);
  const end = state.resolved ? new Date(state.resolved.at) : now;
  const pos = state.position;
  const stepIndex = pos && playbook ? playbook.steps.findIndex((s) => s.id === pos.step) : -1;
  // An answer kept mid-question (input) is bookkeeping for resume, not something that happened.
  const last = state.lastEvent;
  const due = state.status === "resolved" ? null : state.nextUpdateDue;
  return {
    id: state.id,
    title: state.title,
    status: state.status === "resolved" ? "resolved" : state.paused ? "paused" : "open",
    drill: state.drill,
    severity: state.severity,
    playbook: { id: state.playbook.id, version: state.playbook.version, title: state.playbook.title },
    declared_at: declared,
    resolved_at: state.resolved?.at ?? null,
    elapsed_seconds: declared ? Math.max(0, Math.round((end.getTime() - new Date(declared).getTime()) / 1000)) : null,
    next_update_due: due,
    update_overdue: due !== null && new Date(due).getTime() < now.getTime(),
    current_step:
      pos && state.status !== "resolved"
        ? {
            id: pos.step,
            title: playbook?.steps[stepIndex]?.title ?? pos.step,
            number: stepIndex + 1,
            of: playbook?.steps.length ?? 0,
            done: pos.status === "done",
          }
        : null,
    roles: { ...state.roles },
    open_checklist_items: Object.values(state.checklist).filter((c) => !c.done).length,
    decisions: state.decisions.length,
    notes: state.notes.length,
    published: state.publications.length,
    last_event: last ? { ...last } : null,
  };
}

/** When the next public update is due, for a table cell: OVERDUE 12m, or 20:30 UTC (in 25m). */
/**
 * A title short enough for a heading or a table: the one-sentence description that names an
 * incident is cut at a word boundary, with an ellipsis, when it runs past `max` characters. A
 * sentence's closing full stop is left out, as headings do.
 */
export function shortTitle(title: string, max = 72): string {
  const text = title
    .trim()
    .replace(/\s+/g, " ")
    .replace(/(?<=\S)[.,;:!]+$/, "");
  if ([...text].length <= max) return text;
  const cut = [...text].slice(0, max - 1).join("");
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.!?-]+$/, "")}…`;
}

export function nextUpdateText(s: IncidentSummaryJson, now: Date): string {
  if (!s.next_update_due) return "-";
  const left = new Date(s.next_update_due).getTime() - now.getTime();
  return left < 0 ? `OVERDUE ${formatSpan(-left)}` : `${shortUtc(s.next_update_due, now)} (in ${formatSpan(left)})`;
}
