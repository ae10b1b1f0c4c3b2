import type { Step } from "../playbook/model.js";
import type { MessageTemplate } from "../templates/parse.js";
import { HotkeyPressed, type Hotkey } from "../../adapters/terminal/prompter.js";
import { neutralise, oneLine } from "../../adapters/terminal/sanitize.js";
import { screenTime } from "../brand-time.js";
import { humanUtc, parseWhen, showWhen, validateWhen } from "../time.js";
import { pause } from "./approval.js";
import type { RunnerContext } from "./context.js";
import { sha256 } from "./drafts.js";
import { held } from "./held.js";

const URL_PATTERN = /^https?:\/\/[^\s<>"`]+$/i;

/** When the text was cleared to go: its last approval, or its acceptance when it needed none. */
function clearedAt(ctx: RunnerContext, hash: string): Date | undefined {
  const a = ctx.journal.state.approvals[hash];
  const times = [a?.requested?.at, ...(a?.approved ?? []).map((x) => x.at)].filter((t): t is string => !!t);
  return times.length > 0 ? new Date(times.sort().at(-1)!) : undefined;
}

/** The key that copies an approved text at the publication question (shown in its key hints). */
const COPY_KEY: Hotkey = { key: "c", action: "copy text" };

/**
 * Asks with the copy key when the runner can copy (a person at a terminal): the key copies the
 * exact text, says how in one line, and asks again. Publishing stays the responder's act.
 */
async function withCopyKey<T>(
  ctx: RunnerContext,
  text: string,
  ask: (hotkeys: { hotkeys?: readonly Hotkey[] }) => Promise<T>,
): Promise<T> {
  const copy = ctx.copy;
  if (!copy || ctx.interactive === false) return ask({});
  for (;;) {
    try {
      return await ask({ hotkeys: [COPY_KEY] });
    } catch (error) {
      if (!(error instanceof HotkeyPressed)) throw error;
      const { ok, line } = await copy(text);
      ctx.out(ok ? ctx.c.green(`  ${line}`) : ctx.c.yellow(`  ${line}`));
    }
  }
}

/**
 * Publication on one channel: the text to copy, then whether it went out (now, earlier at a given
 * time that is not before its approval, not at all with a reason, or not yet), then its link. The
 * choice is kept before the follow-up question, so a crash asks neither again.
 */
export async function publish(
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
  const hash = sha256(text);
  const copyHint = ctx.copy && ctx.interactive !== false ? ` (${COPY_KEY.key} copies it exactly)` : "";
  ctx.out(`\n  ${c.bold(`Copy this to ${oneLine(label)}${copyHint}:`)}\n`);
  ctx.out(neutralise(text));
  ctx.out("");
  if (promise && new Date(promise).getTime() <= ctx.now().getTime() + 5 * 60_000) {
    ctx.out(
      c.yellow(
        `  This text promises an update at ${humanUtc(promise)}, which is close or past: consider redrafting it.`,
      ),
    );
  }
  const { value: how, at: answered } = await held(
    ctx,
    `${key}.publish.${channel}`,
    () =>
      withCopyKey(ctx, text, (hotkeys) =>
        prompter.select({
          key: `${key}.publish.${channel}`,
          message: `Published on ${label}?`,
          choices: [
            { value: "now", name: "Yes, just now" },
            { value: "earlier", name: "Yes, earlier (give the time)" },
            { value: "skip", name: `Not publishing on ${label} (say why)` },
            { value: "wait", name: "Not yet: pause here and resume once it is out" },
          ],
          required: true,
          ...hotkeys,
        }),
      ),
    (v) => v !== "wait",
  );
  if (how === "wait") pause(ctx, `before publishing on ${label}`);
  if (how === "skip") {
    const reason = await prompter.text({
      key: `${key}.skip_reason.${channel}`,
      message: `Why not on ${label}?`,
      required: true,
    });
    ctx.journal.append("message_skipped", {
      step: step.id,
      template: template.id,
      channels: [channel],
      reason: reason.trim(),
    });
    return;
  }
  let at = answered;
  if (how === "earlier") {
    const cleared = clearedAt(ctx, hash);
    const when = await prompter.text({
      key: `${key}.published_at.${channel}`,
      message: "When was it published? (UTC)",
      validate: (v) => {
        const ok = validateWhen(v, ctx.now(), { past: true });
        if (ok !== true) return ok;
        const t = parseWhen(v, ctx.now());
        return t && cleared && t.getTime() < cleared.getTime() - 60_000
          ? `that is before the text was approved (${humanUtc(cleared)}); expected the time it went out, after its approval`
          : true;
      },
      display: (v) => showWhen(v, ctx.now()),
      required: true,
    });
    at = parseWhen(when, ctx.now()) ?? at;
  }
  // No action menu here (Esc does nothing): a pause between "published" and its record would leave
  // the publication and its promise unrecorded until a resume asks again. Ctrl+C keeps the answer.
  const url = await prompter.text({
    key: `${key}.url.${channel}`,
    message: `Link to the post on ${label} (optional)`,
    escape: "none",
    validate: (v) =>
      v.trim() === "" || URL_PATTERN.test(v.trim()) ? true : "expected a web address starting with https:// or http://",
  });
  const isPublic = template.meta.audience === "public";
  const promisedBefore = ctx.journal.state.nextUpdateDue;
  ctx.journal.append(
    "published",
    {
      hash,
      channel,
      template: template.id,
      ...(url.trim() ? { url: url.trim() } : {}),
      audience: template.meta.audience,
      next_update_due: isPublic ? (promise ?? null) : null,
      kind: template.meta.kind,
    },
    { at },
  );
  const state = ctx.journal.state;
  // Said once, when the promise is new (not again for each channel of the same text).
  if (isPublic && promise && state.nextUpdateDue === promise && promisedBefore !== promise)
    ctx.out(c.bold(`  Next public update promised for ${screenTime(promise, ctx.config)}; crisis keeps track of it.`));
}
