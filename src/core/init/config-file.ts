import { stringify } from "yaml";
import type { Config } from "../config/schema.js";
import { SEVERITIES, type Severity, type Targets } from "../playbook/schema.js";
import { DEFAULT_INCIDENTS_DIR, LOCAL_PLAYBOOKS_DIR, LOCAL_TEMPLATES_DIR } from "./choices.js";

export interface ConfigFileContext {
  /** The config JSON Schema, relative to the config file (for the yaml-language-server comment). */
  schemaPath: string;
  /** The bundled spine's targets, shown as the example under targets when the team sets none. */
  spineTargets: Partial<Record<Severity, Targets>>;
}

const scalar = (value: string | number): string => stringify(value, { lineWidth: 0 }).trimEnd();

/** A field that is set, or the same field commented out with an example, so every option is discoverable. */
function field(indent: string, key: string, value: string | number | undefined, example: string | number): string {
  return value === undefined ? `${indent}# ${key}: ${scalar(example)}` : `${indent}${key}: ${scalar(value)}`;
}

function block(lines: readonly string[], on: boolean): string[] {
  return on ? [...lines] : lines.map((l) => `# ${l}`);
}
function brandSection(brand: NonNullable<Config["brand"]>): string[] {
  const handles = Object.entries(brand.handles ?? {});
  const set = Object.values(brand).some((v) => v !== undefined);
  return [
    "# The brand's facts. Message templates use them ({{brand}}, {{handles}}, {{handle_x}}, {{support_contact}},",
    "# {{media_contact}}, {{hub_url}}, {{status_page_url}}), so drafts are ready to send instead of full of [placeholders].",
    set ? "brand:" : "# brand:",
    "  # The brand's name as used in public messages.",
    field("  ", "name", brand.name, "Acme"),
    "  # Official accounts by channel id (x, bluesky, instagram, threads, mastodon, linkedin, tiktok, ...).",
    ...(handles.length > 0
      ? ["  handles:", ...handles.map(([ch, h]) => `    ${ch}: ${scalar(h)}`)]
      : ["  # handles:", '  #   x: "@acme"', '  #   instagram: "@acme"']),
    "  # Where customers get help: an address, a URL or a phone number.",
    field("  ", "support_contact", brand.support_contact, "help@acme.example"),
    "  # Where journalists are sent.",
    field("  ", "media_contact", brand.media_contact, "press@acme.example"),
    "  # The crisis hub, status page or newsroom page every message links to.",
    field("  ", "hub_url", brand.hub_url, "https://acme.example/updates"),
    "  # The status page, if it is not the hub (templates fall back to hub_url).",
    field("  ", "status_page_url", brand.status_page_url, "https://status.acme.example"),
    "  # The language your messages are written in (en, da, da-DK ...): templates in it (name.da.txt) are used",
    "  # where they exist, times in messages are written in it, and crisis lint's wording checks use it.",
    field("  ", "locale", brand.locale, "en"),
    "  # The time zone your audience lives in (Europe/Copenhagen, America/New_York ...): times in messages use it.",
    field("  ", "timezone", brand.timezone, "UTC"),
  ];
}

function targetsSection(config: Config, spine: ConfigFileContext["spineTargets"]): string[] {
  const own = config.targets;
  const source = own ?? spine;
  const rows = SEVERITIES.flatMap((sev) => {
    const t = source[sev];
    if (!t) return [];
    const parts = [
      t.first_response && `first_response: ${t.first_response}`,
      t.update_interval && `update_interval: ${t.update_interval}`,
    ].filter(Boolean);
    return [`  ${sev}: { ${parts.join(", ")} }`];
  });
  const example = rows.length > 0 ? rows : ["  SEV1: { first_response: 30m, update_interval: 30m }"];
  return [
    "# Response targets per severity; they replace the playbooks' own. first_response: the first public",
    "# response, counted from the declaration. update_interval: the longest gap between public updates.",
    ...(own ? [] : ["# The values below are the bundled playbooks' defaults."]),
    ...block(["targets:", ...example], own !== undefined),
  ];
}

function otherSection(
  key: "channels" | "lint" | "followups" | "sync" | "notify",
  value: unknown,
  example: string[],
): string[] {
  if (value === undefined) return example.map((l) => `# ${l}`);
  return stringify({ [key]: value }, { lineWidth: 0 })
    .trimEnd()
    .split("\n");
}

/** crisis.config.yaml, with a comment on every field and the unused ones shown commented out. */
export function renderConfigFile(config: Config, context: ConfigFileContext): string {
  const baselines = config.baselines ?? {};
  const hasBaselines = baselines.mentions_per_hour !== undefined || baselines.negative_share !== undefined;
  const lines = [
    `# yaml-language-server: $schema=${context.schemaPath}`,
    "# Configuration for crisis. Every field is optional; paths are relative to this file.",
    `# Reference: ${context.schemaPath.replace(/schema\/config\.schema\.json$/, "docs/configuration.md")}, or \`crisis schema --for config\`.`,
    "",
    ...brandSection(config.brand ?? {}),
    "",
    "# Where incidents are recorded: one folder per incident with its journal, incident log and post-mortem.",
    `incidents_dir: ${scalar(config.incidents_dir ?? DEFAULT_INCIDENTS_DIR)}`,
    "# crisis refuses an incidents_dir outside this repository (absolute, ../ or a symbolic link) unless this is true.",
    config.incidents_outside_repository === true
      ? "incidents_outside_repository: true"
      : "# incidents_outside_repository: false",
    "",
    "# Your playbook folders, read after the bundled playbooks: a playbook with the same id replaces the bundled one.",
    "playbook_dirs:",
    ...(config.playbook_dirs ?? [LOCAL_PLAYBOOKS_DIR]).map((d) => `  - ${scalar(d)}`),
    "# Your template folders (message templates under messages/<group>/<name>.txt); the same id replaces the bundled one.",
    "template_dirs:",
    ...(config.template_dirs ?? [LOCAL_TEMPLATES_DIR]).map((d) => `  - ${scalar(d)}`),
    "",
    "# The brand's normal levels, used to score how far a crisis is above normal when rating severity.",
    hasBaselines ? "baselines:" : "# baselines:",
    "  # Mentions per hour on a normal day.",
    field("  ", "mentions_per_hour", baselines.mentions_per_hour, 40),
    "  # Share of negative mentions on a normal day, in percent.",
    field("  ", "negative_share", baselines.negative_share, 12),
    "",
    ...targetsSection(config, context.spineTargets),
    "",
    "# Channel limits: change a built-in channel (e.g. a Premium X account) or add your own.",
    ...otherSection("channels", config.channels, [
      "channels:",
      "  x: { limit: 25000 }",
      "  intranet: { label: Intranet news, limit: null, counting: code-points, public: false }",
    ]),
    "",
    "# Where the post-mortem's action items go: crisis postmortem --issues opens one GitHub issue each. The token is",
    "# read from the environment variable named in token_env (default GITHUB_TOKEN), never from this file.",
    ...otherSection("followups", config.followups, [
      "followups:",
      "  github: { repo: acme/comms, labels: [crisis-follow-up] }",
    ]),
    "",
    "# Settings for crisis lint: how old a playbook review may get, and rule severities (error, warning, info, off).",
    ...otherSection("lint", config.lint, [
      "lint:",
      "  max_review_age: 180d",
      "  rules:",
      "    hygiene/eta-promise: error",
    ]),
    "",
    "# Team sync (crisis sync, join, approve): a git remote where incidents are exchanged, under their own refs",
    "# (never on branches). A private repository of its own is wise: incidents can hold personal data (docs/team.md).",
    ...otherSection("sync", config.sync, ["sync:", "  remote: git@github.com:acme/crisis-incidents.git"]),
    "",
    "# Notifications (docs/notifications.md): declarations, approvals waiting, updates due or missed, sent to the",
    "# team's chat. Webhook URLs and secrets are read from the environment variables named here, never from this file.",
    ...otherSection("notify", config.notify, [
      "notify:",
      "  routes:",
      "    team-slack: { type: slack, url_env: CRISIS_SLACK_WEBHOOK }",
    ]),
    "",
  ];
  return lines.join("\n");
}
