import { z } from "../zod/zod-lib.js";
import { BUILTIN_CHANNELS } from "../channels/registry.js";
import type { Config } from "../config/schema.js";
import { durationSchema, SEVERITIES, type Severity, type Targets } from "../playbook/schema.js";
import type { Prompter } from "../../adapters/terminal/prompter.js";
import type { BundledAssets } from "./assets.js";
import { defaultChoices, type InitChoices } from "./choices.js";

/** Choices already made on the command line; init asks only about the rest. */
export interface GivenChoices extends Partial<Omit<InitChoices, "config">> {
  config: Config;
}

/** --yes: whatever was given, defaults for the rest. */
export function withDefaults(given: GivenChoices): InitChoices {
  const defaults = defaultChoices();
  const pick = <K extends keyof InitChoices>(key: K): InitChoices[K] => (given[key] ?? defaults[key]) as InitChoices[K];
  return {
    config: given.config,
    playbooks: pick("playbooks"),
    spine: pick("spine"),
    templates: pick("templates"),
    ci: pick("ci"),
    editor: pick("editor"),
    commitIncidents: pick("commitIncidents"),
  };
}

/** Stable keys (for scripted prompters) and no Esc menu: init has no actions to offer. */
const q = (key: string) => ({ key: `init.${key}`, escape: "none" as const });
const optional = (text: string): string | undefined => (text.trim() === "" ? undefined : text.trim());
const isUrl = (text: string): true | string =>
  text.trim() === "" ||
  z.url().safeParse(text.trim()).success ||
  "expected a full URL such as https://example.com/updates, or nothing";
const isDuration = (text: string): true | string =>
  durationSchema.safeParse(text.trim()).success || 'expected a duration such as "30m", "2h" or "1d"';

async function askBrand(prompter: Prompter, given: NonNullable<Config["brand"]>): Promise<Config["brand"]> {
  const name =
    given.name ??
    optional(
      await prompter.text({ ...q("brand"), message: "Brand name, as used in public messages (empty: fill in later)" }),
    );
  let handles = given.handles;
  if (handles === undefined) {
    const publicChannels = Object.entries(BUILTIN_CHANNELS).filter(([, c]) => c.public && c.limit !== null);
    const channels = await prompter.checkbox({
      ...q("channels"),
      message: "Where does the brand post? (space to select, enter to go on)",
      choices: publicChannels.map(([id, c]) => ({ value: id, name: c.label })),
    });
    const entries: [string, string][] = [];
    for (const channel of channels) {
      const handle = await prompter.text({
        ...q(`handle_${channel}`),
        message: `Official account on ${BUILTIN_CHANNELS[channel]?.label ?? channel}`,
        required: true,
      });
      entries.push([channel, handle.trim()]);
    }
    handles = entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  const support_contact =
    given.support_contact ??
    optional(
      await prompter.text({
        ...q("support_contact"),
        message: "Where customers get help (address, URL or phone; empty: later)",
      }),
    );
  const media_contact =
    given.media_contact ??
    optional(await prompter.text({ ...q("media_contact"), message: "Where journalists are sent (empty: later)" }));
  const hub_url =
    given.hub_url ??
    optional(
      await prompter.text({
        ...q("hub_url"),
        message: "Crisis hub or status page URL every message links to (empty: later)",
        validate: isUrl,
      }),
    );
  const brand = { name, handles, support_contact, media_contact, hub_url, status_page_url: given.status_page_url };
  return Object.values(brand).some((v) => v !== undefined) ? brand : undefined;
}

async function askTargets(prompter: Prompter, spine: Partial<Record<Severity, Targets>>): Promise<Config["targets"]> {
  const summary = SEVERITIES.map((s) => (spine[s] ? `${s} ${spine[s].first_response}/${spine[s].update_interval}` : ""))
    .filter(Boolean)
    .join(", ");
  const keep = await prompter.confirm({
    ...q("keep_targets"),
    message: `Keep the playbooks' response targets (first response/update interval: ${summary || "as written"})?`,
    default: true,
  });
  if (keep) return undefined;
  const targets: NonNullable<Config["targets"]> = {};
  for (const sev of SEVERITIES) {
    const first_response = (
      await prompter.text({
        ...q(`targets_${sev}_first_response`),
        message: `${sev}: first public response within`,
        default: spine[sev]?.first_response ?? "1h",
        validate: isDuration,
      })
    ).trim();
    const update_interval = (
      await prompter.text({
        ...q(`targets_${sev}_update_interval`),
        message: `${sev}: public update at least every`,
        default: spine[sev]?.update_interval ?? "1h",
        validate: isDuration,
      })
    ).trim();
    targets[sev] = { first_response, update_interval };
  }
  return targets;
}

/**
 * What a second run asks. `config`: "all" for a new repository; "missing" when a config exists
 * (only the brand facts and baselines it lacks: keeping the playbooks' targets leaves no trace,
 * so targets are not asked again); "none" when the existing config does not load, since nothing
 * could be merged into it. `copied`: bundled playbooks already copied, not offered again.
 */
export interface AskScope {
  config: "all" | "missing" | "none";
  copied: ReadonlySet<string>;
}

/** The interview. Every question has a flag; a question whose flag was given, or whose answer the repository already shows, is not asked. */
export async function askChoices(
  prompter: Prompter,
  given: GivenChoices,
  assets: BundledAssets,
  scope: AskScope = { config: "all", copied: new Set() },
): Promise<InitChoices> {
  const config: Config = { ...given.config };
  if (scope.config !== "none") await askConfig(prompter, given, assets, config, scope.config === "all");
  return { config, ...(await askFiles(prompter, given, assets, scope.copied)) };
}

async function askConfig(
  prompter: Prompter,
  given: GivenChoices,
  assets: BundledAssets,
  config: Config,
  askTargetsToo: boolean,
): Promise<void> {
  config.brand = await askBrand(prompter, given.config.brand ?? {});
  if (config.brand === undefined) delete config.brand;
  const baselines = { ...given.config.baselines };
  if (baselines.mentions_per_hour === undefined) {
    baselines.mentions_per_hour = await prompter.number({
      ...q("mentions_per_hour"),
      message: "Mentions per hour on a normal day (empty: unknown)",
      min: 1,
    });
  }
  if (baselines.negative_share === undefined) {
    baselines.negative_share = await prompter.number({
      ...q("negative_share"),
      message: "Share of negative mentions on a normal day, in percent (empty: unknown)",
      min: 0,
      max: 100,
    });
  }
  if (baselines.mentions_per_hour !== undefined || baselines.negative_share !== undefined) config.baselines = baselines;
  if (config.targets === undefined && askTargetsToo) {
    const spine = assets.spines.find((s) => s.id === "common")?.targets ?? {};
    const targets = await askTargets(prompter, spine);
    if (targets) config.targets = targets;
  }
}

async function askFiles(
  prompter: Prompter,
  given: GivenChoices,
  assets: BundledAssets,
  copied: ReadonlySet<string>,
): Promise<Omit<InitChoices, "config">> {
  const offered = assets.playbooks.filter((p) => !copied.has(p.id));
  const playbooks =
    given.playbooks ??
    (offered.length === 0
      ? []
      : await prompter.checkbox({
          ...q("playbooks"),
          message:
            "Copy bundled playbooks to customise? (space to select; crisis init --playbooks <id> adds more later)",
          choices: offered.map((p) => ({ value: p.id, name: `${p.id}: ${p.title}`, description: p.summary })),
        }));
  const spine =
    given.spine ??
    (await prompter.confirm({
      ...q("spine"),
      message: "Also copy the common spine, the steps every playbook shares? (only to change them)",
      default: false,
    }));
  const templates =
    given.templates ??
    (playbooks.length > 0 || spine
      ? await prompter.confirm({ ...q("templates"), message: "Copy the message templates they use?", default: true })
      : true);
  const ci =
    given.ci ??
    (await prompter.confirm({
      ...q("ci"),
      message: "Add a GitHub Actions workflow that lints the playbooks on every pull request?",
      default: true,
    }));
  const editor =
    given.editor ??
    (await prompter.confirm({
      ...q("editor"),
      message: "Add VS Code settings so playbooks are checked as you type?",
      default: true,
    }));
  const commitIncidents =
    given.commitIncidents ??
    (await prompter.select({
      ...q("incidents"),
      message: "Incident records (journals, logs, post-mortems):",
      choices: [
        { value: "ignore", name: "Keep them out of git (recommended: they can hold personal data)" },
        { value: "commit", name: "Commit them to this repository" },
      ],
      default: "ignore",
    })) === "commit";
  return { playbooks, spine, templates, ci, editor, commitIncidents };
}
