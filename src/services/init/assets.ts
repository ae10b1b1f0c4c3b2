import { readFileSync } from "node:fs";
import path from "node:path";
import { bundledPlaybooksDir, bundledTemplatesDir } from "../../adapters/fs/package-root.js";
import {
  templatesNamed,
  type BundledAssets,
  type BundledFile,
  type BundledPlaybook,
  type BundledSpine,
} from "../../core/init/assets.js";
import { checkFile } from "../../core/playbook/catalog.js";
import type { SpineFile } from "../../core/playbook/schema.js";
import { loadTemplates, yamlFilesIn } from "../workspace/workspace.js";

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
