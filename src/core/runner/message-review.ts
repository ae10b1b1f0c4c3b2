import type { MessageProgress } from "../journal/fold.js";
import type { Step } from "../playbook/model.js";
import type { MessageSpec } from "../playbook/schema.js";
import type { MessageTemplate } from "../templates/parse.js";
import { neutralise, oneLine } from "../../adapters/terminal/sanitize.js";
import type { Choice } from "../../adapters/terminal/prompter.js";
import { humanUtc } from "../time.js";
import type { RunnerContext } from "./context.js";
import { countsFor, renderDraft, sha256, watermark, type ChannelCount } from "./drafts.js";

/** Drafting and reviewing a message: the text on screen with its counts, and accept, edit, redraft or skip. */

export function progressOf(ctx: RunnerContext, template: string): MessageProgress | undefined {
  return ctx.journal.state.visit?.messages[template];
}

export function roleLabel(ctx: RunnerContext, role: string): string {
  const title = ctx.playbook.roles.find((r) => r.id === role)?.title ?? role;
  const person = ctx.journal.state.roles[role];
  return `${title}${person ? ` (${person})` : ""}`;
}

/** Who must approve this message: the severity's policy for public messages, plus the message's own. */
function approvalRoles(ctx: RunnerContext, spec: MessageSpec, template: MessageTemplate): string[] {
  const severity = ctx.journal.state.severity;
  const policy = template.meta.audience === "public" && severity ? (ctx.playbook.approval[severity] ?? []) : [];
  return [...new Set([...policy, ...(spec.approval ?? [])])];
}

function showDraft(
  ctx: RunnerContext,
  template: MessageTemplate,
  text: string,
  counts: ChannelCount[],
  info: string[],
): void {
  const { c } = ctx;
  ctx.out(`\n  ${c.bold(`✉ ${oneLine(template.meta.title)}`)} ${c.dim(`(${template.meta.audience}, ${template.id})`)}`);
  for (const line of info) ctx.out(c.dim(`  ${oneLine(line)}`));
  const inner = Math.max(30, Math.min(96, (ctx.width ?? 100) - 6));
  ctx.out(c.dim(`  ┌${"─".repeat(60)}`));
  for (const line of neutralise(text).split("\n"))
    for (const part of wrap(line, inner)) ctx.out(`  ${c.dim("│")} ${part}`);
  ctx.out(c.dim(`  └${"─".repeat(60)}`));
  const parts = counts.map((n) => {
    if (n.limit === null) return `${n.label} ${n.length} ${c.dim("(no limit)")}`;
    if (n.over > 0) return c.red.bold(`${n.label} ${n.length}/${n.limit} OVER BY ${n.over}`);
    return `${n.label} ${n.length}/${n.limit} ${c.green("✓")}`;
  });
  ctx.out(`  ${parts.join(c.dim("  ·  "))}`);
}

/** Wraps a line at spaces (long words are cut) so the frame stays intact in the terminal. */
export function wrap(line: string, width: number): string[] {
  const out: string[] = [];
  let rest = line;
  while ([...rest].length > width) {
    const chars = [...rest];
    const cut = chars.slice(0, width + 1).lastIndexOf(" ");
    const at = cut > width / 3 ? cut : width;
    out.push(chars.slice(0, at).join("").trimEnd());
    rest = chars.slice(at).join("").trimStart();
  }
  out.push(rest);
  return out;
}

function nextRevision(p: MessageProgress | undefined): number {
  return Math.max(0, ...Object.values(p?.drafts ?? {}).map((d) => d.revision)) + 1;
}

export function recordDraft(
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

export function draftNow(ctx: RunnerContext, template: MessageTemplate) {
  const state = ctx.journal.state;
  const draft = renderDraft({ playbook: ctx.playbook, config: ctx.config, state, now: ctx.now() }, template);
  if (draft.placeholders.length > 0) {
    ctx.out(
      ctx.c.yellow(
        `  Not answered yet, shown as [name] in the draft: ${draft.placeholders.join(", ")}. Edit the text, or answer and redraft.`,
      ),
    );
  }
  return draft;
}

export async function review(
  ctx: RunnerContext,
  step: Step,
  spec: MessageSpec,
  template: MessageTemplate,
  hash: string,
  channels: string[],
  rejections: string[],
): Promise<void> {
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
    ...(channels.length > 1
      ? [{ value: "edit-channel", name: "Edit a version for one channel only (for example a shorter one)" }]
      : []),
    { value: "redraft", name: "Draft it again from the template (uses the latest answers)" },
    { value: "skip", name: "Do not send this message (say why)" },
  ];
  const over = counts.filter((n) => n.over > 0);
  const choice = await prompter.select({
    key: `${key}.review`,
    message: `${template.meta.title}: what now?`,
    choices,
    default: over.length > 0 || rejections.length > 0 ? "edit" : "accept",
  });
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
        const one = await prompter.select({
          key: `${key}.edit_channel`,
          message: "Which channel?",
          choices: channels.map((ch) => ({ value: ch, name: ctx.channels[ch]?.label ?? ch })),
        });
        target = [one];
      }
      const edited = await prompter.longText({
        key: `${key}.edit${choice === "edit-channel" ? `.${target[0]}` : ""}`,
        message: "Edit the message",
        default: current.text,
        required: true,
      });
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
