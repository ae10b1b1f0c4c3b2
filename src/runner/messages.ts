import type { MessageProgress } from "../journal/fold.js";
import type { Step } from "../playbook/model.js";
import type { MessageSpec } from "../playbook/schema.js";
import type { MessageTemplate } from "../templates/load.js";
import { neutralise, oneLine } from "../ui/sanitize.js";
import type { Choice } from "../ui/prompter.js";
import { humanUtc, parseWhen, validateWhen } from "../util/time.js";
import { Navigate, type RunnerContext } from "./context.js";
import { countsFor, renderDraft, sha256, watermark, type ChannelCount } from "./drafts.js";

const URL_PATTERN = /^https?:\/\/[^\s<>"`]+$/i;

function progressOf(ctx: RunnerContext, template: string): MessageProgress | undefined {
  return ctx.journal.state.visit?.messages[template];
}

function roleLabel(ctx: RunnerContext, role: string): string {
  const title = ctx.playbook.roles.find((r) => r.id === role)?.title ?? role;
  const person = ctx.journal.state.roles[role];
  return `${title}${person ? ` (${person})` : ""}`;
}

/** Who must approve this message: the severity's policy for public messages, plus the message's own. */
export function approvalRoles(ctx: RunnerContext, spec: MessageSpec, template: MessageTemplate): string[] {
  const severity = ctx.journal.state.severity;
  const policy = template.meta.audience === "public" && severity ? (ctx.playbook.approval[severity] ?? []) : [];
  return [...new Set([...policy, ...(spec.approval ?? [])])];
}

function pause(ctx: RunnerContext, why: string): never {
  ctx.journal.append("session_paused", { step: ctx.journal.state.visit?.step, how: "paused" });
  ctx.out(ctx.c.bold(`\nPaused ${why}. When you are ready: ${ctx.resumeCommand}`));
  throw new Navigate("pause");
}

function showDraft(ctx: RunnerContext, template: MessageTemplate, text: string, counts: ChannelCount[], info: string[]): void {
  const { c } = ctx;
  ctx.out(`\n  ${c.bold(`✉ ${oneLine(template.meta.title)}`)} ${c.dim(`(${template.meta.audience}, ${template.id})`)}`);
  for (const line of info) ctx.out(c.dim(`  ${oneLine(line)}`));
  ctx.out(c.dim(`  ┌${"─".repeat(60)}`));
  for (const line of neutralise(text).split("\n")) ctx.out(`  ${c.dim("│")} ${line}`);
  ctx.out(c.dim(`  └${"─".repeat(60)}`));
  const parts = counts.map((n) => {
    if (n.limit === null) return `${n.label} ${n.length} ${c.dim("(no limit)")}`;
    if (n.over > 0) return c.red.bold(`${n.label} ${n.length}/${n.limit} OVER BY ${n.over}`);
    return `${n.label} ${n.length}/${n.limit} ${c.green("✓")}`;
  });
  ctx.out(`  ${parts.join(c.dim("  ·  "))}`);
}

function nextRevision(p: MessageProgress | undefined): number {
  return Math.max(0, ...Object.values(p?.drafts ?? {}).map((d) => d.revision)) + 1;
}

function recordDraft(
  ctx: RunnerContext,
  step: Step,
  template: MessageTemplate,
  channels: readonly string[],
  text: string,
  promise: string | undefined,
  edited: boolean,
  revision = nextRevision(progressOf(ctx, template.id)),
): void {
  const hash = sha256(text);
  for (const channel of channels) {
    ctx.journal.append("draft_created", {
      step: step.id,
      template: template.id,
      channel,
      text,
      hash,
      revision,
      edited,
      audience: template.meta.audience,
      ...(promise ? { next_update_due: promise } : {}),
    });
  }
}

function draftNow(ctx: RunnerContext, template: MessageTemplate) {
  const state = ctx.journal.state;
  const draft = renderDraft({ playbook: ctx.playbook, config: ctx.config, state, now: ctx.now() }, template);
  if (draft.placeholders.length > 0) {
    ctx.out(ctx.c.yellow(`  Not answered yet, shown as [name] in the draft: ${draft.placeholders.join(", ")}. Edit the text, or answer and redraft.`));
  }
  return draft;
}

async function review(ctx: RunnerContext, step: Step, spec: MessageSpec, template: MessageTemplate, hash: string, channels: string[], rejections: string[]): Promise<void> {
  const { prompter, c } = ctx;
  const p = progressOf(ctx, template.id);
  const current = Object.values(p?.drafts ?? {}).find((d) => d.hash === hash);
  if (!current) return;
  const key = `message.${template.id}`;
  const counts = countsFor(ctx.channels, channels, current.text);
  const roles = approvalRoles(ctx, spec, template);
  const info = [
    `revision ${current.revision}${current.edited ? ", edited" : ""} · sha ${hash.slice(0, 12)} · for ${channels.map((ch) => ctx.channels[ch]?.label ?? ch).join(", ")}`,
    roles.length > 0 ? `needs approval from: ${roles.map((r) => roleLabel(ctx, r)).join(", ")}` : "needs no approval",
    ...(current.next_update_due ? [`promises the next update at ${humanUtc(current.next_update_due)}`] : []),
  ];
  showDraft(ctx, template, current.text, counts, info);
  for (const r of rejections) ctx.out(c.red(`  Rejected: ${oneLine(r)}`));
  const choices: Choice[] = [
    { value: "accept", name: roles.length > 0 ? "Accept this text and ask for approval" : "Accept this text" },
    { value: "edit", name: "Edit the text" },
    ...(channels.length > 1 ? [{ value: "edit-channel", name: "Edit a version for one channel (e.g. shorter for X)" }] : []),
    { value: "redraft", name: "Draft it again from the template (uses the latest answers)" },
    { value: "skip", name: "Do not send this message (say why)" },
  ];
  const over = counts.filter((n) => n.over > 0);
  const choice = await prompter.select({ key: `${key}.review`, message: `${template.meta.title}: what now?`, choices, default: over.length > 0 || rejections.length > 0 ? "edit" : "accept" });
  switch (choice) {
    case "accept": {
      if (over.length > 0) {
        const anyway = await prompter.confirm({
          key: `${key}.over_limit`,
          message: `Over the limit on ${over.map((n) => `${n.label} by ${n.over}`).join(", ")}. Accept it anyway?`,
          default: false,
          required: true,
        });
        if (!anyway) return;
      }
      ctx.journal.append("approval_requested", { hash, roles, step: step.id, template: template.id });
      return;
    }
    case "edit":
    case "edit-channel": {
      let target = channels;
      if (choice === "edit-channel") {
        const one = await prompter.select({ key: `${key}.edit_channel`, message: "Which channel?", choices: channels.map((ch) => ({ value: ch, name: ctx.channels[ch]?.label ?? ch })) });
        target = [one];
      }
      const edited = await prompter.longText({ key: `${key}.edit${choice === "edit-channel" ? `.${target[0]}` : ""}`, message: "Edit the message", default: current.text, required: true });
      const text = watermark(edited.replace(/\s+$/, ""), ctx.journal.state.drill);
      if (text === current.text) {
        ctx.out(c.dim("  Unchanged."));
        return;
      }
      recordDraft(ctx, step, template, target, text, current.next_update_due, true);
      return;
    }
    case "redraft": {
      const draft = draftNow(ctx, template);
      if (draft.text === current.text && draft.promise === current.next_update_due) {
        ctx.out(c.dim("  The template gives the same text."));
        return;
      }
      recordDraft(ctx, step, template, channels, draft.text, draft.promise, false);
      return;
    }
    default: {
      const reason = await prompter.text({ key: `${key}.skip_reason`, message: "Why not send it?", required: true });
      ctx.journal.append("message_skipped", { step: step.id, template: template.id, channels, reason });
    }
  }
}

async function approve(ctx: RunnerContext, template: MessageTemplate, hash: string, role: string): Promise<void> {
  const { prompter } = ctx;
  const key = `message.${template.id}`;
  const decision = await prompter.select({
    key: `${key}.approve.${role}`,
    message: `${roleLabel(ctx, role)}: approves this exact text (sha ${hash.slice(0, 12)})?`,
    choices: [
      { value: "approve", name: "Approved" },
      { value: "reject", name: "Rejected: back to editing" },
      { value: "wait", name: "Not yet: pause here and resume when they answer" },
    ],
  });
  if (decision === "wait") pause(ctx, `waiting for approval from ${roleLabel(ctx, role)}`);
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
  const reason = await prompter.text({ key: `${key}.reject_reason.${role}`, message: "What must change?", required: true });
  ctx.journal.append("rejected", { hash, role, by: by.trim(), reason });
}

async function publish(ctx: RunnerContext, step: Step, template: MessageTemplate, channel: string, text: string, promise: string | undefined): Promise<void> {
  const { prompter, c } = ctx;
  const key = `message.${template.id}`;
  const label = ctx.channels[channel]?.label ?? channel;
  ctx.out(`\n  ${c.bold(`Copy this to ${oneLine(label)}:`)}\n`);
  ctx.out(neutralise(text));
  ctx.out("");
  if (promise && new Date(promise).getTime() <= ctx.now().getTime() + 5 * 60_000) {
    ctx.out(c.yellow(`  This text promises an update at ${humanUtc(promise)}, which is close or past: consider redrafting it.`));
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
    const reason = await prompter.text({ key: `${key}.skip_reason.${channel}`, message: `Why not on ${label}?`, required: true });
    ctx.journal.append("message_skipped", { step: step.id, template: template.id, channels: [channel], reason });
    return;
  }
  let at = ctx.now();
  if (how === "earlier") {
    const when = await prompter.text({ key: `${key}.published_at.${channel}`, message: "When was it published? (UTC)", validate: (v) => validateWhen(v, ctx.now(), { past: true }), required: true });
    at = parseWhen(when, ctx.now()) ?? at;
  }
  const url = await prompter.text({
    key: `${key}.url.${channel}`,
    message: `Link to the post on ${label} (optional)`,
    validate: (v) => (v.trim() === "" || URL_PATTERN.test(v.trim()) ? true : "expected a web address starting with https:// or http://"),
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
  if (template.meta.audience === "public" && promise) ctx.out(c.bold(`  Next public update promised for ${humanUtc(promise)}; crisis keeps track of it.`));
}

/** Was this template published in an earlier visit of the step (a revisit or a repeat)? */
function publishedBefore(ctx: RunnerContext, step: Step, template: string): string | undefined {
  const state = ctx.journal.state;
  const startSeq = state.visit?.startSeq ?? Infinity;
  const earlier = state.publications.filter((p) => p.template === template && p.seq < startSeq && state.drafts[p.hash]?.step === step.id);
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
    ctx.out(ctx.c.red(`  Message template ${spec.template} was not found; this message is skipped. crisis lint reports it.`));
    if (!progressOf(ctx, spec.template)) ctx.journal.append("message_skipped", { step: step.id, template: spec.template, channels: spec.channels, reason: "template not found" });
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
        ctx.journal.append("message_skipped", { step: step.id, template: spec.template, channels: spec.channels, reason: "already published in an earlier pass of this step" });
        return;
      }
    }
  }
  for (;;) {
    const p = progressOf(ctx, spec.template);
    if (p?.skipped !== undefined) return;
    const pending = spec.channels.filter((ch) => !p?.published[ch] && p?.skippedChannels[ch] === undefined);
    if (pending.length === 0) return;
    const missing = pending.filter((ch) => !p?.drafts[ch]);
    if (missing.length > 0) {
      // Channels drafted before an interruption keep their text; the rest get the same text.
      const existing = Object.values(p?.drafts ?? {}).sort((a, b) => b.revision - a.revision)[0];
      const draft = existing ? { text: existing.text, promise: existing.next_update_due } : draftNow(ctx, template);
      recordDraft(ctx, step, template, missing, draft.text, draft.promise, existing?.edited ?? false, existing?.revision);
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
      await review(ctx, step, spec, template, hash, channels, rejected.map((r) => `by ${decisions[r]?.by ?? r}: ${decisions[r]?.reason ?? ""}`));
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
