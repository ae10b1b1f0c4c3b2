/** The report formats crisis lint writes. */
export const FORMATS = ["stylish", "json", "sarif", "github"] as const;
export type Format = (typeof FORMATS)[number];

export const SEVERITIES = ["error", "warning", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** How serious a severity is: a higher rank is worse. */
export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** One problem the linter found, at a 1-based line and column (columns count UTF-16 code units). */
export interface Finding {
  /** `category/name`, e.g. `schema/unknown-key`. Stable: never renamed or reused. */
  rule: string;
  severity: Severity;
  /** What is wrong and what was expected. */
  message: string;
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** The other end of the problem: the playbooks that use a template, the first of two duplicates… */
  related?: RelatedLocation[];
}

/** Another place a finding concerns (SARIF relatedLocations). */
export interface RelatedLocation {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** A finding an inline comment switched off, kept so SARIF can show it as suppressed. */
export interface SuppressedFinding extends Finding {
  justification: string;
}

/** What every rule declares: used by the engine, `crisis lint --list-rules`, docs/lint.md and SARIF. */
export interface RuleMeta {
  id: string;
  severity: Severity;
  /** One line: what the rule catches. */
  description: string;
  /** One line: how to fix a finding. */
  fix: string;
  /**
   * The file cannot be checked further when this rule fires (yaml/*, schema/*), or the rule is
   * about the linter itself: it cannot be turned off in config nor suppressed inline.
   */
  fixed?: boolean;
}

/** A file to lint: text, or raw bytes (checked for binary content and encoding first). */
export interface LintInput {
  path: string;
  /**
   * The file's text or bytes, or a way to read its bytes when they are needed: a run over thousands
   * of files then holds only the file being checked (and the text of files with findings).
   */
  text: string | Uint8Array | (() => Uint8Array);
  /** Where a workspace file comes from: the package (bundled) or the team's folders (local, the default). */
  source?: "bundled" | "local";
}

export type RuleSetting = Severity | "off";

/** What a linted file is: a playbook, a spine, a message template or the configuration. */
export type LintFileKind = "playbook" | "spine" | "template" | "config" | "report";

export interface LintedFile {
  file: string;
  kind: LintFileKind;
}

export interface LintResult {
  /** Active findings, sorted by file, line, column and rule. */
  findings: Finding[];
  /** Findings switched off by inline comments. */
  suppressed: SuppressedFinding[];
  files: LintedFile[];
  /** The text of each linted file, for snippets and fingerprints. */
  sources: ReadonlyMap<string, string>;
}
