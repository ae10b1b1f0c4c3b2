import { oneLine } from "../../adapters/terminal/sanitize.js";
import type { RunnerContext } from "./context.js";
import { held } from "./held.js";

/**
 * Ending is a decision with evidence: the responder ticks the exit criteria that are met, confirms
 * when some are not, and may write a closing summary; then each criterion and the resolution are
 * recorded. Returns false when the responder backs out.
 */
export async function resolveIncident(ctx: RunnerContext): Promise<boolean> {
  const { prompter, c, playbook } = ctx;
  const state = ctx.journal.state;
  const criteria = playbook.exit_criteria;
  let allMet = true;
  let met: string[] = [];
  // Each answer is kept as it is given; the criteria and the resolution are recorded together at the end.
  if (criteria.length > 0) {
    ({ value: met } = await held(ctx, "resolve.criteria", () =>
      prompter.checkbox({
        key: "resolve.criteria",
        message: "Which exit criteria are met? (space to tick, enter when done)",
        choices: criteria.map((e) => ({
          value: e.id,
          name: oneLine(e.text),
          checked: state.exitCriteria[e.id]?.met === true,
        })),
        escape: "cancel",
      }),
    ));
    allMet = met.length === criteria.length;
  }
  if (!allMet) {
    const { value: anyway } = await held(ctx, "resolve.anyway", () =>
      prompter.confirm({
        key: "resolve.anyway",
        message: "Not every exit criterion is met. Declare the crisis over anyway?",
        default: false,
        escape: "cancel",
      }),
    );
    if (!anyway) {
      ctx.out(c.dim("  Not resolved; carrying on."));
      return false;
    }
  }
  const summary = await prompter.longText({
    key: "resolve.summary",
    message: "A line or two on how it ended (optional)",
    escape: "cancel",
  });
  // Recorded together at the end: backing out (or Ctrl+C) before this leaves nothing half-resolved.
  for (const e of criteria) ctx.journal.append("exit_criterion", { id: e.id, text: e.text, met: met.includes(e.id) });
  ctx.journal.append("resolved", summary.trim() ? { summary: summary.trim() } : {});
  ctx.out(c.green.bold(`\nResolved: ${oneLine(state.title)}.`));
  ctx.out(`Next: write the blameless review with ${c.bold(`crisis postmortem ${state.id}`)}.`);
  return true;
}
