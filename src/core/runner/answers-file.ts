import { z } from "../zod/zod-lib.js";
import { InputError } from "../../errors.js";
import { idSchema, severitySchema, variableNameSchema } from "../playbook/schema.js";
import { validate } from "../yaml/validate.js";
import { nodeAt, locate, parseYaml, type ParsedYaml } from "../yaml/parse.js";

/**
 * The answers file for crisis start --answers: everything a responder would type, as data, for
 * drills, tests and scripted runs. docs/start.md documents it with an example.
 */

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const messageAnswersSchema = z
  .strictObject({
    skip: z.string().min(1).optional().describe("Do not send this message; the reason is recorded."),
    text: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Replace the drafted text with this one (for every channel); {{next_update_time}} and the other template variables are filled in.",
      ),
    promise_at: z
      .string()
      .optional()
      .describe(
        "When the text (a holding statement or update) states a next-update time crisis cannot read: the time it promises (UTC).",
      ),
    over_limit: z.literal("accept").optional().describe("Accept a text that is over a channel's limit."),
    again: z
      .boolean()
      .optional()
      .describe("On a repeated step: draft this message again (default: yes on repeating steps)."),
    approve: z
      .union([z.literal(true), z.record(idSchema, z.union([z.literal(true), z.string().min(1)]))])
      .optional()
      .describe("true: every required role approves, as the person holding it; or role: true | the approver's name."),
    publish: z
      .union([
        z.literal(true),
        z.record(
          idSchema,
          z.union([
            z.boolean(),
            z.string().min(1),
            z.strictObject({
              url: z.string().optional(),
              at: z.string().optional(),
              skip: z.string().min(1).optional(),
            }),
          ]),
        ),
      ])
      .optional()
      .describe("true: published on every channel now; or channel: true | false | URL | { url, at, skip }."),
  })
  .describe("What to do with one message template's drafts.");

const answersFileSchema = z
  .strictObject({
    playbook: idSchema.optional().describe("The playbook id, when not given on the command line."),
    title: z.string().min(1).optional(),
    detected_at: z.string().optional().describe("When it was noticed: now, -15m, 14:05 (UTC) or an ISO time."),
    impact_started_at: z.string().optional().describe("Best estimate of when it began; defaults to detected_at."),
    roles: z.record(idSchema, z.string().min(1)).optional().describe("People by role id; lead is required."),
    severity: z
      .strictObject({
        answers: z
          .record(variableNameSchema, scalar)
          .optional()
          .describe("Scoring questions by dimension or override id."),
        level: severitySchema.optional().describe("Use this level instead of the computed one."),
        reason: z.string().optional().describe("Why, when level differs from the computed level."),
      })
      .optional(),
    prompts: z
      .record(variableNameSchema, z.union([scalar, z.array(z.string())]))
      .optional()
      .describe("Step prompts by prompt id."),
    checklist: z
      .record(idSchema, z.union([z.boolean(), z.array(z.union([z.number().int().positive(), z.string().min(1)]))]))
      .optional()
      .describe("By step id: true (all done), false (all open) or the done items by number (from 1) or text."),
    messages: z
      .record(z.string(), messageAnswersSchema)
      .optional()
      .describe('By template id; "*" sets defaults for every message.'),
    steps: z
      .record(
        idSchema,
        z.strictObject({ skip: z.string().min(1).optional(), repeat: z.number().int().min(1).max(50).optional() }),
      )
      .optional()
      .describe("By step id: skip (with the reason) or repeat (how many passes of a repeating step)."),
    resolve: z
      .union([
        z.literal(false),
        z.strictObject({
          exit_criteria: z.union([z.boolean(), z.record(idSchema, z.boolean())]).optional(),
          anyway: z.boolean().optional().describe("Resolve even if some exit criteria are not met."),
          summary: z.string().optional(),
        }),
      ])
      .optional()
      .describe("At the end: resolve (checking the exit criteria), or false / absent to leave the incident open."),
  })
  .describe("Answers for crisis start --answers.");

export type AnswersFile = z.infer<typeof answersFileSchema>;

export interface LoadedAnswers {
  file: string;
  answers: AnswersFile;
  parsed: ParsedYaml;
}

/** Parses and checks an answers file; every problem is reported as file:line:column. */
export function parseAnswers(text: string, file: string): LoadedAnswers {
  const parsed = parseYaml(text, file);
  if (parsed.problems.length > 0)
    throw new InputError(file, parsed.problems, "see docs/start.md for the answers file format");
  const result = validate(answersFileSchema, parsed.value ?? {}, parsed);
  if (!result.ok) throw new InputError(file, result.problems, "see docs/start.md for the answers file format");
  return { file, answers: result.data, parsed };
}

/** The position of the deepest part of a path that exists in the file (where to add the answer). */
export function locateNearest(
  parsed: ParsedYaml,
  path: readonly (string | number)[],
): { line: number; column: number } {
  for (let n = path.length; n > 0; n--) {
    const prefix = path.slice(0, n);
    if (parsed.doc && nodeAt(parsed.doc, prefix).node) return locate(parsed, prefix, "key");
  }
  return { line: 1, column: 1 };
}
