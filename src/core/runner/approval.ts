import type { MessageSpec, Preapproval } from "../playbook/schema.js";
import type { MessageTemplate } from "../templates/parse.js";
import { Navigate, type RunnerContext } from "./context.js";
import { held } from "./held.js";

/** Who must approve a text, and asking them: each approval is one answer and one event. */

export function roleTitle(ctx: RunnerContext, role: string): string {
  return ctx.playbook.roles.find((r) => r.id === role)?.title ?? role;
}

export function roleLabel(ctx: RunnerContext, role: string): string {
  const person = ctx.journal.state.roles[role];
  return `${roleTitle(ctx, role)}${person ? ` (${person})` : ""}`;
}

/** "Morgan Ellis, Legal reviewer, on 2026-12-07": who approved a text in advance. */
export function stampText(ctx: RunnerContext, stamps: readonly Preapproval[]): string {
  return stamps.map((s) => `${s.by}, ${roleTitle(ctx, s.role)}, on ${s.at}`).join("; ");
}

/**
 * Who must approve this text: the severity's policy for public messages, plus the message's own
 * roles. A text the team approved in advance needs only the lead's confirmation, plus any role of
 * the message's own that no stamp covers.
 */
export function approvalRoles(
  ctx: RunnerContext,
  spec: MessageSpec,
  template: MessageTemplate,
  preapproved?: readonly Preapproval[],
): string[] {
  const severity = ctx.journal.state.severity;
  const own = spec.approval ?? [];
  if (preapproved && preapproved.length > 0) {
    const stamped = new Set(preapproved.map((s) => s.role));
    return [...new Set(["lead", ...own.filter((r) => !stamped.has(r))])];
  }
  const policy = template.meta.audience === "public" && severity ? (ctx.playbook.approval[severity] ?? []) : [];
  return [...new Set([...policy, ...own])];
}

export function pause(ctx: RunnerContext, why: string): never {
  ctx.journal.append("session_paused", { step: ctx.journal.state.visit?.step, how: "paused" });
  ctx.out(ctx.c.bold(`\nPaused ${why}. When you are ready: ${ctx.resumeCommand}`));
  throw new Navigate("pause");
}

/**
 * One role's decision on one exact text. A role nobody holds yet is filled first (the person
 * approving as that role takes it). "Approved by <holder>" is recorded at once; approving for
 * someone else, or rejecting, keeps the choice before asking the name or the reason.
 */
export async function approve(
  ctx: RunnerContext,
  template: MessageTemplate,
  hash: string,
  role: string,
  preapproved?: readonly Preapproval[],
): Promise<void> {
  const { prompter } = ctx;
  const state = ctx.journal.state;
  const key = `message.${template.id}`;
  const title = roleTitle(ctx, role);
  if (!state.roles[role]) {
    const person = await prompter.text({
      key: `${key}.approver.${role}`,
      message: `${title}: who answers for this approval? (they take the role)`,
      required: true,
    });
    ctx.journal.append("role_assigned", { role, person: person.trim() });
  }
  const holder = state.roles[role] ?? "";
  const confirming = preapproved && preapproved.length > 0 && role === "lead";
  const { value: decision } = await held(
    ctx,
    `${key}.approve.${role}`,
    () =>
      prompter.select({
        key: `${key}.approve.${role}`,
        message: confirming
          ? `${roleLabel(ctx, role)}: send the pre-approved text (approved in advance by ${stampText(ctx, preapproved)})?`
          : `${roleLabel(ctx, role)}: approves this exact text (sha ${hash.slice(0, 12)})?`,
        choices: [
          { value: "approve", name: `Yes: ${confirming ? "confirmed" : "approved"} by ${holder}` },
          { value: "approve-other", name: `Yes: approved by someone else as ${title} (give the name)` },
          { value: "reject", name: "No: rejected, back to editing (say what must change)" },
          // With a sync remote, and not for a role the person at this keyboard holds (they decide here).
          ...(ctx.waitForApproval && holder !== ctx.actor
            ? [
                {
                  value: "remote",
                  name: `Wait for ${roleLabel(ctx, role)} to decide on their own machine (crisis approve there)`,
                },
              ]
            : []),
          { value: "wait", name: "Not yet: pause here and resume when they answer" },
        ],
        required: true,
      }),
    (v) => v === "approve-other" || v === "reject",
  );
  if (decision === "remote" && ctx.waitForApproval) {
    const outcome = await ctx.waitForApproval({ hash, role, label: roleLabel(ctx, role) });
    if (outcome === "pause") pause(ctx, `waiting for ${roleLabel(ctx, role)}`);
    // Decided on their machine: the caller finds it in the journal. Here after all: asked again.
    if (outcome === "decided") return;
    return approve(ctx, template, hash, role, preapproved);
  }
  if (decision === "wait") pause(ctx, `waiting for ${roleLabel(ctx, role)}`);
  if (decision === "approve") {
    ctx.journal.append("approved", { hash, role, by: holder });
    return;
  }
  if (decision === "approve-other") {
    const by = await prompter.text({
      key: `${key}.approver.${role}`,
      message: `Who approved it, as ${title}?`,
      required: true,
    });
    ctx.journal.append("approved", { hash, role, by: by.trim() });
    return;
  }
  const reason = await prompter.text({
    key: `${key}.reject_reason.${role}`,
    message: "What must change?",
    required: true,
  });
  ctx.journal.append("rejected", { hash, role, by: holder, reason: reason.trim() });
}
