import type { Config } from "../config/schema.js";
import type { IncidentState } from "../journal/fold.js";
import type { Playbook } from "../playbook/model.js";
import type { Prompt, PromptSets } from "../playbook/schema.js";
import type { MessageTemplate } from "../templates/parse.js";

/**
 * Where messages may go, from what the responder said, found by the prompts' `sets:` attribute
 * (never by prompt id, so teams can rename them): where the crisis lives, where we respond, and
 * which of our own channels are taken over or down. A message is offered only on usable channels,
 * and pre-ticked only on channels the responder named.
 */

/** The channel ids answered by every prompt that sets this. */
function channelsSet(playbook: Playbook, state: IncidentState, sets: PromptSets): string[] {
  const out = new Set<string>();
  for (const step of playbook.steps)
    for (const prompt of step.prompts ?? []) {
      if (prompt.sets !== sets) continue;
      const answer = state.answers[prompt.id];
      if (Array.isArray(answer)) for (const ch of answer) out.add(ch);
    }
  return [...out];
}

export function unusableChannels(playbook: Playbook, state: IncidentState): ReadonlySet<string> {
  return new Set(channelsSet(playbook, state, "unusable_channels"));
}

export interface ChannelPlan {
  /** The message's channels that may be used, in its order. */
  offered: string[];
  /** The ones ticked when the responder is asked. */
  ticked: string[];
  /** The message's channels that are taken over or down: never offered. */
  unusable: string[];
}

/**
 * A message's channels: the unusable ones left out; of the rest, those where the crisis lives or
 * where we said we would respond are ticked. A message to staff ticks all its usable channels
 * (they reach our own people); nothing else is ticked without the responder having named it.
 */
export function planChannels(
  playbook: Playbook,
  state: IncidentState,
  channels: readonly string[],
  template: Pick<MessageTemplate, "meta">,
): ChannelPlan {
  const unusable = unusableChannels(playbook, state);
  const offered = channels.filter((ch) => !unusable.has(ch));
  const named = new Set([
    ...channelsSet(playbook, state, "crisis_channels"),
    ...channelsSet(playbook, state, "response_channels"),
  ]);
  const ticked = template.meta.audience === "internal" ? offered : offered.filter((ch) => named.has(ch));
  return { offered, ticked, unusable: channels.filter((ch) => unusable.has(ch)) };
}

/**
 * The choices of an unusable-channels question, narrowed to the brand's own channels when the
 * config lists its accounts: those channels, the website, the status page when there is one,
 * e-mail and internal chat. Without handles in the config, every choice stays.
 */
function ownChannelChoices(prompt: Prompt, config: Config): Prompt["choices"] {
  const handles = config.brand?.handles;
  if (!handles || Object.keys(handles).length === 0) return prompt.choices;
  const own = new Set([...Object.keys(handles), "website", "email", "internal-chat"]);
  if (config.brand?.status_page_url) own.add("status-page");
  const narrowed = (prompt.choices ?? []).filter((ch) => own.has(typeof ch === "string" ? ch : ch.value));
  return narrowed.length > 0 ? narrowed : prompt.choices;
}

const choiceValue = (ch: NonNullable<Prompt["choices"]>[number]) => (typeof ch === "string" ? ch : ch.value);

/**
 * A channel question as the responder sees it: which of our channels are down offers only our
 * own; where we respond never offers a channel that is down, and ticks where the crisis lives
 * (the responder named those at the declaration) until it has an answer or a default of its own.
 */
export function channelQuestion(
  prompt: Prompt,
  ctx: { playbook: Playbook; config: Config; state: IncidentState },
): { choices: Prompt["choices"]; selected?: string[] } {
  if (prompt.sets === "unusable_channels") return { choices: ownChannelChoices(prompt, ctx.config) };
  if (prompt.sets !== "response_channels") return { choices: prompt.choices };
  const unusable = unusableChannels(ctx.playbook, ctx.state);
  const choices = (prompt.choices ?? []).filter((ch) => !unusable.has(choiceValue(ch)));
  const lives = new Set(channelsSet(ctx.playbook, ctx.state, "crisis_channels"));
  return { choices, selected: choices.map(choiceValue).filter((ch) => lives.has(ch)) };
}
