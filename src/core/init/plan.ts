import path from "node:path";
import { CrisisError, EXIT } from "../../errors.js";
import { PACKAGE_NAME } from "../../version.js";
import { CONFIG_FILE } from "../config/parse.js";
import { suggest } from "../suggest.js";
import type { BundledAssets, BundledSpine } from "./assets.js";
import { DEFAULT_INCIDENTS_DIR, LOCAL_PLAYBOOKS_DIR, LOCAL_TEMPLATES_DIR, type InitChoices } from "./choices.js";
import type { Config } from "../config/schema.js";
import { configChanges, type ConfigSet } from "./config-merge.js";
import { renderConfigFile } from "./config-file.js";
import { playbooksReadme, templatesReadme } from "./readmes.js";
import { renderLintWorkflow, SARIF_FILE, WORKFLOW_PATH } from "./workflow.js";

/** One thing init wants on disk: a whole file, or lines that must be present in a file (.gitignore). */
export type PlannedFile =
  /** `merge`: when the file exists, these values are set in it instead of keeping it as it is (the config). */
  | { kind: "file"; path: string; content: string; what: string; merge?: ConfigSet[] }
  /** Lines that must be in the file, and folders that must no longer be ignored there. */
  | { kind: "lines"; path: string; lines: string[]; remove?: string[]; what: string };

export interface PlanContext {
  /** The package's schema/ folder relative to the repository root, with `/` (e.g. node_modules/crisis-cli/schema). */
  schemaDir: string;
  /** The package's docs/ folder as a reader finds it (used in the READMEs). */
  docsDir: string;
  /** The repository has a package.json, so CI installs crisis with npm ci. */
  hasPackageJson: boolean;
  /** The running crisis version, pinned in CI when there is no package.json. */
  version: string;
  /** The repository's valid crisis.config.yaml, if it has one: answers are merged into it. */
  existingConfig?: Config | undefined;
}

const SCHEMA_COMMENT = /^#\s*yaml-language-server:\s*\$schema=.*$/m;

/** Points a copied file's yaml-language-server comment at the schema as seen from its new place. */
export function withSchemaComment(text: string, fileRel: string, schemaRel: string): string {
  const ref = path.posix.relative(path.posix.dirname(fileRel), schemaRel);
  const line = `# yaml-language-server: $schema=${ref}`;
  const first = text.split("\n", 1)[0] ?? "";
  return SCHEMA_COMMENT.test(first) ? `${line}${text.slice(first.length)}` : `${line}\n${text}`;
}

function unknownPlaybook(id: string, assets: BundledAssets): CrisisError {
  const ids = assets.playbooks.map((p) => p.id);
  const hint = suggest(id, ids);
  return new CrisisError(
    `there is no bundled playbook "${id}"${hint ? ` (did you mean "${hint}"?)` : ""}`,
    EXIT.usage,
    ids.length > 0 ? `bundled playbooks: ${ids.join(", ")}` : "this crisis has no bundled playbooks to copy",
  );
}

/** The spines to copy: the ones the chosen playbooks extend, or every spine when no playbook was chosen. */
function spinesFor(
  choices: InitChoices,
  assets: BundledAssets,
  chosen: readonly { extends: string | undefined }[],
): BundledSpine[] {
  if (!choices.spine) return [];
  if (chosen.length === 0) return assets.spines;
  const wanted = new Set(chosen.map((p) => p.extends));
  return assets.spines.filter((s) => wanted.has(s.id));
}

/** `incidents` → `/incidents/`; nothing for a folder outside the repository. */
function incidentsFolder(dir: string): string | undefined {
  const clean = path.posix.normalize(dir.split(path.sep).join("/")).replace(/^\.\/|\/+$/g, "");
  if (clean === "" || clean === "." || clean.startsWith("..") || path.posix.isAbsolute(clean)) return undefined;
  return clean;
}

/**
 * Every file init would write, with its content. Pure: the bundled files come in as data, so tests
 * can plan without a terminal or a file system, and the writer only decides create versus keep.
 */
export function planInit(choices: InitChoices, assets: BundledAssets, context: PlanContext): PlannedFile[] {
  const chosen = choices.playbooks.map((id) => {
    const found = assets.playbooks.find((p) => p.id === id);
    if (!found) throw unknownPlaybook(id, assets);
    return found;
  });
  const spines = spinesFor(choices, assets, chosen);
  const schema = (kind: string) => `${context.schemaDir}/${kind}.schema.json`;
  const spineTargets = assets.spines.find((s) => s.id === "common")?.targets ?? assets.spines[0]?.targets ?? {};
  const playbookDir = choices.config.playbook_dirs?.[0] ?? LOCAL_PLAYBOOKS_DIR;
  const templateDir = choices.config.template_dirs?.[0] ?? LOCAL_TEMPLATES_DIR;

  const files: PlannedFile[] = [
    {
      kind: "file",
      path: CONFIG_FILE,
      content: renderConfigFile(choices.config, { schemaPath: schema("config"), spineTargets }),
      what: "configuration: brand facts, folders, baselines and targets",
      ...(context.existingConfig ? { merge: configChanges(context.existingConfig, choices.config) } : {}),
    },
    {
      kind: "file",
      path: `${playbookDir}/README.md`,
      content: playbooksReadme(context.docsDir),
      what: "how local playbooks override bundled ones",
    },
  ];
  for (const p of chosen) {
    const rel = `${playbookDir}/${p.rel}`;
    files.push({
      kind: "file",
      path: rel,
      content: withSchemaComment(p.text, rel, schema("playbook")),
      what: `copy of the bundled ${p.id} playbook`,
    });
  }
  for (const s of spines) {
    const rel = `${playbookDir}/${s.rel}`;
    files.push({
      kind: "file",
      path: rel,
      content: withSchemaComment(s.text, rel, schema("spine")),
      what: `copy of the bundled ${s.id} spine (replaces it)`,
    });
  }

  files.push({
    kind: "file",
    path: `${templateDir}/messages/README.md`,
    content: templatesReadme(context.docsDir),
    what: "how message templates work",
  });
  if (choices.templates) {
    const ids = new Set<string>();
    for (const p of chosen) {
      p.templates.forEach((t) => ids.add(t));
      for (const id of assets.templates.keys()) if (id.startsWith(`${p.id}/`)) ids.add(id);
    }
    for (const s of spines) {
      s.templates.forEach((t) => ids.add(t));
      for (const id of assets.templates.keys()) if (id.startsWith(`${s.id}/`)) ids.add(id);
    }
    for (const id of [...ids].sort()) {
      const t = assets.templates.get(id);
      if (t)
        files.push({
          kind: "file",
          path: `${templateDir}/${t.rel}`,
          content: t.text,
          what: `copy of the bundled ${id} template`,
        });
    }
  }

  if (choices.ci) {
    const install = context.hasPackageJson
      ? ({ kind: "npm-ci" } as const)
      : ({ kind: "package", spec: `${PACKAGE_NAME}@^${context.version}` } as const);
    files.push({
      kind: "file",
      path: WORKFLOW_PATH,
      content: renderLintWorkflow({ install }),
      what: "GitHub Actions: lint with annotations and SARIF upload",
    });
  }
  if (choices.editor) {
    const settings = {
      "yaml.schemas": {
        [`./${schema("playbook")}`]: [`${playbookDir}/**/*.yaml`, `${playbookDir}/**/*.yml`],
        [`./${schema("config")}`]: [CONFIG_FILE],
      },
    };
    files.push({
      kind: "file",
      path: ".vscode/settings.json",
      content: `${JSON.stringify(settings, null, 2)}\n`,
      what: "editor: schema checking and completion in playbooks",
    });
    files.push({
      kind: "file",
      path: ".vscode/extensions.json",
      content: `${JSON.stringify({ recommendations: ["redhat.vscode-yaml"] }, null, 2)}\n`,
      what: "editor: recommends the YAML extension that reads the schemas",
    });
  }

  // node_modules/ never belongs in git (the documented `git add .` would commit it), nor does the
  // SARIF file the workflow's lint step writes when someone runs it locally.
  const incidents = incidentsFolder(choices.config.incidents_dir ?? DEFAULT_INCIDENTS_DIR);
  const ignoreIncidents = incidents !== undefined && !choices.commitIncidents;
  if (incidents !== undefined && choices.commitIncidents)
    files.push({
      kind: "file",
      path: `${incidents}/.gitkeep`,
      content: "",
      what: "incidents folder (incidents are committed)",
    });
  files.push({
    kind: "lines",
    path: ".gitignore",
    lines: ["node_modules/", ...(choices.ci ? [`/${SARIF_FILE}`] : []), ...(ignoreIncidents ? [`/${incidents}/`] : [])],
    ...(incidents !== undefined && choices.commitIncidents ? { remove: [incidents] } : {}),
    what: ignoreIncidents ? "keeps node_modules and incidents out of git" : "keeps node_modules out of git",
  });
  return files;
}
