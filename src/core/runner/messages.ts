import type { Step } from "../playbook/model.js";
import type { MessageSpec } from "../playbook/schema.js";
import type { MessageTemplate } from "../templates/parse.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import { primaryTag, templateLanguage } from "../templates/variants.js";
import { humanUtc } from "../time.js";
import { approve } from "./approval.js";
import { planChannels } from "./channels.js";
import type { RunnerContext } from "./context.js";
import { held } from "./held.js";
import { draftNow, progressOf, recordDraft, review } from "./message-review.js";
import { publish } from "./publish.js";

/**
 * Where this message goes this time. Channels taken over or down are never offered (recorded as
 * not used, with that reason). Of the rest, only those the responder named (where the crisis
 * lives, where we respond) are ticked; a message to staff ticks its channels. An empty choice
 * is allowed: the whole message is recorded as not sent, with the reason asked.
 */
async function chooseChannels(
  ctx: RunnerContext,
  step: Step,
  spec: MessageSpec,
  template: MessageTemplate,
): Promise<void> {
  const plan = planChannels(ctx.playbook, ctx.journal.state, spec.channels, template);
  const skip = (channels: string[], reason: string) =>
    ctx.journal.append("message_skipped", { step: step.id, template: template.id, channels, reason });
  if (plan.unusable.length > 0) {
    skip(plan.unusable, "taken over or down (said at the declaration)");
    const where = plan.unusable.map((ch) => ctx.channels[ch]?.label ?? ch).join(", ");
    ctx.out(ctx.c.dim(`  ${oneLine(template.meta.title)}: not on ${where}, which you said is taken over or down.`));
  }
  if (plan.offered.length === 0 || (plan.offered.length === 1 && spec.channels.length === 1)) return;
  const key = `message.${template.id}`;
  const { value: chosen } = await held(
    ctx,
    `${key}.channels`,
    () =>
      ctx.prompter.checkbox({
        key: `${key}.channels`,
        message: `${template.meta.title}: for which channels? (space to tick, enter when done; none ticked: not sent)`,
        choices: plan.offered.map((ch) => ({
          value: ch,
          name: ctx.channels[ch]?.label ?? ch,
          checked: plan.ticked.includes(ch),
        })),
      }),
    (v) => v.length === 0,
  );
  const left = plan.offered.filter((ch) => !chosen.includes(ch));
  if (left.length === 0) return;
  if (chosen.length > 0) {
    skip(left, "not chosen: not where this crisis lives");
    return;
  }
  const usual = template.meta.audience === "public" ? "not where this crisis lives" : "not needed this time";
  const reason = await ctx.prompter.text({
    key: `${key}.channels_reason`,
    message: `Why not send ${template.meta.title} at all?`,
    default: usual,
  });
  skip(left, reason.trim() || usual);
}

/** What the screen says when a template has no version in the brand's language (it is drafted in its own). */
function languageFallback(locale: string | undefined, language: string, template: MessageTemplate): string | undefined {
  const brand = primaryTag(locale);
  const own = primaryTag(language);
  // Staff notices are the team's own business; what the public or a customer reads is the point.
  if (brand === undefined || brand === own || template.meta.audience === "internal") return undefined;
  return `no ${brand} version (${template.id}.${brand}.txt), so the draft is in ${own}: translate it before it goes out.`;
}

/** Was this template published in an earlier visit of the step (a revisit or a repeat)? */
function publishedBefore(ctx: RunnerContext, step: Step, template: string): string | undefined {
  const state = ctx.journal.state;
  const startSeq = state.visit?.startSeq ?? Infinity;
  const earlier = state.publications.filter(
    (p) => p.template === template && p.seq < startSeq && state.drafts[p.hash]?.step === step.id,
  );
  return earlier.at(-1)?.at;
}

/**
 * Drafts, reviews, approves and publishes one message of a step. Each pass looks at what the
 * journal already holds for this visit and does the next thing, so a resume lands on the exact
 * question where the responder stopped (the draft review, an approval, a channel's publication).
 */
export async function runMessage(ctx: RunnerContext, step: Step, spec: MessageSpec): Promise<void> {
  const template = ctx.templates.templates.get(spec.template);
  if (!template) {
    ctx.out(
      ctx.c.red(`  Message template ${spec.template} was not found; this message is skipped. crisis lint reports it.`),
    );
    if (!progressOf(ctx, spec.template))
      ctx.journal.append("message_skipped", {
        step: step.id,
        template: spec.template,
        channels: spec.channels,
        reason: "template not found",
      });
    return;
  }
  if (!progressOf(ctx, spec.template)) {
    const fallback = languageFallback(ctx.config.brand?.locale, templateLanguage(template, ctx.config), template);
    if (fallback) ctx.out(ctx.c.dim(`  ${oneLine(template.meta.title)}: ${fallback}`));
    const before = publishedBefore(ctx, step, spec.template);
    if (before) {
      const again = await ctx.prompter.confirm({
        key: `message.${spec.template}.again`,
        message: `${template.meta.title} went out at ${humanUtc(before)}. Draft a new one?`,
        default: step.repeat === true,
      });
      if (!again) {
        ctx.journal.append("message_skipped", {
          step: step.id,
          template: spec.template,
          channels: spec.channels,
          reason: "already published in an earlier pass of this step",
        });
        return;
      }
    }
    await chooseChannels(ctx, step, spec, template);
  }
  for (;;) {
    const p = progressOf(ctx, spec.template);
    const pending = spec.channels.filter((ch) => !p?.published[ch] && p?.skippedChannels[ch] === undefined);
    if (pending.length === 0) return;
    const missing = pending.filter((ch) => !p?.drafts[ch]);
    if (missing.length > 0) {
      // Channels drafted before an interruption keep their text; the rest get the same text.
      const existing = Object.values(p?.drafts ?? {}).sort((a, b) => b.revision - a.revision)[0];
      if (existing) {
        const draft = { text: existing.text, promise: existing.next_update_due, preapproved: existing.preapproved };
        recordDraft(ctx, step, template, missing, draft, existing.edited, existing.revision);
      } else {
        recordDraft(ctx, step, template, missing, draftNow(ctx, template), false);
      }
      continue;
    }
    const groups = new Map<string, string[]>();
    for (const ch of pending) {
      const hash = p!.drafts[ch]!.hash;
      groups.set(hash, [...(groups.get(hash) ?? []), ch]);
    }
    const [hash, channels] = [...groups.entries()][0]!;
    const draft = p!.drafts[channels[0]!]!;
    const roles = p!.accepted[hash];
    const decisions = p!.decisions[hash] ?? {};
    const rejected = (roles ?? []).some((r) => decisions[r]?.approved === false);
    if (roles === undefined || rejected) {
      await review(ctx, step, spec, template, hash, channels);
      continue;
    }
    const waiting = roles.find((r) => !decisions[r]);
    if (waiting !== undefined) {
      await approve(ctx, template, hash, waiting, draft.preapproved);
      continue;
    }
    await publish(ctx, step, template, channels[0]!, draft.text, draft.next_update_due);
  }
}
