import { countFor, type Count } from "../channels/count.js";
import type { ChannelRegistry } from "../channels/registry.js";
import { configVariables } from "../templates/variables.js";
import type { AnswerValue } from "../expr/evaluate.js";
import type { IncidentState } from "../journal/fold.js";
import type { Playbook } from "../playbook/model.js";
import type { Config } from "../config/schema.js";
import type { MessageTemplate } from "../templates/parse.js";
import { renderTemplate, templateVariables, type TemplateValue } from "../templates/render.js";
import { humanUtc, roundUp5 } from "../time.js";
import { updateIntervalMs } from "./context.js";

/**
 * Drafting a message is pure: the template, the config's brand facts, the incident's facts and
 * the answers so far give the text. Unanswered prompts become visible [placeholders] rather than
 * errors, so a crisis never stops on a missing answer; the responder sees them and edits.
 */

const DRILL_MARK = "[DRILL]";

export { sha256 } from "../templates/preapproval.js";

/**
 * A public message promises the next update when its text states the time ({{next_update_time}}):
 * the linter requires it of every public holding statement and update, and the runner tracks
 * exactly what the published text promised, nothing more.
 */
function promisesUpdate(template: MessageTemplate): boolean {
  return (
    template.meta.audience === "public" &&
    template.meta.kind !== "final" &&
    templateVariables(template.body, template.id).some((v) => v.name === "next_update_time" && !v.section)
  );
}

export interface DraftInput {
  playbook: Playbook;
  config: Config;
  state: IncidentState;
  now: Date;
}

export interface Draft {
  text: string;
  /** The promised next-update time (ISO), when the message promises one. */
  promise: string | undefined;
  /** Variables that had no value and were shown as [name]. */
  placeholders: string[];
}

function answerForTemplate(playbook: Playbook, id: string, value: AnswerValue): TemplateValue | undefined {
  if (value === null) return "";
  const prompt = playbook.steps.flatMap((s) => s.prompts ?? []).find((p) => p.id === id);
  if (prompt?.type === "datetime" && typeof value === "string") return humanUtc(value);
  return value;
}

/** Adds the drill watermark in front, once (a template's own "[DRILL: …]" line counts). */
export function watermark(text: string, drill: boolean): string {
  return drill && !text.startsWith("[DRILL") ? `${DRILL_MARK} ${text}` : text;
}

export function renderDraft(input: DraftInput, template: MessageTemplate): Draft {
  const { playbook, config, state, now } = input;
  const promise = promisesUpdate(template)
    ? roundUp5(new Date(now.getTime() + updateIntervalMs({ playbook, config }, state.severity))).toISOString()
    : undefined;
  const vars: Record<string, TemplateValue | undefined> = { ...configVariables(config) };
  for (const [id, value] of Object.entries(state.answers)) vars[id] = answerForTemplate(playbook, id, value);
  Object.assign(vars, {
    incident_title: state.title,
    incident_id: state.id,
    severity: state.severity ?? "",
    declared_at: humanUtc(state.declaredAt ?? state.openedAt ?? now.toISOString()),
    now: humanUtc(now),
    next_update_time: humanUtc(
      promise ??
        state.nextUpdateDue ??
        roundUp5(new Date(now.getTime() + updateIntervalMs({ playbook, config }, state.severity))).toISOString(),
    ),
    lead: state.roles.lead ?? "",
    spokesperson: state.roles.spokesperson ?? state.roles.lead ?? "",
    playbook_title: playbook.title,
    drill: state.drill,
  });
  const placeholders: string[] = [];
  for (const v of templateVariables(template.body, template.id)) {
    if (vars[v.name] !== undefined) continue;
    vars[v.name] = v.section ? false : `[${v.name}]`;
    if (!v.section) placeholders.push(v.name);
  }
  const text = watermark(renderTemplate(template.body, template.id, vars).trim(), state.drill);
  return { text, promise, placeholders: [...new Set(placeholders)] };
}

export interface ChannelCount extends Count {
  channel: string;
  label: string;
}

export function countsFor(registry: ChannelRegistry, channels: readonly string[], text: string): ChannelCount[] {
  return channels.map((id) => {
    const channel = registry[id];
    if (!channel) return { channel: id, label: id, length: [...text].length, limit: null, over: 0, unit: "characters" };
    return { channel: id, label: channel.label, ...countFor(channel, text) };
  });
}
