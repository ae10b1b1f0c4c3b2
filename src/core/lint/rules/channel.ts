import { countFor, type Count } from "../../channels/count.js";
import type { Channel } from "../../channels/registry.js";
import type { Origin } from "../../playbook/model.js";
import type { MessageSpec } from "../../playbook/schema.js";
import { renderTemplate, type TemplateValue } from "../../templates/render.js";
import { emptyValues, exampleValues } from "../examples.js";
import type { PlaybookRule, PlaybookScope, TemplateEntry, Where } from "../rule.js";
import { withVariants } from "./variants.js";
import { forEachMessage } from "./ref.js";
import { smsHint } from "./sms-hint.js";
import { inTemplate, usedBy } from "./vars.js";

const identity = (text: string) => text;

function fixedText(entry: TemplateEntry): string | null {
  if (entry.fixedText !== undefined) return entry.fixedText;
  const t = entry.template;
  let text: string | null = null;
  if (t && entry.variables) {
    try {
      text = renderTemplate(t.body, t.id, emptyValues(entry.variables), { escape: identity });
    } catch {
      text = null; // reported by vars/template-syntax
    }
  }
  entry.fixedText = text;
  return text;
}

/**
 * Counting is the costly part (grapheme segmentation, X's weighting), and many playbooks send the
 * same text to the same channel: each (channel, text) is counted once per run. Keyed by channel,
 * then by the text itself: a text rendered once (see render below) is the same string each time,
 * so its hash is computed once, not rebuilt into a longer key on every lookup.
 */
const counts = new WeakMap<object, Map<string, Map<string, Count>>>();

function count(s: PlaybookScope, channelId: string, channel: Channel, text: string): Count {
  let cache = counts.get(s.session);
  if (!cache) {
    cache = new Map();
    counts.set(s.session, cache);
  }
  let byText = cache.get(channelId);
  if (!byText) {
    byText = new Map();
    cache.set(channelId, byText);
  }
  let result = byText.get(text);
  if (!result) {
    result = countFor(channel, text);
    byText.set(text, result);
  }
  return result;
}

/**
 * Playbooks that share templates and examples render the same message again and again: each
 * (template, example values) is rendered once per run. The values are looked up one variable at a
 * time, in the template's order, in a tree of maps (no key string is built for each message).
 * Null when the template cannot render.
 */
interface RenderNode {
  /** The variable this level of the tree holds. */
  name?: string;
  byValue?: Map<string | number | boolean, RenderNode>;
  /** Lists (multi-select examples), by their JSON. */
  byList?: Map<string, RenderNode>;
  text?: string | null;
}

const renders = new WeakMap<TemplateEntry, RenderNode>();

function renderNow(t: NonNullable<TemplateEntry["template"]>, values: Record<string, TemplateValue>): string | null {
  try {
    return renderTemplate(t.body, t.id, values, { escape: identity });
  } catch {
    return null;
  }
}

function render(entry: TemplateEntry, values: Record<string, TemplateValue>): string | null {
  const t = entry.template;
  if (!t) return null;
  let node = renders.get(entry);
  if (!node) {
    node = {};
    renders.set(entry, node);
  }
  for (const name of Object.keys(values)) {
    // Every call for a template names its variables in the same order; one that does not is not cached.
    if ((node.name ??= name) !== name) return renderNow(t, values);
    const value = values[name];
    let next: RenderNode | undefined;
    if (Array.isArray(value)) {
      const key = JSON.stringify(value);
      node.byList ??= new Map();
      next = node.byList.get(key);
      if (!next) node.byList.set(key, (next = {}));
    } else {
      const key = value as string | number | boolean;
      node.byValue ??= new Map();
      next = node.byValue.get(key);
      if (!next) node.byValue.set(key, (next = {}));
    }
    node = next;
  }
  if (node.text === undefined) node.text = renderNow(t, values);
  return node.text;
}

interface Use {
  entry: TemplateEntry;
  channel: Channel;
  channelId: string;
  /** Where the channel is named; placed only when there is something to report. */
  where: () => Where;
  /** The message rendered with the longest example values, computed once per message. */
  rendered: () => string | null;
}

function walkChannelUses(s: PlaybookScope, fn: (use: Use) => void): void {
  forEachMessage(s, (_step, _i, message, origin) => {
    // The template and each of its language variants: every one must fit the message's channels.
    for (const entry of withVariants(s.session, message.template)) channelUses(s, entry, message, origin, fn);
  });
}

/** Three rules walk every (message, template or variant, channel): the walk is made once per scope. */
const useLists = new WeakMap<PlaybookScope, readonly Use[]>();

function eachChannelUse(s: PlaybookScope, fn: (use: Use) => void): void {
  let uses = useLists.get(s);
  if (!uses) {
    const list: Use[] = [];
    try {
      walkChannelUses(s, (use) => list.push(use));
    } catch {
      // A walk that breaks is walked again as it goes, so each rule reports what it found before
      // the break, as it did before the walk was shared (and then crashes where it did).
      walkChannelUses(s, fn);
      return;
    }
    useLists.set(s, list);
    uses = list;
  }
  for (const use of uses) fn(use);
}

function channelUses(
  s: PlaybookScope,
  entry: TemplateEntry,
  message: MessageSpec,
  origin: Origin,
  fn: (use: Use) => void,
): void {
  {
    const t = entry.template;
    if (!t || !entry.variables) return;
    let cached: string | null | undefined;
    const rendered = () => {
      if (cached !== undefined) return cached;
      try {
        cached = render(entry, exampleValues(entry.variables ?? [], s.answers.byId, s.session.configExamples).values);
      } catch {
        cached = null;
      }
      return cached;
    };
    message.channels.forEach((channelId, j) => {
      if (!Object.hasOwn(s.session.channels, channelId)) return;
      const channel = s.session.channels[channelId];
      if (!channel) return;
      // A private message on a social network is a direct message there: counted by the DM's limit (as the runner does).
      const dm =
        entry.template?.meta.audience === "private" && channel.public
          ? s.session.channels["direct-message"]
          : undefined;
      fn({
        entry,
        channel: dm ? { ...dm, label: `${channel.label} direct message` } : channel,
        channelId: dm ? "direct-message" : channelId,
        where: () => s.at({ file: origin.file, path: [...origin.path, "channels", j] }),
        rendered,
      });
    });
  }
}

/** A template's first body line: where a length finding about the whole text is placed. */
function bodyStart(entry: TemplateEntry): Where {
  const body = entry.template?.body ?? "";
  const nl = body.indexOf("\n");
  return inTemplate(entry, 0, nl === -1 ? body.length : nl);
}

const fixedTooLong: PlaybookRule = {
  id: "channel/fixed-text-too-long",
  severity: "error",
  scope: "playbook",
  spines: true,
  description:
    "A message's fixed text (every variable empty) is already over its channel's limit, counted the channel's way (X weighted, Bluesky graphemes, SMS GSM-7/UCS-2…).",
  fix: "Shorten the template, or send it to a channel with room for it (or write a short variant for this channel).",
  check(s, report) {
    eachChannelUse(s, ({ entry, channel, channelId, where }) => {
      if (channel.limit === null) return;
      const text = fixedText(entry);
      if (text === null) return;
      const n = count(s, channelId, channel, text);
      if (n.over === 0) return;
      const hint = smsHint(entry, channel, n.unit);
      report(
        fixedTooLong,
        where(),
        `template ${entry.id} is ${n.length} ${n.unit} on ${channel.label} (${channelId}) with every variable empty, ${n.over} over the limit of ${n.limit}${hint}; expected a shorter template for this channel`,
        {
          template: {
            id: entry.id,
            key: channelId,
            at: bodyStart(entry),
            message: `this text is ${n.length} ${n.unit} on ${channel.label} (${channelId}) with every variable empty, ${n.over} over the limit of ${n.limit}${hint}; expected a shorter text, or a short variant for ${channel.label}`,
            relatedMessage: usedBy(s, `sends it to ${channelId} here`),
          },
        },
      );
    });
  },
};

const tooLong: PlaybookRule = {
  id: "channel/too-long",
  severity: "warning",
  scope: "playbook",
  spines: true,
  description:
    "A message rendered with the longest declared example values (prompt examples, longest choices, the brand's facts) is over its channel's limit.",
  fix: "Shorten the template or the example, or send a short variant to this channel.",
  check(s, report) {
    eachChannelUse(s, ({ entry, channel, channelId, where, rendered }) => {
      if (channel.limit === null) return;
      const fixed = fixedText(entry);
      if (fixed === null || count(s, channelId, channel, fixed).over > 0) return; // channel/fixed-text-too-long reports it
      const text = rendered();
      if (text === null) return;
      const n = count(s, channelId, channel, text);
      if (n.over === 0) return;
      const hint = smsHint(entry, channel, n.unit);
      report(
        tooLong,
        where(),
        `template ${entry.id} renders to ${n.length} ${n.unit} on ${channel.label} (${channelId}) with the longest example values, ${n.over} over the limit of ${n.limit}${hint}; expected at most ${n.limit}`,
        {
          template: {
            id: entry.id,
            key: channelId,
            at: bodyStart(entry),
            message: `this text renders to ${n.length} ${n.unit} on ${channel.label} (${channelId}) with the longest example values of playbook ${s.playbook.id}, ${n.over} over the limit of ${n.limit}${hint}; expected at most ${n.limit} (shorten the text, or send a short variant to ${channel.label})`,
            relatedMessage: usedBy(s, `sends it to ${channelId} here`),
          },
        },
      );
    });
  },
};

const audience: PlaybookRule = {
  id: "channel/audience",
  severity: "error",
  scope: "playbook",
  spines: true,
  description:
    "A template written for staff (audience: internal) is sent to a public channel. Private templates (direct messages) may go to social channels.",
  fix: "Send it to an internal channel (internal-chat, email, sms), or use a public template.",
  check(s, report) {
    eachChannelUse(s, ({ entry, channel, channelId, where }) => {
      const who = entry.template?.meta.audience;
      if (who !== "internal" || !channel.public) return;
      report(
        audience,
        where(),
        `template ${entry.id} is written for staff (audience: internal) but ${channel.label} (${channelId}) is public; expected a non-public channel or a public template`,
      );
    });
  },
};

const noExample: PlaybookRule = {
  id: "channel/no-example",
  severity: "info",
  scope: "playbook",
  spines: true,
  description:
    "A message for a channel with a length limit uses a text answer that declares no `example:`, so its length can be checked only as if the answer were empty.",
  fix: "Give the prompt a realistic, long `example:` (or validate.max_length).",
  check(s, report) {
    forEachMessage(s, (_step, _i, message, origin) => {
      const entry = s.session.templates.get(message.template);
      if (!entry?.variables) return;
      const limited = message.channels.filter(
        (c) => Object.hasOwn(s.session.channels, c) && s.session.channels[c]?.limit !== null,
      );
      if (limited.length === 0) return;
      const { unmeasured } = exampleValues(entry.variables, s.answers.byId, s.session.configExamples);
      for (const name of unmeasured) {
        report(
          noExample,
          s.at({ file: origin.file, path: [...origin.path, "template"] }),
          `template ${entry.id} uses {{${name}}} on ${limited.join(", ")}, but prompt "${name}" has no example; expected example: with a realistic, long answer so the length is checked`,
        );
      }
    });
  },
};

export const CHANNEL_RULES = [fixedTooLong, tooLong, audience, noExample];
