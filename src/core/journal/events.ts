import { z } from "../zod/zod-lib.js";
import { ACTION_KINDS, JOURNAL_VERSION, POSTMORTEM_STATUSES, RETRO_SECTIONS } from "./constants.js";
import { NOTIFY_EVENTS } from "../notify/kinds.js";
import { MILESTONES, severitySchema, targetsSchema } from "../playbook/schema.js";

/**
 * The journal format: one JSON object per line in incidents/<id>/journal.jsonl, appended and
 * flushed, never rewritten. Every line carries the format version, a sequence number, the time
 * the thing happened (`at`, UTC ISO-8601), when it was written (`logged_at`), who did it and the
 * event type with its data. docs/journal.md documents it; schema/journal.schema.json is generated
 * from these schemas.
 */

/** The version new lines are written in (constants.ts). Version 1 lines (no id, replica or clock) are still read. */
export { JOURNAL_VERSION };

/** What a v2 line adds so that journals of several machines merge (docs/journal.md, "Merging"). */
const mergeFields = {
  id: z
    .string()
    .regex(/^[0-9a-z]{16,64}$/)
    .optional()
    .describe("Globally unique event id (v2; a v1 line's is derived from the sha256 of the line)."),
  replica: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe("The replica (machine and incidents folder) that wrote it: <host>.<4 characters>; v1 for v1 lines."),
  clock: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("Lamport clock: one more than the highest clock the writer had seen. Events fold in (clock, id) order."),
  supersedes: z
    .string()
    .optional()
    .describe("For a register (severity, a role's holder, resolution): the id of the write it replaces."),
};

const iso = z.iso.datetime({ offset: false }).describe("UTC ISO-8601 time ending in Z.");
const answerValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);

const stamps = z
  .array(z.object({ by: z.string(), role: z.string(), at: z.string(), sha256: z.string() }))
  .describe("Advance approvals of the template (who, as which role, when, the template text's sha256).");

const ev = <T extends string, D extends z.ZodRawShape>(type: T, data: D, description: string) =>
  z
    .object({
      v: z.union([z.literal(1), z.literal(JOURNAL_VERSION)]).describe("Journal format version."),
      ...mergeFields,
      seq: z.number().int().nonnegative().describe("Position in this journal file, from 0 (local, informational)."),
      at: iso.describe("When it happened (UTC); may be earlier than logged_at, e.g. a note --at -15m."),
      logged_at: iso.describe("When the line was written (UTC)."),
      actor: z.string().min(1).describe("Who did it: a person's name, or crisis for automatic events."),
      type: z.literal(type),
      data: z.object(data),
    })
    .describe(description);

export const journalEventSchema = z.discriminatedUnion("type", [
  ev(
    "incident_opened",
    {
      incident_id: z.string(),
      title: z.string(),
      playbook: z.object({
        id: z.string(),
        version: z.string(),
        title: z.string(),
        crisis_type: z.string(),
        spine: z.string().optional(),
        source: z.enum(["bundled", "local"]).optional(),
      }),
      drill: z.boolean(),
      brand: z.string().optional(),
      host: z.string().optional().describe("The machine the incident was opened on (v2)."),
      targets: z
        .partialRecord(severitySchema, targetsSchema)
        .optional()
        .describe(
          "The response targets in effect when the incident opened (config over playbook), so the post-mortem judges by them.",
        ),
      baselines: z
        .object({
          mentions_per_hour: z.number().positive().optional(),
          negative_share: z.number().min(0).max(100).optional(),
        })
        .optional()
        .describe("The brand's normal levels when the incident opened, for the post-mortem's recovery metrics."),
      roles: z
        .array(z.object({ id: z.string(), title: z.string() }))
        .optional()
        .describe(
          "The playbook's roles and their titles. Written with contain by crisis start, so the post-mortem needs no playbook.",
        ),
      contain: z
        .object({ step: z.string(), target: z.string() })
        .optional()
        .describe(
          "The target for pausing content: the step whose prompt marks content_paused, and its target (absent when no step has one).",
        ),
    },
    "The first line of every journal.",
  ),
  ev("declared", { severity: severitySchema }, "The crisis was declared."),
  ev(
    "replica_joined",
    { host: z.string().describe("The machine's name.") },
    "A replica (another machine) wrote its first event in this incident; the line's actor is its person.",
  ),
  ev(
    "milestone",
    { name: z.enum(MILESTONES), step: z.string().optional(), estimated: z.boolean().optional() },
    "A milestone: impact began, detected, content paused, mitigated …",
  ),
  ev("role_assigned", { role: z.string(), person: z.string() }, "A person took a role (or handed it over)."),
  ev(
    "severity_scored",
    {
      scores: z.record(z.string(), z.number()),
      overrides: z.array(z.string()),
      computed: severitySchema,
      reasons: z.array(z.string()),
    },
    "The scoring questions were answered; computed is what the scores give.",
  ),
  ev(
    "severity_changed",
    { from: severitySchema.nullable(), to: severitySchema, reason: z.string() },
    "Severity set or changed.",
  ),
  ev("step_started", { step: z.string(), phase: z.string(), index: z.number().int() }, "A step was shown."),
  ev(
    "step_completed",
    {
      step: z.string(),
      again: z.boolean().optional().describe("The responder chose to go through this (repeating) step once more."),
    },
    "A step was finished.",
  ),
  ev(
    "step_skipped",
    { step: z.string(), reason: z.string(), by: z.enum(["condition", "responder"]) },
    "A step was skipped.",
  ),
  ev("went_back", { from: z.string(), to: z.string() }, "The responder went back to an earlier step."),
  ev("answer", { step: z.string(), prompt: z.string(), value: answerValue }, "A prompt was answered."),
  ev(
    "checklist",
    { step: z.string(), item: z.number().int(), text: z.string(), done: z.boolean() },
    "A checklist item was ticked or left open.",
  ),
  ev(
    "draft_created",
    {
      step: z.string(),
      template: z.string(),
      channel: z.string(),
      text: z.string(),
      hash: z.string().describe("sha256 of the text, hex."),
      revision: z.number().int().positive(),
      edited: z.boolean(),
      audience: z
        .enum(["public", "internal", "private"])
        .optional()
        .describe("Who reads the message (from the template)."),
      next_update_due: iso.optional().describe("The next-update time this text promises, when it promises one."),
      preapproved: stamps
        .optional()
        .describe("The text is exactly what a template approved in advance renders: its stamps."),
    },
    "A message was drafted (or redrafted, or edited).",
  ),
  ev(
    "approval_requested",
    {
      hash: z.string(),
      roles: z
        .array(z.string())
        .describe("Roles that must approve; empty when the text needs no approval and was accepted as is."),
      step: z.string().optional(),
      template: z.string().optional(),
      preapproved: stamps
        .optional()
        .describe(
          "The text is the render of a template approved in advance: the stamps that made it so (only the lead confirms it).",
        ),
    },
    "The drafter accepted an exact text and asked for the approvals it needs.",
  ),
  ev("approved", { hash: z.string(), role: z.string(), by: z.string() }, "A role approved an exact text."),
  ev("rejected", { hash: z.string(), role: z.string(), by: z.string(), reason: z.string() }, "A role rejected a text."),
  ev(
    "published",
    {
      hash: z.string(),
      channel: z.string(),
      template: z.string(),
      url: z.string().optional(),
      audience: z.enum(["public", "internal", "private"]),
      next_update_due: iso.nullable().describe("When the next public update was promised."),
      kind: z
        .string()
        .optional()
        .describe(
          "The template's kind: only holding and update messages set the next-update promise, and final messages end it.",
        ),
    },
    "A message was published.",
  ),
  ev(
    "message_skipped",
    {
      step: z.string(),
      template: z.string(),
      channels: z
        .array(z.string())
        .describe("The channels not published on; all of the message's channels when it was skipped entirely."),
      reason: z.string(),
    },
    "A drafted message (or one channel of it) was deliberately not published.",
  ),
  ev("cadence_missed", { due: iso }, "A promised update time passed without an update."),
  ev(
    "input",
    {
      key: z.string().describe("The question's key, e.g. message.data-breach/holding-short.approve.legal."),
      value: answerValue,
    },
    "An answer to a question whose own event comes with a later answer (a choice before its follow-up question); kept so a resume does not ask it again.",
  ),
  ev(
    "decision",
    {
      what: z.string(),
      why: z.string(),
      alternatives: z.string().optional(),
      step: z.string().optional().describe("The step being worked on, if any."),
    },
    "A decision, with its reason.",
  ),
  ev(
    "note",
    { text: z.string(), step: z.string().optional().describe("The step being worked on, if any.") },
    "A free note for the timeline; a TODO: prefix marks a follow-up.",
  ),
  ev(
    "metric_snapshot",
    {
      mentions_per_hour: z.number().nonnegative().optional(),
      negative_share: z.number().min(0).max(100).optional(),
      media_pickups: z.number().int().nonnegative().optional(),
      support_tickets: z.number().int().nonnegative().optional(),
      hour: iso
        .optional()
        .describe(
          "Imported by crisis checkin --from: the start of the hour whose mentions this counts (one check-in per hour).",
        ),
      source: z.string().max(300).optional().describe("Imported: the export file and its layout."),
    },
    "A check-in on the conversation's size and tone.",
  ),
  ev(
    "media_enquiry",
    {
      outlet: z.string().min(1).describe("The publication, programme or channel (an influencer's handle counts)."),
      reporter: z.string().optional().describe("Who asked."),
      question: z.string().describe("What they asked."),
      deadline: iso.optional().describe("Their deadline."),
      status: z
        .enum(["open", "answered", "declined"])
        .describe("Recorded again with the same outlet and reporter to update it."),
      response: z.string().optional().describe("What we said, or why we did not answer."),
    },
    "A media or influencer enquiry; the latest record for an outlet and reporter is its state.",
  ),
  ev(
    "spokesperson_appearance",
    {
      spokesperson: z.string().min(1),
      outlet: z.string().min(1),
      format: z.enum(["interview", "statement", "briefing", "press-conference", "other"]),
      summary: z.string().optional().describe("What was said, in a line."),
    },
    "The spokesperson spoke on the record.",
  ),
  ev(
    "stakeholder_notice",
    {
      stakeholder: z
        .string()
        .min(1)
        .describe("Who was told: staff, customers, regulator, board, partners, investors …"),
      channel: z.string().optional().describe("How: e-mail, call, meeting, portal …"),
      summary: z.string().optional().describe("What they were told, in a line."),
    },
    "A stakeholder group was informed (beyond the messages the runner published).",
  ),
  ev(
    "evidence",
    {
      link: z.string().min(1).describe("A URL, or a path in the incident folder (a screenshot, an export)."),
      description: z.string().min(1),
    },
    "Evidence for the post-mortem: a screenshot, an archived post, a listening export.",
  ),
  ev(
    "business_impact",
    {
      customers_affected: z.number().int().nonnegative().optional(),
      revenue: z.string().optional().describe("Revenue lost or at risk, as the finance team states it."),
      costs: z.string().optional().describe("Refunds, compensation, overtime, agencies …"),
      other: z.string().optional().describe("Churn, cancelled deals, share price, regulatory exposure …"),
    },
    "The business impact, for the post-mortem (every field optional; the latest value of each field wins).",
  ),
  ev("exit_criterion", { id: z.string(), text: z.string(), met: z.boolean() }, "An exit criterion was checked."),
  ev(
    "session_paused",
    {
      step: z.string().optional(),
      how: z.enum(["paused", "interrupted"]).optional().describe("paused: the pause action; interrupted: Ctrl+C."),
    },
    "The responder paused; the incident can be resumed.",
  ),
  ev("session_resumed", { step: z.string().optional() }, "Work on the incident resumed."),
  ev("resolved", { summary: z.string().optional() }, "The crisis was declared over."),
  ev(
    "retro_item",
    {
      section: z.enum(RETRO_SECTIONS),
      text: z.string(),
    },
    "A retrospective finding for the post-mortem.",
  ),
  ev(
    "action_item",
    {
      action: z.string(),
      issue_url: z.string().optional().describe("The tracker issue opened for it (crisis postmortem --issues)."),
      kind: z.enum(ACTION_KINDS),
      owner: z.string().optional(),
      due: z.iso.date().optional(),
    },
    "A follow-up action from the retrospective.",
  ),
  ev(
    "notification_attempt",
    {
      key: z.string().min(1).max(400).describe("The notification's idempotency key: <source>/<route>."),
      route: z.string().min(1).describe("The route's name in the config's notify.routes."),
      kind: z.enum(NOTIFY_EVENTS).describe("What it told of."),
      source: z
        .string()
        .min(1)
        .describe("The id of the event it told of, or update_due@<time> for an update about to be due."),
      attempt: z.number().int().positive().describe("1 for the first attempt at this key, then 2, 3 …"),
      outcome: z.enum(["delivered", "failed"]),
      status: z.number().int().optional().describe("The HTTP status the receiver answered, if it answered."),
      error: z.string().max(500).optional().describe("Why it failed: the status, a timeout, a refused connection."),
      retry: z
        .boolean()
        .describe("After a failure: true if it is tried again (now, or by the next command), false if given up."),
    },
    "A webhook notification was attempted (crisis notify; docs/notifications.md).",
  ),
  ev("postmortem_status", { status: z.enum(POSTMORTEM_STATUSES) }, "The post-mortem's review status."),
]);

/** A line as written: v1 lines lack id, replica and clock. */
export type JournalLine = z.infer<typeof journalEventSchema>;
/** An event as read: a v1 line gets its derived id, replica "v1" and clock seq + 1. */
export type JournalEvent = JournalLine & { id: string; replica: string; clock: number };
export type EventType = JournalEvent["type"];
type EventOf<T extends EventType> = Extract<JournalEvent, { type: T }>;
export type EventData<T extends EventType> = EventOf<T>["data"];
