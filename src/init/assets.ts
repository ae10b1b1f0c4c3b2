import { readFileSync } from "node:fs";
import path from "node:path";
import { checkFile, yamlFilesIn } from "../playbook/catalog.js";
import type { SpineFile, Targets } from "../playbook/schema.js";
import type { Severity } from "../playbook/schema.js";
import { bundledPlaybooksDir, bundledTemplatesDir } from "../paths.js";
import { loadTemplates } from "../templates/load.js";

/** A file shipped with crisis, by its path relative to the bundled folder (always with `/`). */
export interface BundledFile {
  rel: string;
  text: string;
}

export interface BundledPlaybook extends BundledFile {
  id: string;
  title: string;
  summary: string;
  extends: string | undefined;
  /** Message templates this playbook's own file names (its steps and its patches to spine steps). */
  templates: string[];
}

export interface BundledSpine extends BundledFile {
  id: string;
  templates: string[];
  targets: Partial<Record<Severity, Targets>>;
}

/** What init can copy. Read once at the edge, so planning stays a pure function of this data. */
export interface BundledAssets {
  playbooks: BundledPlaybook[];
  spines: BundledSpine[];
  /** Message templates by id (e.g. common/final-statement); rel is under templates/. */
  templates: Map<string, BundledFile>;
}

type StepLike = { messages?: { template: string }[] | undefined };

function templatesNamed(steps: readonly StepLike[]): string[] {
  return [...new Set(steps.flatMap((s) => (s.messages ?? []).map((m) => m.template)))];
}

const posix = (p: string): string => p.split(path.sep).join("/");

/** Reads the bundled playbooks, spines and message templates. Files with problems are left out. */
export function readBundledAssets(
  playbooksDir = bundledPlaybooksDir(),
  templatesDir = bundledTemplatesDir(),
): BundledAssets {
  const playbooks: BundledPlaybook[] = [];
  const spines: BundledSpine[] = [];
  for (const file of yamlFilesIn(playbooksDir)) {
    const text = readFileSync(file, "utf8");
    const rel = posix(path.relative(playbooksDir, file));
    const checked = checkFile(text, file, "bundled");
    if (checked.playbook) {
      const data = checked.playbook.data;
      playbooks.push({
        rel,
        text,
        id: data.id,
        title: data.title,
        summary: data.summary,
        extends: data.extends,
        templates: templatesNamed(data.steps),
      });
    } else if (checked.spine) {
      const data: SpineFile = checked.spine.data;
      spines.push({ rel, text, id: data.spine, templates: templatesNamed(data.steps), targets: data.targets ?? {} });
    }
  }
  const templates = new Map<string, BundledFile>();
  for (const t of loadTemplates([{ dir: templatesDir, source: "bundled" }]).templates.values()) {
    templates.set(t.id, { rel: posix(path.relative(templatesDir, t.file)), text: readFileSync(t.file, "utf8") });
  }
  playbooks.sort((a, b) => a.id.localeCompare(b.id));
  return { playbooks, spines, templates };
}
