import { CrisisError, EXIT } from "../../errors.js";
import { configSchema, type Config } from "../config/schema.js";
import type { Severity, Targets } from "../playbook/schema.js";
import type { GivenChoices } from "./ask.js";

/** crisis init's flags, their values already checked and parsed (commands/init.ts). */
export interface InitFlags {
  brand?: string | undefined;
  /** Official accounts by channel id. */
  handles?: Record<string, string> | undefined;
  supportContact?: string | undefined;
  mediaContact?: string | undefined;
  hubUrl?: string | undefined;
  statusPageUrl?: string | undefined;
  mentionsPerHour?: number | undefined;
  negativeShare?: number | undefined;
  targets?: Partial<Record<Severity, Targets>> | undefined;
  incidentsDir?: string | undefined;
  /** Bundled playbook ids to copy, or all of them. */
  playbooks?: string[] | "all" | undefined;
  spine?: boolean | undefined;
  templates?: boolean | undefined;
  ci?: boolean | undefined;
  editor?: boolean | undefined;
  commitIncidents?: boolean | undefined;
}

/** Flags → the part of the config they set, validated by the config schema itself. */
function configFromFlags(o: InitFlags): Config {
  const brand = {
    name: o.brand,
    handles: o.handles,
    support_contact: o.supportContact,
    media_contact: o.mediaContact,
    hub_url: o.hubUrl,
    status_page_url: o.statusPageUrl,
  };
  const baselines = { mentions_per_hour: o.mentionsPerHour, negative_share: o.negativeShare };
  const raw = {
    ...(Object.values(brand).some((v) => v !== undefined) ? { brand } : {}),
    ...(o.incidentsDir !== undefined ? { incidents_dir: o.incidentsDir } : {}),
    ...(Object.values(baselines).some((v) => v !== undefined) ? { baselines } : {}),
    ...(o.targets !== undefined ? { targets: o.targets } : {}),
  };
  const parsed = configSchema.safeParse(JSON.parse(JSON.stringify(raw)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CrisisError(
      `invalid value for ${issue?.path.join(".") ?? "an option"}: ${issue?.message ?? "not valid"}`,
      EXIT.usage,
      "see crisis init --help",
    );
  }
  return parsed.data;
}

/** What the flags already decide, so init asks only the rest. */
export function givenFromFlags(o: InitFlags, bundledIds: readonly string[]): GivenChoices {
  const playbooks = o.playbooks === "all" ? [...bundledIds] : o.playbooks;
  return {
    config: configFromFlags(o),
    ...(playbooks !== undefined ? { playbooks } : {}),
    ...(o.spine !== undefined ? { spine: o.spine } : {}),
    ...(o.templates !== undefined ? { templates: o.templates } : {}),
    ...(o.ci !== undefined ? { ci: o.ci } : {}),
    ...(o.editor !== undefined ? { editor: o.editor } : {}),
    ...(o.commitIncidents !== undefined ? { commitIncidents: o.commitIncidents } : {}),
  };
}
