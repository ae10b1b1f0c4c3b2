import { COMMS_KINDS } from "../incident/comms-kinds.js";
import { z } from "../zod/zod-lib.js";
import { DURATION_HELP, DURATION_PATTERN, MAX_DURATION_TEXT, parseDuration } from "../time.js";
import { CRISIS_TYPES, MILESTONES, PHASES, PROMPT_TYPES, SEVERITIES, TEMPLATE_KINDS } from "./levels.js";

export { MILESTONES, SEVERITIES };

/**
 * The playbook format, defined once. Every type used by the runner, the linter and the
 * post-mortem is inferred from these schemas; docs/playbook-format.md documents each field and
 * `crisis schema` exports them as JSON Schema (descriptions become editor hover text).
 */

export const severitySchema = z.enum(SEVERITIES).describe("Severity level: SEV1 is the most severe, SEV4 a watch.");
export type Severity = z.infer<typeof severitySchema>;

const phaseSchema = z
  .enum(PHASES)
  .describe(
    "Phase of the response: declare (declare and assemble), triage (score severity), contain (pause scheduled content), identify (the cause and facts), map (channels and magnitude), decide (response posture), acknowledge (public response), fix, update (update loop), monitor (monitor and exit), learn (report and learn).",
  );

const crisisTypeSchema = z.enum(CRISIS_TYPES).describe("The kind of crisis this playbook handles.");

export const idSchema = z
  .string()
  .regex(/^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/, "expected a lower-case id such as holding-statement or data_categories")
  .max(64);

/** Prompt ids become template variables, so they follow variable naming. */
export const variableNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, "expected a snake_case name such as affected_users")
  .max(64);

/** A language tag such as en, da or da-DK: the primary language decides which phrases the linter uses. */
export const languageSchema = z
  .string()
  .regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, "expected a language tag such as en, da or da-DK")
  .describe("A language tag such as en, da or da-DK.");

export const durationSchema = z
  .string()
  .regex(DURATION_PATTERN, DURATION_HELP)
  .refine((text) => parseDuration(text) !== undefined, DURATION_HELP)
  .describe(`A duration: minutes, hours or days, e.g. "30m", "2h", "3d"; more than 0, at most ${MAX_DURATION_TEXT}.`);

const roleIdSchema = idSchema.describe("A role id declared under roles (e.g. lead, approver, legal).");
const channelIdSchema = idSchema.describe("A channel id from the channel registry (e.g. x, bluesky, status-page).");
const templateIdSchema = z
  .string()
  .regex(/^[a-z0-9-]+(?:\/[a-z0-9-]+)+$/, "expected a template id such as data-breach/holding-statement")
  .describe("A message template under templates/messages/, named by its path without the extension.");

const milestoneSchema = z
  .enum(MILESTONES)
  .describe(
    "Records a milestone for the post-mortem: a date-time prompt records it at the answered time, a confirm prompt at the moment it is answered yes.",
  );
export type Milestone = z.infer<typeof milestoneSchema>;

const choiceSchema = z.union([
  z.string().min(1),
  z.strictObject({
    value: z.string().min(1).describe("The value recorded and compared in conditions."),
    label: z.string().optional().describe("What the responder sees; defaults to the value."),
    help: z.string().optional().describe("A line of help shown beside the choice."),
  }),
]);

/** What a prompt's answer tells the runner, by attribute rather than by prompt id, so teams can rename prompts. */
const PROMPT_SETS = ["crisis_channels", "response_channels", "unusable_channels"] as const;
export type PromptSets = (typeof PROMPT_SETS)[number];

const promptSchema = z
  .strictObject({
    id: variableNameSchema.describe(
      "Unique within the playbook; the answer is available to templates as {{id}} and to conditions.",
    ),
    type: z.enum(PROMPT_TYPES).describe("How the answer is asked and validated."),
    question: z.string().min(1).describe("The question, asked as written."),
    help: z
      .string()
      .optional()
      .describe("One or two lines shown under the question: why it matters, where to find the answer."),
    required: z.boolean().default(false).describe("The responder cannot move on without an answer."),
    default: z
      .union([z.string(), z.number(), z.boolean(), z.array(z.string())])
      .optional()
      .describe('Pre-filled answer. For datetime, "now" means the moment the question is asked.'),
    choices: z.array(choiceSchema).min(1).optional().describe("The options of a select or multi-select prompt."),
    validate: z
      .strictObject({
        min: z.number().optional().describe("Smallest number allowed."),
        max: z.number().optional().describe("Largest number allowed."),
        min_length: z.number().int().nonnegative().optional().describe("Shortest text allowed."),
        max_length: z.number().int().positive().optional().describe("Longest text allowed."),
        pattern: z.string().optional().describe("A regular expression the text must match."),
        message: z.string().optional().describe("Shown when the pattern does not match: say what is expected."),
      })
      .optional()
      .describe("Extra checks on the answer."),
    example: z
      .string()
      .optional()
      .describe("A realistic, long answer. The linter renders messages with it to check channel limits."),
    marks: milestoneSchema.optional(),
    sets: z
      .enum(PROMPT_SETS)
      .optional()
      .describe(
        "What the runner learns from this multi-select of channel ids: crisis_channels (where the crisis lives: its messages are offered there first, and the final statement goes back there), response_channels (where we will respond: also offered first), unusable_channels (our own channels that are hijacked or down: never offered for sending, never listed in {{handles}} or linked as the status page).",
      ),
  })
  .describe("A typed question asked during a step.");
export type Prompt = z.infer<typeof promptSchema>;

const messageSchema = z
  .strictObject({
    template: templateIdSchema,
    channels: z
      .array(channelIdSchema)
      .min(1)
      .describe("Where this message is published; each is counted against its channel's limit."),
    approval: z
      .array(roleIdSchema)
      .optional()
      .describe("Roles whose approval this message needs in addition to the severity's approval policy."),
  })
  .describe("A message drafted from a template in this step.");
export type MessageSpec = z.infer<typeof messageSchema>;

const checklistItemSchema = z.union([
  z.string().min(1),
  z.strictObject({
    text: z.string().min(1).describe("What to do, starting with a verb."),
    role: roleIdSchema.optional().describe("Who does it."),
  }),
]);

const conditionSchema = z
  .string()
  .min(1)
  .describe(
    "A condition on earlier answers or on severity, e.g. `severity >= SEV2 and personal_data == true`. Parsed by crisis, never evaluated as code.",
  );

const stepBody = {
  title: z.string().min(1).describe("What the step achieves, in a few words."),
  guidance: z.string().optional().describe("Markdown shown to the responder: what to do and why."),
  checklist: z
    .array(checklistItemSchema)
    .optional()
    .describe("Actions to tick off; unticked items are recorded as open."),
  prompts: z.array(promptSchema).optional().describe("Questions asked in this step."),
  messages: z.array(messageSchema).optional().describe("Messages drafted in this step."),
  records: z
    .array(z.enum(COMMS_KINDS))
    .optional()
    .describe(
      "Entries the step offers to log, one at a time, after its questions: media_enquiry, spokesperson_appearance, stakeholder_notice, evidence (the same as Esc → Log and crisis log).",
    ),
  role: roleIdSchema.optional().describe("The role that owns the step."),
  target: durationSchema
    .or(z.enum(["first-response", "update-interval"]))
    .optional()
    .describe(
      "Time target, counted from the declaration: a duration, or first-response / update-interval to use the severity's response target.",
    ),
  when: conditionSchema.optional(),
  repeat: z
    .boolean()
    .optional()
    .describe("The step repeats (e.g. the update loop): the runner offers it again until the responder moves on."),
};

const stepSchema = z
  .strictObject({
    id: idSchema.describe("Unique within the playbook."),
    phase: phaseSchema,
    ...stepBody,
    after: idSchema
      .optional()
      .describe("Place this step after the spine step with this id (playbooks that extend a spine)."),
    before: idSchema.optional().describe("Place this step before the spine step with this id."),
  })
  .describe("One step of the response.");
export type StepInput = z.infer<typeof stepSchema>;

const stepPatchSchema = z
  .strictObject({
    extend: idSchema.describe(
      "The id of a spine step to extend. Lists (checklist, prompts, messages) are appended; other fields replace.",
    ),
    title: stepBody.title.optional(),
    guidance: stepBody.guidance,
    checklist: stepBody.checklist,
    prompts: stepBody.prompts,
    messages: stepBody.messages,
    records: stepBody.records,
    role: stepBody.role,
    target: stepBody.target,
    when: stepBody.when,
  })
  .describe("Additions to a step inherited from the spine.");
export type StepPatch = z.infer<typeof stepPatchSchema>;

export const roleSchema = z
  .strictObject({
    id: roleIdSchema,
    title: z.string().min(1).describe("The role's name as shown to people."),
    duty: z.string().min(1).describe("What the role is responsible for during the crisis."),
    required_from: severitySchema.optional().describe("The role must be filled at this severity or worse."),
  })
  .describe("A role in the response team.");

const perSeverity = <T extends z.ZodType>(value: T) =>
  z.strictObject({ SEV1: value.optional(), SEV2: value.optional(), SEV3: value.optional(), SEV4: value.optional() });

export const targetsSchema = z
  .strictObject({
    first_response: durationSchema.describe("First public response, counted from the declaration."),
    update_interval: durationSchema.describe("Longest time between public updates."),
  })
  .describe("Response targets for one severity.");
export type Targets = z.infer<typeof targetsSchema>;

const dimensionBase = {
  id: variableNameSchema.describe("Recorded as an answer with this id, so conditions and templates can use it."),
  label: z.string().min(1).describe("Short name shown in the severity explanation."),
  question: z.string().min(1).describe("Asked of the responder when scoring severity."),
  help: z.string().optional().describe("A line of help shown under the question."),
};

const dimensionSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({
      ...dimensionBase,
      kind: z.literal("choice").describe("Answered by picking one of the choices; each carries a score."),
      choices: z
        .array(
          z.strictObject({
            label: z.string().min(1).describe("The answer as shown; recorded as the dimension's answer."),
            score: z.number().int().min(0).max(3).describe("0 (SEV4) to 3 (SEV1)."),
          }),
        )
        .min(2)
        .describe("The possible answers, each with its score."),
    }),
    z.strictObject({
      ...dimensionBase,
      kind: z
        .literal("ratio")
        .describe("A number compared with a baseline from config as a multiple (e.g. mentions per hour)."),
      baseline: z.enum(["mentions_per_hour"]).describe("The config baseline to divide by."),
      thresholds: z
        .tuple([z.number().positive(), z.number().positive(), z.number().positive()])
        .describe("Multiples of the baseline that score 1, 2 and 3."),
    }),
    z.strictObject({
      ...dimensionBase,
      kind: z
        .literal("points")
        .describe("A percentage compared with a baseline from config in points (e.g. negative share)."),
      baseline: z.enum(["negative_share"]).describe("The config baseline to subtract."),
      thresholds: z
        .tuple([z.number(), z.number(), z.number()])
        .describe("Points above the baseline that score 1, 2 and 3."),
    }),
  ])
  .describe("A scoring dimension: each scores 0 to 3 and the worst one sets the level.");
export type Dimension = z.infer<typeof dimensionSchema>;

export const overrideSchema = z
  .strictObject({
    id: variableNameSchema.describe("Recorded as a yes/no answer with this id."),
    question: z.string().min(1).describe("A yes/no question."),
    minimum: severitySchema.describe("A yes forces at least this level."),
    help: z.string().optional().describe("A line of help shown under the question."),
  })
  .describe("A hard override: a yes forces at least the given level, whatever the scores.");

const severityModelSchema = z
  .strictObject({
    dimensions: z.array(dimensionSchema).optional().describe("Scoring dimensions; the worst score sets the level."),
    overrides: z.array(overrideSchema).optional().describe("Hard overrides (safety, personal data, legal exposure)."),
    floor: severitySchema.optional().describe("The least severe level this playbook allows."),
    initial: severitySchema
      .optional()
      .describe(
        "The level the declaration suggests (one key to accept it); the floor when absent. A level below the floor counts as the floor.",
      ),
    levels: perSeverity(z.string().min(1).describe("What this level looks like, in a line."))
      .optional()
      .describe("A one-line description of each level."),
  })
  .describe("How severity is scored.");

export const exitCriterionSchema = z
  .strictObject({
    id: idSchema.describe(
      "Unique within the playbook; a playbook's criterion with a spine criterion's id replaces it.",
    ),
    text: z.string().min(1).describe("A condition to confirm before the crisis is declared over."),
  })
  .describe("One exit criterion.");

const sharedFields = {
  roles: z
    .array(roleSchema)
    .optional()
    .describe("Roles; a playbook's roles are added to the spine's (same id replaces)."),
  approval: perSeverity(z.array(roleIdSchema).min(1).describe("The roles that approve, each in turn."))
    .optional()
    .describe("Which roles must approve a public message at each severity."),
  targets: perSeverity(targetsSchema).optional().describe("Response targets per severity."),
  severity: severityModelSchema.optional(),
  exit_criteria: z.array(exitCriterionSchema).optional().describe("Conditions for ending the crisis."),
};

export const playbookSchema = z
  .strictObject({
    id: idSchema.describe("Unique playbook id, used on the command line (crisis start data-breach)."),
    title: z.string().min(1).describe("Human title."),
    summary: z.string().min(1).describe("When to use this playbook, in a sentence or two."),
    version: z
      .string()
      .regex(/^\d+\.\d+\.\d+$/, 'expected a semantic version such as "1.2.0"')
      .describe("Playbook version, recorded in every incident that uses it."),
    crisis_type: crisisTypeSchema,
    owner: z.string().min(1).describe("Who keeps this playbook current (a team or a person)."),
    last_reviewed: z.iso.date().describe("The date of the last review (YYYY-MM-DD); the linter warns when it is old."),
    extends: idSchema.optional().describe("The id of the spine this playbook builds on (the bundled one is common)."),
    posture: z
      .strictObject({
        default: z.enum(["deny", "diminish", "rebuild"]).describe("The usual response posture for this crisis type."),
        cluster: z
          .enum(["victim", "accidental", "preventable"])
          .describe("How responsible the public is likely to hold the brand."),
        why: z.string().min(1).describe("Why this posture usually fits, shown when the responder chooses it."),
      })
      .describe("The recommended response posture (Coombs' crisis communication theory)."),
    tags: z.array(z.string().describe("A keyword.")).optional().describe("Free-form keywords for search."),
    ...sharedFields,
    steps: z
      .array(z.union([stepSchema, stepPatchSchema]))
      .min(1)
      .describe("Steps, in order; with extends, new steps and patches to spine steps."),
  })
  .describe("A crisis playbook.");
export type PlaybookFile = z.infer<typeof playbookSchema>;

export const spineSchema = z
  .strictObject({
    spine: idSchema.describe("The spine id that playbooks name in extends."),
    title: z.string().min(1).describe("Human title."),
    version: z
      .string()
      .regex(/^\d+\.\d+\.\d+$/, 'expected a semantic version such as "1.2.0"')
      .describe("Spine version, recorded in every incident beside the playbook's."),
    ...sharedFields,
    steps: z.array(stepSchema).min(1).describe("The shared steps, in order."),
  })
  .describe("Steps, roles and models shared by every playbook that extends this spine.");
export type SpineFile = z.infer<typeof spineSchema>;

/** One advance approval of a template's text, written by crisis preapprove; any edit of the text voids it. */
const preapprovalSchema = z
  .strictObject({
    by: z.string().min(1).describe("Who approved the template in advance."),
    role: roleIdSchema.describe("As which role (a role id, e.g. legal)."),
    at: z.iso.date().describe("When (YYYY-MM-DD); crisis lint warns when it is older than lint.max_review_age."),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, "expected the sha256 of the template text, 64 hex digits (crisis preapprove writes it)")
      .describe("The sha256 (hex) of the template text after the front matter, as crisis loads it."),
  })
  .describe("An advance approval of this exact template text.");
export type Preapproval = z.infer<typeof preapprovalSchema>;

/** A message template's front matter. */
export const templateMetaSchema = z.strictObject({
  title: z.string().min(1).describe("What the message is, e.g. Holding statement."),
  kind: z
    .enum(TEMPLATE_KINDS)
    .describe("The message's job; public holding and update messages must promise the next update."),
  audience: z
    .enum(["public", "internal", "private"])
    .describe("Who reads it: the public, staff, or one person or group privately."),
  description: z.string().optional(),
  preapproved: z
    .union([preapprovalSchema, z.array(preapprovalSchema).min(1)])
    .optional()
    .describe(
      "Approved in advance (written by crisis preapprove). A draft rendered from this text with brand facts, runner facts and the one-sentence description only needs just the lead's confirmation.",
    ),
  language: languageSchema
    .optional()
    .describe("The language the message is written in (en, da …); default: the brand's locale in crisis.config.yaml."),
});
export type TemplateMeta = z.infer<typeof templateMetaSchema>;
