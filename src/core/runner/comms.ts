import { askComms, type CommsKind } from "../incident/comms-log.js";
import type { RunnerContext } from "./context.js";

/** Asks one comms entry and appends it; shared by the Esc menu (Log) and steps that record them. */
export async function recordComms(ctx: RunnerContext, kind: CommsKind, escape: "cancel" | "none"): Promise<void> {
  ctx.journal.append(kind, await askComms(ctx.prompter, kind, escape, ctx.now()));
  ctx.out(ctx.c.dim("  Logged."));
}
