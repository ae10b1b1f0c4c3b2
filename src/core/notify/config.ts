import { z } from "../zod/zod-lib.js";
import { idSchema, severitySchema } from "../playbook/schema.js";
import { NOTIFY_EVENTS } from "./kinds.js";

/**
 * notify: in crisis.config.yaml. Webhook addresses and signing secrets are secrets (a Slack or
 * Teams webhook URL lets anyone post to the channel), so the file names the environment variables
 * that hold them and never holds them itself: a URL or a secret written here is a config error.
 */

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

const envName = (what: string, example: string) =>
  z
    .string()
    .regex(
      ENV_NAME,
      `expected the name of the environment variable that holds the ${what} (such as ${example}): the ${what} itself is a secret and never goes in this file`,
    );

const common = {
  url_env: envName("webhook URL", "CRISIS_SLACK_WEBHOOK").describe(
    "The environment variable holding the webhook URL (the URL is a secret: never write it in this file).",
  ),
  events: z
    .array(z.enum(NOTIFY_EVENTS))
    .min(1)
    .optional()
    .describe(`The events sent to this route (default: all): ${NOTIFY_EVENTS.join(", ")}.`),
  min_severity: severitySchema
    .optional()
    .describe("Only incidents at this severity or more severe (SEV1 is the most severe). Default: every severity."),
  drills: z.boolean().optional().describe("Whether drills are sent too, marked DRILL (default true)."),
};

const routeSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("slack").describe("A Slack incoming webhook: Block Kit with a text fallback."),
    ...common,
  }),
  z.strictObject({
    type: z
      .literal("teams")
      .describe("A Microsoft Teams workflow (When a Teams webhook request is received): an Adaptive Card."),
    ...common,
  }),
  z.strictObject({
    type: z
      .literal("webhook")
      .describe("A JSON POST signed with HMAC-SHA256 (docs/notifications.md says how to verify it)."),
    ...common,
    url_env: envName("webhook URL", "CRISIS_HOOK_URL").describe("The environment variable holding the receiver's URL."),
    secret_env: envName("signing secret", "CRISIS_HOOK_SECRET").describe(
      "The environment variable holding the HMAC-SHA256 signing secret shared with the receiver.",
    ),
  }),
]);

export const notifySchema = z
  .strictObject({
    routes: z
      .record(idSchema, routeSchema)
      .describe("Where notifications go, by route name (used by crisis notify test <route>)."),
    update_due_minutes: z
      .number()
      .int()
      .min(1)
      .max(240)
      .optional()
      .describe("How long before a promised public update the update_due notification goes out (default 10)."),
    timeout_seconds: z
      .number()
      .min(0.1)
      .max(30)
      .optional()
      .describe("How long one delivery attempt may take before it counts as failed (default 5)."),
    attempts: z
      .number()
      .int()
      .min(1)
      .max(10)
      .optional()
      .describe("Delivery attempts per sending run, with backoff (default 4); the next crisis command tries again."),
    backoff_seconds: z
      .number()
      .min(0.05)
      .max(60)
      .optional()
      .describe("The first wait between attempts, doubled each time (default 2)."),
  })
  .describe(
    "Notifications to the crisis team's chat and tools (docs/notifications.md). Secrets come from the environment.",
  );

export type NotifyConfig = z.infer<typeof notifySchema>;
export type NotifyRoute = NotifyConfig["routes"][string];
