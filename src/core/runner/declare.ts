import { oneLine } from "../../adapters/terminal/sanitize.js";
import { humanUtc, parseWhen, showWhen, typedUtc, validateWhen, WHEN_HELP } from "../time.js";
import type { RunnerContext } from "./context.js";
import { fillRequiredRoles, scoreAndSetSeverity } from "./severity.js";

/**
 * The declaration, after the incident is opened: when it was detected and when the impact began,
 * the lead, the severity, the roles that severity requires, then `declared`. Each part is asked
 * only if the journal does not have it yet, so a resume picks up exactly where it stopped.
 */
export async function declare(ctx: RunnerContext): Promise<void> {
  const { c, prompter } = ctx;
  const state = ctx.journal.state;
  if (state.declaredAt) return;
  const has = (name: string) => state.milestones.some((m) => m.name === name);

  if (!has("detected") || !has("impact_started")) ctx.out(`\n${c.bold("Times")} ${c.dim(`(UTC; type ${WHEN_HELP})`)}`);
  if (!has("detected")) {
    const text = await prompter.text({
      key: "detected_at",
      message: "When did we first notice it?",
      default: "now",
      validate: (v) => validateWhen(v, ctx.now(), { past: true }),
      display: (v) => showWhen(v, ctx.now()),
    });
    ctx.journal.append("milestone", { name: "detected" }, { at: parseWhen(text, ctx.now()) ?? ctx.now() });
  }
  if (!has("impact_started")) {
    const detected = new Date(state.milestones.find((m) => m.name === "detected")?.at ?? ctx.now());
    const text = await prompter.text({
      key: "impact_started_at",
      message: "Best estimate of when it began (the first post or the failure)? It may be earlier.",
      default: typedUtc(detected),
      validate: (v) => {
        const ok = validateWhen(v, ctx.now(), { past: true });
        if (ok !== true) return ok;
        const at = parseWhen(v, ctx.now());
        return at && at.getTime() > detected.getTime() + 5 * 60_000
          ? `expected a time at or before it was noticed (${humanUtc(detected)})`
          : true;
      },
      display: (v) => showWhen(v, ctx.now()),
    });
    const parsed = parseWhen(text, ctx.now()) ?? detected;
    // "now" typed a moment after "now" for the detection still means the same moment.
    const impact = parsed.getTime() > detected.getTime() ? detected : parsed;
    ctx.journal.append("milestone", { name: "impact_started", estimated: true }, { at: impact });
  }

  if (!state.roles.lead) {
    const lead = await prompter.text({
      key: "roles.lead",
      message: "Who leads the response (incident lead)?",
      default: ctx.actor,
      required: true,
    });
    ctx.journal.append("role_assigned", { role: "lead", person: lead.trim() });
  }

  if (!state.severity) await scoreAndSetSeverity(ctx, "actions", true);
  await fillRequiredRoles(ctx);

  const optional = ctx.playbook.roles.filter((r) => !state.roles[r.id]);
  if (optional.length > 0) {
    const more = await prompter.checkbox({
      key: "roles.more",
      message: "Name anyone else now? (optional; tick the roles, or press Enter to skip; later: Esc → roles)",
      choices: optional.map((r) => ({ value: r.id, name: `${oneLine(r.title)}: ${oneLine(r.duty)}` })),
    });
    for (const id of more) {
      const role = ctx.playbook.roles.find((r) => r.id === id);
      const person = await prompter.text({ key: `roles.${id}`, message: `${role?.title ?? id}: who?`, required: true });
      ctx.journal.append("role_assigned", { role: id, person: person.trim() });
    }
  }

  ctx.journal.append(
    "declared",
    { severity: state.severity ?? ctx.playbook.severity.floor },
    { at: new Date(state.openedAt) },
  );
  ctx.out(
    c.bold(`\nDeclared: ${oneLine(state.title)} at ${state.severity}.`) +
      (ctx.logPath ? c.dim(` The incident log is kept current in ${ctx.logPath}`) : ""),
  );
}
