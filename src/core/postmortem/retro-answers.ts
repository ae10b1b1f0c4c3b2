import { z } from "../zod/zod-lib.js";
import { InputError } from "../../errors.js";
import { parseYaml } from "../yaml/parse.js";
import { validate } from "../yaml/validate.js";
import { POSTMORTEM_STATUSES } from "./report.js";

/** The retrospective answers file for crisis postmortem --answers (docs/postmortem.md). */

export const ACTION_TYPES = ["prevent", "mitigate", "detect", "process", "comms"] as const;

const items = z.array(z.string().trim().min(1, "expected a non-empty finding")).optional();

const retroAnswersSchema = z
  .strictObject({
    went_well: items.describe("What went well."),
    went_wrong: items.describe("What went wrong."),
    lucky: items.describe("Where we got lucky (near misses)."),
    contributing_factors: items.describe("Conditions that together made it possible: never a person."),
    mitigators: items.describe("What limited the damage."),
    trigger: items.describe("What set it off: the post, the outage, the report."),
    root_cause: items.describe("The underlying cause: the condition that let the trigger become a crisis."),
    five_whys: items.describe("Why did it happen? Then why that? … in order, up to five."),
    resolution: items.describe("How it was resolved: what fixed it and what ended the story."),
    business_impact: z
      .strictObject({
        customers_affected: z.number().int().nonnegative().optional(),
        revenue: z.string().trim().min(1).optional(),
        costs: z.string().trim().min(1).optional(),
        other: z.string().trim().min(1).optional(),
      })
      .optional()
      .describe("Optional: customers affected, revenue lost or at risk, costs, anything else."),
    action_items: z
      .array(
        z.strictObject({
          action: z.string().trim().min(1, "expected an action that starts with a verb"),
          type: z.enum(ACTION_TYPES),
          owner: z.string().trim().min(1).optional(),
          due: z.iso.date("expected a date such as 2026-04-30").optional(),
        }),
      )
      .optional(),
    status: z.enum(POSTMORTEM_STATUSES).optional().describe("The post-mortem's review status."),
  })
  .describe("Retrospective answers for crisis postmortem --answers.");

export type RetroAnswers = z.infer<typeof retroAnswersSchema>;

/** Reads and checks an answers file; every problem is reported as file:line:column. */
export function parseRetroAnswers(text: string, file: string): RetroAnswers {
  const parsed = parseYaml(text, file);
  if (parsed.problems.length > 0)
    throw new InputError(file, parsed.problems, "fix the answers file (see docs/postmortem.md)");
  const result = validate(retroAnswersSchema, parsed.value ?? {}, parsed);
  if (!result.ok) throw new InputError(file, result.problems, "see docs/postmortem.md for the answers file format");
  return result.data;
}
