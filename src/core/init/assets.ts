import type { Severity, Targets } from "../playbook/schema.js";

/** What crisis init can copy: the bundled playbooks, spines and templates, read once at the edge. */

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

/** The message templates a list of steps names, each once. */
export function templatesNamed(steps: readonly StepLike[]): string[] {
  return [...new Set(steps.flatMap((s) => (s.messages ?? []).map((m) => m.template)))];
}
