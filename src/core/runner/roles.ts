import type { EscapeMode } from "../../adapters/terminal/prompter.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import { rank } from "../severity/score.js";
import type { RunnerContext } from "./context.js";
import { heldInVisit } from "./held.js";

/**
 * Who does what: the roles the severity requires are asked when a step needs them (never before
 * the first public word), and once, at triage, the responder may name the optional ones too.
 */

/** Roles that must have a person at this severity and do not yet. */
function missingRequiredRoles(ctx: RunnerContext): RunnerContext["playbook"]["roles"] {
  const state = ctx.journal.state;
  const severity = state.severity;
  if (!severity) return [];
  return ctx.playbook.roles.filter(
    (r) =>
      (r.id === "lead" || (r.required_from !== undefined && rank(severity) >= rank(r.required_from))) &&
      !state.roles[r.id],
  );
}

/** Asks for every role required at the current severity that has nobody yet. */
export async function fillRequiredRoles(ctx: RunnerContext, escape: EscapeMode = "actions"): Promise<void> {
  const missing = missingRequiredRoles(ctx);
  if (missing.length === 0) return;
  ctx.out(`\n${ctx.c.bold("Roles")} required at ${ctx.journal.state.severity}:`);
  for (const role of missing) {
    ctx.out(ctx.c.dim(`  ${oneLine(role.title)}: ${oneLine(role.duty)}`));
    const person = await ctx.prompter.text({
      key: `roles.${role.id}`,
      message: `${role.title}: who?`,
      required: true,
      escape,
    });
    ctx.journal.append("role_assigned", { role: role.id, person: person.trim() });
  }
}

const MORE = "roles.more";

/**
 * Once per visit of the triage step: name anyone else now (the roles nobody holds yet; later with
 * Esc → roles). The ticked roles are kept before their names are asked, so a crash in between asks
 * only the names still missing.
 */
export async function offerOptionalRoles(ctx: RunnerContext): Promise<void> {
  const state = ctx.journal.state;
  const kept = heldInVisit(state, MORE);
  let ticked: string[];
  if (Array.isArray(kept)) ticked = kept;
  else {
    const open = ctx.playbook.roles.filter((r) => !state.roles[r.id]);
    if (open.length === 0) return;
    ticked = await ctx.prompter.checkbox({
      key: MORE,
      message: "Name anyone else now? (optional; tick the roles, or press Enter to skip; later: Esc → roles)",
      choices: open.map((r) => ({ value: r.id, name: `${oneLine(r.title)}: ${oneLine(r.duty)}` })),
    });
    ctx.journal.append("input", { key: MORE, value: ticked });
  }
  for (const id of ticked) {
    const role = ctx.playbook.roles.find((r) => r.id === id);
    if (!role || state.roles[id]) continue;
    const person = await ctx.prompter.text({ key: `roles.${id}`, message: `${role.title}: who?`, required: true });
    ctx.journal.append("role_assigned", { role: id, person: person.trim() });
  }
}
