import type { Step } from "../playbook/model.js";
import type { MessageSpec } from "../playbook/schema.js";
import type { MessageTemplate } from "../templates/parse.js";
import { neutralise, oneLine } from "../../adapters/terminal/sanitize.js";
import { humanUtc, parseWhen, showWhen, validateWhen } from "../time.js";
import { Navigate, type RunnerContext } from "./context.js";
import { sha256 } from "./drafts.js";
import { draftNow, progressOf, recordDraft, review, roleLabel } from "./message-review.js";

const URL_PATTERN = /^https?:\/\/[^\s<>"`]+$/i;

function pause(ctx: RunnerContext, why: string): never {
  ctx.journal.append("session_paused", { step: ctx.journal.state.visit?.step, how: "paused" });
  ctx.out(ctx.c.bold(`\nPaused ${why}. When you are ready: ${ctx.resumeCommand}`));
  throw new Navigate("pause");
}

async function approve(ctx: RunnerContext, template: MessageTemplate, hash: string, role: string): Promise<void> {
  const { prompter } = ctx;
  const key = `message.${template.id}`;
  const label = roleLabel(ctx, role);
  const decision = await prompter.select({
    key: `${key}.approve.${role}`,
    message: `${label}: approves this exact text (sha ${hash.slice(0, 12)})?`,
    choices: [
      { value: "approve", name: "Approved" },
      { value: "reject", name: "Rejected: back to editing" },
      // Not for a role the person at this keyboard holds: they decide here.
      ...(ctx.waitForApproval && ctx.journal.state.roles[role] !== ctx.actor
        ? [{ value: "remote", name: `Wait for ${label} to decide on their own machine (crisis approve there)` }]
        : []),
      { value: "wait", name: "Not yet: pause here and resume when they answer" },
    ],
  });
  if (decision === "remote" && ctx.waitForApproval) {
    const outcome = await ctx.waitForApproval({ hash, role, label });
    if (outcome === "pause") pause(ctx, `waiting for approval from ${label}`);
    // Decided on their machine: the caller sees it in the journal. Here after all: asked again.
    if (outcome === "decided") return;
    return approve(ctx, template, hash, role);
  }
  if (decision === "wait") pause(ctx, `waiting for approval from ${label}`);
  const assigned = ctx.journal.state.roles[role];
  const by = await prompter.text({
    key: `${key}.approver.${role}`,
    message: `Who ${decision === "approve" ? "approved" : "rejected"} it, as ${ctx.playbook.roles.find((r) => r.id === role)?.title ?? role}?`,
    ...(assigned ? { default: assigned } : {}),
    required: true,
  });
  if (decision === "approve") {
    ctx.journal.append("approved", { hash, role, by: by.trim() });
    return;
  }
  const reason = await prompter.text({
    key: `${key}.reject_reason.${role}`,
    message: "What must change?",
    required: true,
  });
  ctx.journal.append("rejected", { hash, role, by: by.trim(), reason });
}

async function publish(
  ctx: RunnerContext,
  step: Step,
  template: MessageTemplate,
  channel: string,
  text: string,
  promise: string | undefined,
): Promise<void> {
  const { prompter, c } = ctx;
  const key = `message.${template.id}`;
  const label = ctx.channels[channel]?.label ?? channel;
  ctx.out(`\n  ${c.bold(`Copy this to ${oneLine(label)}:`)}\n`);
  ctx.out(neutralise(text));
  ctx.out("");
  if (promise && new Date(promise).getTime() <= ctx.now().getTime() + 5 * 60_000) {
    ctx.out(
      c.yellow(
        `  This text promises an update at ${humanUtc(promise)}, which is close or past: consider redrafting it.`,
      ),
    );
  }
  const how = await prompter.select({
    key: `${key}.publish.${channel}`,
    message: `Published on ${label}?`,
    choices: [
      { value: "now", name: "Yes, just now" },
      { value: "earlier", name: "Yes, earlier (give the time)" },
      { value: "skip", name: `Not publishing on ${label} (say why)` },
      { value: "wait", name: "Not yet: pause here and resume once it is out" },
    ],
  });
  if (how === "wait") pause(ctx, `before publishing on ${label}`);
  if (how === "skip") {
    const reason = await prompter.text({
      key: `${key}.skip_reason.${channel}`,
      message: `Why not on ${label}?`,
      required: true,
    });
    ctx.journal.append("message_skipped", { step: step.id, template: template.id, channels: [channel], reason });
    return;
  }
  let at = ctx.now();
  if (how === "earlier") {
    const when = await prompter.text({
      key: `${key}.published_at.${channel}`,
      message: "When was it published? (UTC)",
      validate: (v) => validateWhen(v, ctx.now(), { past: true }),
      display: (v) => showWhen(v, ctx.now()),
      required: true,
    });
    at = parseWhen(when, ctx.now()) ?? at;
  }
  const url = await prompter.text({
    key: `${key}.url.${channel}`,
    message: `Link to the post on ${label} (optional)`,
    validate: (v) =>
      v.trim() === "" || URL_PATTERN.test(v.trim()) ? true : "expected a web address starting with https:// or http://",
  });
  ctx.journal.append(
    "published",
    {
      hash: sha256(text),
      channel,
      template: template.id,
      ...(url.trim() ? { url: url.trim() } : {}),
      audience: template.meta.audience,
      next_update_due: template.meta.audience === "public" ? (promise ?? null) : null,
    },
    { at },
  );
  if (template.meta.audience === "public" && promise)
    ctx.out(c.bold(`  Next public update promised for ${humanUtc(promise)}; crisis keeps track of it.`));
}

/**
 * A message may be meant for more channels than this crisis lives on. The responder picks them
 * first (by default the ones the map step chose to respond on, when it asked); the others are
 * recorded as not published, so there is no question per unused channel later.
 */
async function chooseChannels(
  ctx: RunnerContext,
  step: Step,
  spec: MessageSpec,
  template: MessageTemplate,
): Promise<void> {
  const respondOn = ctx.journal.state.answers.respond_on;
  const preferred = Array.isArray(respondOn) ? spec.channels.filter((ch) => respondOn.includes(ch)) : [];
  const key = `message.${template.id}`;
  const chosen = await ctx.prompter.checkbox({
    key: `${key}.channels`,
    message: `${template.meta.title}: for which channels? (space to tick, enter when done)`,
    choices: spec.channels.map((ch) => ({
      value: ch,
      name: ctx.channels[ch]?.label ?? ch,
      checked: preferred.length === 0 || preferred.includes(ch),
    })),
    required: true,
  });
  const left = spec.channels.filter((ch) => !chosen.includes(ch));
  if (left.length === 0) return;
  const reason = await ctx.prompter.text({
    key: `${key}.channels_reason`,
    message: `Why not on ${left.map((ch) => ctx.channels[ch]?.label ?? ch).join(", ")}?`,
    default: "not where this conversation is happening",
  });
  ctx.journal.append("message_skipped", {
    step: step.id,
    template: template.id,
    channels: left,
    reason: reason.trim() || "not chosen",
  });
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
  }
  if (!progressOf(ctx, spec.template) && spec.channels.length > 1) await chooseChannels(ctx, step, spec, template);
  for (;;) {
    const p = progressOf(ctx, spec.template);
    const pending = spec.channels.filter((ch) => !p?.published[ch] && p?.skippedChannels[ch] === undefined);
    if (pending.length === 0) return;
    const missing = pending.filter((ch) => !p?.drafts[ch]);
    if (missing.length > 0) {
      // Channels drafted before an interruption keep their text; the rest get the same text.
      const existing = Object.values(p?.drafts ?? {}).sort((a, b) => b.revision - a.revision)[0];
      const draft = existing ? { text: existing.text, promise: existing.next_update_due } : draftNow(ctx, template);
      recordDraft(
        ctx,
        step,
        template,
        missing,
        draft.text,
        draft.promise,
        existing?.edited ?? false,
        existing?.revision,
      );
      continue;
    }
    const groups = new Map<string, string[]>();
    for (const ch of pending) {
      const hash = p!.drafts[ch]!.hash;
      groups.set(hash, [...(groups.get(hash) ?? []), ch]);
    }
    const [hash, channels] = [...groups.entries()][0]!;
    const roles = p!.accepted[hash];
    const decisions = p!.decisions[hash] ?? {};
    if (roles === undefined) {
      await review(ctx, step, spec, template, hash, channels, []);
      continue;
    }
    const rejected = roles.filter((r) => decisions[r]?.approved === false);
    if (rejected.length > 0) {
      await review(
        ctx,
        step,
        spec,
        template,
        hash,
        channels,
        rejected.map((r) => `by ${decisions[r]?.by ?? r}: ${decisions[r]?.reason ?? ""}`),
      );
      continue;
    }
    const waiting = roles.find((r) => !decisions[r]);
    if (waiting !== undefined) {
      await approve(ctx, template, hash, waiting);
      continue;
    }
    const draft = p!.drafts[channels[0]!]!;
    await publish(ctx, step, template, channels[0]!, draft.text, draft.next_update_due);
  }
}
