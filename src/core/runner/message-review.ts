import type { MessageProgress } from "../journal/fold.js";
import type { Step } from "../playbook/model.js";
import type { MessageSpec, Preapproval } from "../playbook/schema.js";
import type { MessageTemplate } from "../templates/parse.js";
import { renderTemplate } from "../templates/render.js";
import { neutralise, oneLine } from "../../adapters/terminal/sanitize.js";
import type { Choice } from "../../adapters/terminal/prompter.js";
import { brandOffsetMinutes, screenTime } from "../brand-time.js";
import { humanUtc, parseFuture } from "../time.js";
import { approvalRoles, roleLabel, roleTitle, stampText } from "./approval.js";
import type { RunnerContext } from "./context.js";
import {
  countsFor,
  draftVariables,
  promisesUpdate,
  renderDraft,
  sha256,
  watermark,
  type ChannelCount,
  type Draft,
} from "./drafts.js";
import { held } from "./held.js";
import { statedTime } from "./stated-time.js";

/** Drafting and reviewing a message: the text on screen with its counts, and accept, edit, redraft or skip. */

export function progressOf(ctx: RunnerContext, template: string): MessageProgress | undefined {
  return ctx.journal.state.visit?.messages[template];
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
  draft: { text: string; promise: string | undefined; preapproved?: readonly Preapproval[] | undefined },
  edited: boolean,
  revision = nextRevision(progressOf(ctx, template.id)),
): void {
  const hash = sha256(draft.text);
  for (const channel of channels) {
    ctx.journal.append("draft_created", {
      step: step.id,
      template: template.id,
      channel,
      text: draft.text,
      hash,
      revision,
      edited,
      audience: template.meta.audience,
      ...(draft.promise ? { next_update_due: draft.promise } : {}),
      ...(draft.preapproved && !edited ? { preapproved: [...draft.preapproved] } : {}),
    });
  }
}

export function draftNow(ctx: RunnerContext, template: MessageTemplate): Draft {
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

/**
 * Every rejection of this message in this pass, whichever variant or revision it was given on:
 * the reasons stay with the message. `current` marks those given on the text under review.
 */
function rejectionsOf(
  ctx: RunnerContext,
  p: MessageProgress | undefined,
  hash: string,
): { text: string; current: boolean }[] {
  const hashes = new Set([...Object.values(p?.drafts ?? {}).map((d) => d.hash), ...Object.keys(p?.accepted ?? {})]);
  const since = ctx.journal.state.visit?.startSeq ?? 0;
  return [...hashes].flatMap((h) =>
    (ctx.journal.state.approvals[h]?.rejected ?? [])
      .filter((r) => r.seq > since)
      .map((r) => ({
        text: `${h === hash ? "Rejected" : "Rejected earlier (another revision or channel)"} by ${r.by || r.role} (${roleTitle(ctx, r.role)}): ${r.reason}`,
        current: h === hash,
      })),
  );
}

/**
 * An edited text: `{{next_update_time}}` and other variables typed into it are filled in, and the
 * time it now states is its promise. When a holding statement or update states no time crisis can
 * read, the responder is asked for it.
 */
async function editedDraft(
  ctx: RunnerContext,
  template: MessageTemplate,
  typed: string,
  keys: { text: string; promise: string },
): Promise<{ text: string; promise: string | undefined }> {
  const state = ctx.journal.state;
  let text = typed;
  if (typed.includes("{{")) {
    try {
      const input = { playbook: ctx.playbook, config: ctx.config, state, now: ctx.now() };
      const promise = renderDraft(input, template).promise ?? state.nextUpdateDue ?? ctx.now().toISOString();
      text = renderTemplate(typed, template.id, draftVariables(input, promise, template));
    } catch (error) {
      ctx.out(
        ctx.c.yellow(`  The {{…}} in the text could not be filled in (${oneLine(String(error))}); kept as typed.`),
      );
    }
  }
  text = watermark(text.replace(/\s+$/, ""), state.drill);
  if (template.meta.audience !== "public" || template.meta.kind === "final") return { text, promise: undefined };
  const stated = await statedTime(text, ctx.now(), brandOffsetMinutes(ctx.config, ctx.now()));
  if (stated) return { text, promise: stated.toISOString() };
  if (!promisesUpdate(template)) return { text, promise: undefined };
  ctx.journal.append("input", { key: keys.text, value: typed });
  const when = await ctx.prompter.text({
    key: keys.promise,
    message: "When does this text promise the next update? (UTC; e.g. 20:30, 2026-11-22 09:00)",
    validate: (v) =>
      parseFuture(v, ctx.now()) ? true : "expected a time after now, such as 20:30, +2h or 2026-11-22 09:00",
    display: (v) => {
      const t = parseFuture(v, ctx.now());
      return t ? `${v.trim()} (${humanUtc(t)})` : v;
    },
    required: true,
  });
  return { text, promise: parseFuture(when, ctx.now())?.toISOString() };
}

export async function review(
  ctx: RunnerContext,
  step: Step,
  spec: MessageSpec,
  template: MessageTemplate,
  hash: string,
  channels: string[],
): Promise<void> {
  const { prompter, c } = ctx;
  const p = progressOf(ctx, template.id);
  const current = Object.values(p?.drafts ?? {}).find((d) => d.hash === hash);
  if (!current) return;
  const key = `message.${template.id}`;
  const counts = countsFor(ctx.channels, channels, current.text, template.meta.audience);
  const roles = approvalRoles(ctx, spec, template, current.preapproved);
  const rejections = rejectionsOf(ctx, p, hash);
  const info = [
    `revision ${current.revision}${current.edited ? ", edited" : ""} · sha ${hash.slice(0, 12)} · for ${channels.map((ch) => ctx.channels[ch]?.label ?? ch).join(", ")}`,
    ...(current.preapproved
      ? [`pre-approved by ${stampText(ctx, current.preapproved)}: sent as written, only the lead confirms it`]
      : []),
    roles.length > 0 ? `needs approval from: ${roles.map((r) => roleLabel(ctx, r)).join(", ")}` : "needs no approval",
    ...(current.next_update_due
      ? [`promises the next update at ${screenTime(current.next_update_due, ctx.config)}`]
      : []),
  ];
  showDraft(ctx, template, current.text, counts, info);
  for (const r of rejections) ctx.out(r.current ? c.red(`  ${oneLine(r.text)}`) : c.yellow(`  ${oneLine(r.text)}`));
  const accept = current.preapproved
    ? "Accept this pre-approved text (the lead confirms it next)"
    : roles.length > 0
      ? "Accept this text and ask for approval"
      : "Accept this text";
  const choices: Choice[] = [
    { value: "accept", name: accept },
    { value: "edit", name: "Edit the text" },
    ...(channels.length > 1
      ? [{ value: "edit-channel", name: "Edit a version for one channel only (for example a shorter one)" }]
      : []),
    { value: "redraft", name: "Draft it again from the template (uses the latest answers)" },
    { value: "skip", name: "Do not send this message (say why)" },
  ];
  const over = counts.filter((n) => n.over > 0);
  const { value: choice } = await held(
    ctx,
    `${key}.review`,
    () =>
      prompter.select({
        key: `${key}.review`,
        message: `${template.meta.title}: what now?`,
        choices,
        default: over.length > 0 || rejections.some((r) => r.current) ? "edit" : "accept",
      }),
    (v) => v !== "redraft" && !(v === "accept" && over.length === 0),
  );
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
      ctx.journal.append("approval_requested", {
        hash,
        roles,
        step: step.id,
        template: template.id,
        ...(current.preapproved ? { preapproved: current.preapproved } : {}),
      });
      return;
    }
    case "edit":
    case "edit-channel": {
      let target = channels;
      if (choice === "edit-channel") {
        const { value: one } = await held(ctx, `${key}.edit_channel`, () =>
          prompter.select({
            key: `${key}.edit_channel`,
            message: "Which channel?",
            choices: channels.map((ch) => ({ value: ch, name: ctx.channels[ch]?.label ?? ch })),
          }),
        );
        target = [one];
      }
      const variant = choice === "edit-channel" ? `.${target[0]}` : "";
      const keys = { text: `${key}.edit${variant}`, promise: `${key}.promise_at${variant}` };
      const kept = ctx.replay?.take(keys.text);
      const typed =
        typeof kept?.value === "string"
          ? kept.value
          : await prompter.longText({
              key: keys.text,
              message: "Edit the message",
              default: current.text,
              required: true,
            });
      const edited = await editedDraft(ctx, template, typed, keys);
      if (edited.text === current.text) {
        ctx.out(c.dim("  Unchanged."));
        return;
      }
      recordDraft(ctx, step, template, target, edited, true);
      return;
    }
    case "redraft": {
      const draft = draftNow(ctx, template);
      if (draft.text === current.text && draft.promise === current.next_update_due) {
        ctx.out(c.dim("  The template gives the same text."));
        return;
      }
      recordDraft(ctx, step, template, channels, draft, false);
      return;
    }
    default: {
      const reason = await prompter.text({ key: `${key}.skip_reason`, message: "Why not send it?", required: true });
      ctx.journal.append("message_skipped", { step: step.id, template: template.id, channels, reason: reason.trim() });
    }
  }
}
