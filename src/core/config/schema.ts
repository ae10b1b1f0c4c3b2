import { z } from "../zod/zod-lib.js";
import { isKnownLocale, isTimeZone } from "../brand-time.js";
import { channelOverrideSchema } from "../channels/registry.js";
import { notifySchema } from "../notify/config.js";
import { durationSchema, idSchema, languageSchema, severitySchema, targetsSchema } from "../playbook/schema.js";

const phraseList = z
  .array(z.string().min(1))
  .optional()
  .describe(
    'Phrases in the linter\'s phrase language: words in order, "stem*" for any ending, "a|b" for either, "..." for up to four other words, "(word)" for an optional word, " & " to join parts that may come in any order within a sentence.',
  );

/** crisis.config.yaml: the brand's facts, so templates are pre-filled during a crisis. */
export const configSchema = z
  .strictObject({
    brand: z
      .strictObject({
        name: z.string().min(1).optional().describe("The brand's name as used in public messages."),
        handles: z
          .record(idSchema, z.string().min(1))
          .optional()
          .describe("Official accounts by channel id, e.g. { x: '@acme', instagram: '@acme' }."),
        support_contact: z
          .string()
          .min(1)
          .optional()
          .describe("Where customers get help: an address, a URL or a phone number."),
        media_contact: z.string().min(1).optional().describe("Where journalists are sent."),
        hub_url: z
          .url({ protocol: /^https?$/, error: "expected an http:// or https:// address" })
          .optional()
          .describe("The crisis hub, status page or newsroom page every message links to."),
        status_page_url: z
          .url({ protocol: /^https?$/, error: "expected an http:// or https:// address" })
          .optional()
          .describe("The status page, if separate from the hub."),
        locale: languageSchema
          .refine(isKnownLocale, "expected a language tag Intl knows, such as en, da or da-DK")
          .optional()
          .describe(
            "The language the brand's messages are written in (en, da, da-DK …): templates in that language are used where they exist (holding-statement.da.txt), times in messages are written in it, and the linter's wording rules use it; a template's own \"language:\" wins. Default: en.",
          ),
        timezone: z
          .string()
          .refine(isTimeZone, "expected an IANA time zone such as Europe/Copenhagen, America/New_York or UTC")
          .optional()
          .describe(
            "The time zone the brand's audience lives in (IANA, e.g. Europe/Copenhagen): times in public messages are written in it. Default: UTC. The journal always keeps UTC.",
          ),
      })
      .optional()
      .describe("The brand's facts."),
    incidents_dir: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Where incidents are recorded, relative to this file. Default: incidents. It must lie inside the repository (symbolic links resolved) unless incidents_outside_repository is true.",
      ),
    incidents_outside_repository: z
      .boolean()
      .optional()
      .describe(
        "true to let incidents_dir lead outside the repository that holds this file (an absolute path, ../, or a symbolic link). Default: false, and crisis refuses such a folder.",
      ),
    followups: z
      .strictObject({
        github: z
          .strictObject({
            repo: z
              .string()
              .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "expected owner/name, e.g. acme/comms")
              .describe("The repository the issues are opened in, as owner/name."),
            token_env: z
              .string()
              .regex(/^[A-Z_][A-Z0-9_]*$/, "expected an environment variable name such as GITHUB_TOKEN")
              .optional()
              .describe("The environment variable holding the token (never the token itself). Default: GITHUB_TOKEN."),
            api_url: z
              .url()
              .optional()
              .describe("The API's address, for GitHub Enterprise Server. Default: https://api.github.com."),
            labels: z
              .array(z.string().min(1))
              .optional()
              .describe("Labels for every issue opened, besides the action's type. Default: crisis-follow-up."),
          })
          .optional()
          .describe("crisis postmortem --issues opens one GitHub issue per action item here."),
      })
      .optional()
      .describe("Where the post-mortem's action items go once they leave the document."),
    playbook_dirs: z
      .array(z.string().min(1))
      .optional()
      .describe("Extra playbook folders, relative to this file; they override bundled playbooks with the same id."),
    template_dirs: z
      .array(z.string().min(1))
      .optional()
      .describe("Extra template folders, relative to this file; they override bundled templates."),
    channels: z
      .record(idSchema, channelOverrideSchema)
      .optional()
      .describe("Channel overrides (e.g. x: { limit: 25000 } for a Premium account) and new channels."),
    baselines: z
      .strictObject({
        mentions_per_hour: z.number().positive().optional().describe("Normal mentions per hour."),
        negative_share: z
          .number()
          .min(0)
          .max(100)
          .optional()
          .describe("Normal share of negative mentions, in percent."),
      })
      .optional()
      .describe("The brand's normal levels, used to score velocity and sentiment."),
    targets: z
      .partialRecord(severitySchema, targetsSchema.partial())
      .optional()
      .describe("Response targets that override the playbooks', per severity."),
    lint: z
      .strictObject({
        max_review_age: durationSchema
          .optional()
          .describe('Warn when last_reviewed is older than this (default "180d").'),
        rules: z
          .record(z.string(), z.enum(["error", "warning", "info", "off"]))
          .optional()
          .describe("Rule severities by rule id (or category/* for a whole category): error, warning, info, or off."),
        phrases: z
          .record(
            languageSchema,
            z.strictObject({
              non_apology: phraseList.describe("More non-apologies to flag (hygiene/non-apology)."),
              eta_promise: phraseList.describe("More promises of a fix time to flag (hygiene/eta-promise)."),
              no_comment: phraseList.describe('More ways of saying "no comment" to flag (hygiene/no-comment).'),
              allow: phraseList.describe("Wording that is never flagged, even when a phrase above matches it."),
            }),
          )
          .optional()
          .describe("Extra wording for the hygiene rules, by language (en, da …), added to the bundled phrases."),
      })
      .optional()
      .describe("Settings for crisis lint."),
    sync: z
      .strictObject({
        remote: z
          .string()
          .min(1)
          .describe(
            "Where crisis sync exchanges incidents: a git URL or path (a private repository is wise: incidents can hold personal data), or the name of a remote of the repository that holds this file (origin).",
          ),
        interval_seconds: z
          .number()
          .int()
          .min(1)
          .max(3600)
          .optional()
          .describe(
            "How often crisis start syncs while it waits for an approval from another machine, in seconds (default 5).",
          ),
      })
      .optional()
      .describe(
        "Team sync over git (docs/team.md): incidents travel under refs/crisis/incidents/<id>, never on branches.",
      ),
    notify: notifySchema.optional(),
  })
  .describe("Configuration for crisis, found by walking up from the working folder.");

export type Config = z.infer<typeof configSchema>;
