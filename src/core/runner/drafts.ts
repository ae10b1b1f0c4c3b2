import { enquiryLines } from "../incident/comms-log.js";
import { countFor, type Count } from "../channels/count.js";
import type { ChannelRegistry } from "../channels/registry.js";
import { CONFIG_VARIABLES, configVariables, PLACEHOLDERS } from "../templates/variables.js";
import type { AnswerValue } from "../expr/evaluate.js";
import type { IncidentState } from "../journal/fold.js";
import type { Playbook } from "../playbook/model.js";
import type { Config } from "../config/schema.js";
import type { Preapproval } from "../playbook/schema.js";
import type { MessageTemplate } from "../templates/parse.js";
import { validStamps } from "../templates/preapproval.js";
import { templateLanguage, withLanguage } from "../templates/variants.js";
import { renderTemplate, templateVariables, type TemplateValue } from "../templates/render.js";
import { publicTime } from "../brand-time.js";
import { roundUp5 } from "../time.js";
import { unusableChannels } from "./channels.js";
import { updateIntervalMs } from "./context.js";

/**
 * Drafting a message is pure: the template, the config's brand facts, the incident's facts and
 * the answers so far give the text. Unanswered prompts become visible [placeholders] rather than
 * errors, so a crisis never stops on a missing answer; the responder sees them and edits.
 */

const DRILL_MARK = "[DRILL]";

export { sha256 } from "../templates/preapproval.js";

/** Only these kinds set the next-update promise (a final statement ends it; the rest leave it alone). */
const PROMISING_KINDS: readonly string[] = ["holding", "update"];

/** Facts the runner fills in itself: with the brand's facts and what_happened, all a pre-approved text may use. */
const RUNNER_FACTS = new Set([
  "next_update_time",
  "now",
  "declared_at",
  "incident_id",
  "incident_title",
  "severity",
  "lead",
  "spokesperson",
  "playbook_title",
  "drill",
  "what_happened",
]);

const states = (template: MessageTemplate) =>
  templateVariables(template.body, template.id).some((v) => v.name === "next_update_time" && !v.section);

/** A public holding statement or update whose text states the next update time sets a new promise. */
export function promisesUpdate(template: MessageTemplate): boolean {
  return template.meta.audience === "public" && PROMISING_KINDS.includes(template.meta.kind) && states(template);
}

export interface DraftInput {
  playbook: Playbook;
  config: Config;
  state: IncidentState;
  now: Date;
}

export interface Draft {
  text: string;
  /** The next-update time the text states (ISO): a new promise for holding statements and updates. */
  promise: string | undefined;
  /** Variables that had no value and were shown as [name]. */
  placeholders: string[];
  /** The template's valid advance approvals, when this render is one the team approved in advance. */
  preapproved?: Preapproval[];
}

function answerForTemplate(input: DraftInput, id: string, value: AnswerValue): TemplateValue | undefined {
  if (value === null) return "";
  const prompt = input.playbook.steps.flatMap((s) => s.prompts ?? []).find((p) => p.id === id);
  if (prompt?.type === "datetime" && typeof value === "string") return publicTime(value, input.config);
  return value;
}

/** Adds the drill watermark in front, once (a template's own "[DRILL: …]" line counts). */
export function watermark(text: string, drill: boolean): string {
  return drill && !text.startsWith("[DRILL") ? `${DRILL_MARK} ${text}` : text;
}

/** Every value a template can use at this moment: brand facts (usable channels only), answers, runner facts. */
export function draftVariables(
  input: DraftInput,
  promise: string,
  template?: MessageTemplate,
): Record<string, TemplateValue | undefined> {
  const { playbook, state, now } = input;
  // Times are written in the text's language (an English fallback keeps English dates), in the brand's zone.
  const config = template ? withLanguage(input.config, templateLanguage(template, input.config)) : input.config;
  const vars: Record<string, TemplateValue | undefined> = {
    ...configVariables(input.config, unusableChannels(playbook, state)),
  };
  for (const [id, value] of Object.entries(state.answers))
    vars[id] = answerForTemplate({ ...input, config }, id, value);
  Object.assign(vars, {
    what_happened: typeof state.answers.what_happened === "string" ? state.answers.what_happened : state.title,
    incident_title: state.title,
    incident_id: state.id,
    severity: state.severity ?? "",
    declared_at: publicTime(state.declaredAt ?? state.openedAt ?? now.toISOString(), config),
    now: publicTime(now, config),
    next_update_time: publicTime(promise, config),
    lead: state.roles.lead ?? "",
    spokesperson: state.roles.spokesperson ?? state.roles.lead ?? "",
    playbook_title: playbook.title,
    media_enquiries: enquiryLines(state.events),
    drill: state.drill,
  });
  return vars;
}

/** A new promise: the update interval of the current severity from now, rounded up to five minutes. */
function newPromise(input: DraftInput): string {
  const { playbook, config, state, now } = input;
  return roundUp5(new Date(now.getTime() + updateIntervalMs({ playbook, config }, state.severity))).toISOString();
}

/**
 * Renders a template. A holding statement or update that states {{next_update_time}} promises a
 * new time; any other message stating it repeats the current promise. The draft is pre-approved
 * when the template's stamp is valid and the render used only brand facts, runner facts and
 * what_happened, with nothing left as a placeholder.
 */
export function renderDraft(input: DraftInput, template: MessageTemplate): Draft {
  const fresh = newPromise(input);
  const promising = promisesUpdate(template);
  const stated = promising ? fresh : (input.state.nextUpdateDue ?? fresh);
  const vars = draftVariables(input, stated, template);
  const placeholders: string[] = [];
  const used = templateVariables(template.body, template.id);
  for (const v of used) {
    if (vars[v.name] !== undefined) continue;
    vars[v.name] = v.section ? false : `[${v.name}]`;
    if (!v.section) placeholders.push(v.name);
  }
  const text = watermark(renderTemplate(template.body, template.id, vars).trim(), input.state.drill);
  const draft: Draft = {
    text,
    promise:
      states(template) && template.meta.audience === "public" && template.meta.kind !== "final" ? stated : undefined,
    placeholders: [...new Set(placeholders)],
  };
  const stamps = validStamps(template);
  const unconfigured = Object.values(PLACEHOLDERS) as string[];
  const onlyFacts = used.every(
    (v) =>
      RUNNER_FACTS.has(v.name) ||
      /^handle_[a-z0-9_]+$/.test(v.name) ||
      ((CONFIG_VARIABLES as readonly string[]).includes(v.name) && !unconfigured.includes(String(vars[v.name]))),
  );
  if (stamps.length > 0 && onlyFacts && placeholders.length === 0) draft.preapproved = stamps;
  return draft;
}

export interface ChannelCount extends Count {
  channel: string;
  label: string;
}

/**
 * Each channel's count, by its own rule and limit. A private message sent on a public platform is
 * a direct message there (an X DM is not limited to 280), so it is counted as one.
 */
export function countsFor(
  registry: ChannelRegistry,
  channels: readonly string[],
  text: string,
  audience?: string,
): ChannelCount[] {
  return channels.map((id) => {
    const channel = registry[id];
    if (!channel) return { channel: id, label: id, length: [...text].length, limit: null, over: 0, unit: "characters" };
    const dm = audience === "private" && channel.public ? registry["direct-message"] : undefined;
    if (dm) return { channel: id, label: `${channel.label} (direct message)`, ...countFor(dm, text) };
    return { channel: id, label: channel.label, ...countFor(channel, text) };
  });
}
