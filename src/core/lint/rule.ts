import type { ChannelRegistry } from "../channels/registry.js";
import type { Config } from "../config/schema.js";
import type { Origin, Playbook, Step } from "../playbook/model.js";
import type { PlaybookFile, SpineFile } from "../playbook/schema.js";
import type { MessageTemplate } from "../templates/parse.js";
import type { TemplateVariable } from "../templates/render.js";
import type { ParsedYaml } from "../yaml/parse.js";
import type { AnswerIndex } from "./answers.js";
import type { LintFileKind, LintInput, RelatedLocation, RuleMeta } from "./types.js";

/** A place in a file: 1-based line and column, and where it ends when known. */
export interface Where {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/**
 * A finding about a message template seen through a playbook (a variable nothing answers, a text
 * over a channel's limit): when the template itself is linted, the engine reports it once, in the
 * template, with every playbook place as a related location; otherwise at the playbook's place.
 */
interface TemplateRef {
  /** The template's id. */
  id: string;
  /** What the finding is about within the template: a variable name or a channel id. */
  key: string;
  /** Where in the template. */
  at: Where;
  /** The message as said in the template. */
  message: string;
  /** What the playbook's place is, as a related location ("playbook x sends it to X here"). */
  relatedMessage: string;
}

export interface ReportExtra {
  related?: RelatedLocation[];
  template?: TemplateRef;
}

export type Report = (rule: RuleMeta, where: Where, message: string, extra?: ReportExtra) => void;

/** A message template as the session knows it: parsed once, shared by every playbook. */
export interface TemplateEntry {
  id: string;
  file: string;
  /** Undefined when the file has problems of its own (reported when that file is linted). */
  template?: MessageTemplate;
  /** The template's variables, or undefined when its tags do not parse. */
  variables?: TemplateVariable[];
  syntaxError?: { message: string; offset: number };
  /** The text with every variable empty: the part no answer can shorten. Computed on first use. */
  fixedText?: string | null;
}

/** What every rule can see of the whole run: built once, so linting stays linear. */
export interface Session {
  config: Config;
  now: Date;
  channels: ChannelRegistry;
  templates: ReadonlyMap<string, TemplateEntry>;
  /** Valid spines by id. */
  spines: ReadonlyMap<string, SpineEntry>;
  /** Files of spines that fail validation, by spine id. */
  brokenSpines: ReadonlyMap<string, string>;
  maxReviewAgeDays: number;
  /** Config variables with realistic examples where the config sets none, for length checks. */
  configExamples: Record<string, string>;
  /** Checks run beside the built-in ones (LintContext.extraRules). */
  extraRules: readonly Rule[];
  /** Every rule id, and those that cannot be configured: for checking lint.rules and suppressions. */
  catalog: { ids: readonly string[]; fixed: readonly string[] };
  /**
   * "template\0variable" for every template variable some playbook (or spine) that uses the
   * template answers: a variable in no such set is the template's mistake, not a playbook's.
   */
  answeredInTemplate: Set<string>;
  /** The files this run reports on. */
  linted: ReadonlySet<string>;
  /** The language of the brand's messages when a template does not say (config brand.locale), e.g. "en". */
  language: string;
  /** Parse with positions throughout instead of the fast path (LintContext.positioned). */
  positioned: boolean;
}

export interface SpineEntry {
  id: string;
  file: string;
  parsed: ParsedYaml;
  data: SpineFile;
}

/** A playbook (or a spine on its own) after resolution, with helpers to place findings. */
export interface PlaybookScope {
  session: Session;
  file: string;
  isSpine: boolean;
  playbook: Playbook;
  /** The linted file's own validated data. */
  data: PlaybookFile | SpineFile;
  answers: AnswerIndex;
  /** Where a path of a file this playbook is made of is written. */
  at(origin: Origin, where?: "key" | "value"): Where;
  /** The file and path an item of a step's list came from (the spine, or a patch). */
  itemOrigin(step: Step, key: "prompts" | "messages" | "checklist", index: number): Origin;
  /** The file and path a step's field came from (the last patch that set it, or the step). */
  fieldOrigin(step: Step, key: string): Origin;
  /** The source text of a file this playbook is made of. */
  textOf(file: string): string | undefined;
  /** The parsed file this playbook is made of. */
  parsedOf(file: string): ParsedYaml | undefined;
}

export interface TemplateScope {
  session: Session;
  file: string;
  template: MessageTemplate;
  variables: TemplateVariable[] | undefined;
  syntaxError?: { message: string; offset: number };
  /** Where a character range of the body is in the file. */
  atBody(offset: number, length: number): Where;
  /** Where a front-matter key's value is in the file. */
  atMeta(key: string): Where;
}

interface TextScope {
  file: string;
  kind: LintFileKind;
  text: string;
  at(offset: number, length: number): Where;
}

interface ConfigScope {
  session: Session;
  file: string;
  config: Config;
  parsed: ParsedYaml;
  at(path: readonly PropertyKey[], where?: "key" | "value"): Where;
}

export interface PlaybookRule extends RuleMeta {
  scope: "playbook";
  /** Also run on a spine on its own (reference, variable, flow and channel rules). */
  spines: boolean;
  check(s: PlaybookScope, report: Report): void;
}
export interface TemplateRule extends RuleMeta {
  scope: "template";
  check(s: TemplateScope, report: Report): void;
}
export interface TextRule extends RuleMeta {
  scope: "text";
  check(s: TextScope, report: Report): void;
}
export interface ConfigRule extends RuleMeta {
  scope: "config";
  check(s: ConfigScope, report: Report): void;
}
/** Reported by the engine's layers (YAML, schema, resolution, suppressions), not by a check of its own. */
export interface LayerRule extends RuleMeta {
  scope: "layer";
}

export type Rule = PlaybookRule | TemplateRule | TextRule | ConfigRule | LayerRule;

/** What a lint run is given besides the files. */
export interface LintContext {
  /** The effective configuration (rule settings, review age, channels, brand facts). */
  config: Config;
  /** The configuration file's path, so it is linted as configuration. */
  configFile?: string;
  /** Today, for the review-age rule. */
  now: Date;
  /**
   * Files that give context without being reported on, in precedence order (bundled first, then
   * the team's): the spines playbooks extend and the message templates they use.
   */
  workspace?: readonly LintInput[];
  /** Extra checks run beside the built-in ones (for tests and future plugins). */
  extraRules?: readonly Rule[];
  /** Called before each file is linted, with how many are done and how many there are (for progress). */
  onFile?: (done: number, total: number) => void;
  /** Build every file's positioned Document up front (no fast path): the reference the fast path is tested against. */
  positioned?: boolean;
  /**
   * Files the run reports on that are not given here (a --cache run lints only what changed): a
   * broken spine among them reports its own findings, so the playbooks that extend it need not.
   */
  alsoLinted?: readonly string[];
}
