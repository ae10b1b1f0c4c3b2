import { COMMS_KINDS } from "../incident/comms-kinds.js";
import { parseDuration } from "../time.js";
import { CRISIS_TYPES, MILESTONES, PHASES, PROMPT_TYPES, SEVERITIES, TEMPLATE_KINDS } from "./levels.js";
import type { PlaybookFile, SpineFile, TemplateMeta } from "./schema.js";

/**
 * A quick acceptance check for playbooks, spines and templates' front matter, tried before zod
 * (issue 15: zod's load and its validation were a third of `crisis lint <one playbook>`). Like the
 * journal's quick check it only ever says "certainly valid": where it accepts a value, it returns
 * what schema.ts's schema would return for it (a copy with the schema's key order and its default
 * of `required`); anything it is not sure of (an unknown key, a wrong type, a prototype other than a
 * plain object's) gets NO, and zod, the authority on what is valid and on every message, decides.
 * test/playbook/quick-check.test.ts holds the two to the same answers and values.
 */

const NO = Symbol("not certainly valid");
type Out<T> = T | typeof NO;
type Check<T = unknown> = (x: unknown) => Out<T>;

const str: Check<string> = (x) => (typeof x === "string" ? x : NO);
const text: Check<string> = (x) => (typeof x === "string" && x.length >= 1 ? x : NO);
const bool: Check<boolean> = (x) => (typeof x === "boolean" ? x : NO);
const num: Check<number> = (x) => (typeof x === "number" && Number.isFinite(x) ? x : NO);
const within =
  (min: number, max: number, whole = false): Check<number> =>
  (x) =>
    typeof x === "number" && Number.isFinite(x) && x >= min && x <= max && (!whole || Number.isSafeInteger(x)) ? x : NO;
const pattern =
  (re: RegExp, max = Infinity): Check<string> =>
  (x) =>
    typeof x === "string" && x.length <= max && re.test(x) ? x : NO;
const oneOf = (values: readonly string[]): Check<string> => {
  const set = new Set(values);
  return (x) => (typeof x === "string" && set.has(x) ? x : NO);
};

// The patterns of schema.ts and of zod's z.iso.date(), copied: the property tests hold them to the schema.
const id = pattern(/^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/, 64);
const variable = pattern(/^[a-z][a-z0-9_]*$/, 64);
const templateId = pattern(/^[a-z0-9-]+(?:\/[a-z0-9-]+)+$/);
const language = pattern(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/);
const semver = pattern(/^\d+\.\d+\.\d+$/);
const isoDate = pattern(
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))$/,
);
const sha256 = pattern(/^[0-9a-f]{64}$/);
const duration: Check<string> = (x) => (typeof x === "string" && parseDuration(x) !== undefined ? x : NO);
const severity = oneOf(SEVERITIES);

const list =
  <T>(item: Check<T>, min = 0): Check<T[]> =>
  (x) => {
    if (!Array.isArray(x) || x.length < min) return NO;
    const out: T[] = [];
    for (const element of x) {
      const value = item(element);
      if (value === NO) return NO;
      out.push(value);
    }
    return out;
  };

/** The first option that accepts, as z.union answers. */
const either =
  (...options: Check[]): Check =>
  (x) => {
    for (const option of options) {
      const value = option(x);
      if (value !== NO) return value;
    }
    return NO;
  };

/** A field of a strict object: required, optional, or with a default when absent. */
type Field = readonly [check: Check, presence?: "optional" | { default: unknown }];
type Shape = Readonly<Record<string, Field>>;
const opt = (check: Check): Field => [check, "optional"];

/**
 * A strict object: a plain object whose every key the shape names. The copy has the shape's key
 * order (zod's), absent optional keys left out, absent defaulted ones set.
 */
const strict = (shape: Shape): Check<Record<string, unknown>> => {
  const keys = Object.keys(shape);
  return (x) => {
    if (typeof x !== "object" || x === null || Array.isArray(x)) return NO;
    const proto: unknown = Object.getPrototypeOf(x);
    if (proto !== Object.prototype && proto !== null) return NO;
    const record = x as Record<string, unknown>;
    for (const key of Object.keys(record)) if (!Object.hasOwn(shape, key)) return NO;
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const [check, presence] = shape[key]!;
      if (!Object.hasOwn(record, key)) {
        if (presence === undefined) return NO;
        if (presence !== "optional") out[key] = presence.default;
        continue;
      }
      const value = record[key] === undefined ? NO : check(record[key]);
      if (value === NO) return NO;
      out[key] = value;
    }
    return out;
  };
};

const perSeverity = (check: Check) =>
  strict({ SEV1: opt(check), SEV2: opt(check), SEV3: opt(check), SEV4: opt(check) });

const choice = either(text, strict({ value: [text], label: opt(str), help: opt(str) }));

const prompt = strict({
  id: [variable],
  type: [oneOf(PROMPT_TYPES)],
  question: [text],
  help: opt(str),
  required: [bool, { default: false }],
  default: opt(either(str, num, bool, list(str))),
  choices: opt(list(choice, 1)),
  validate: opt(
    strict({
      min: opt(num),
      max: opt(num),
      min_length: opt(within(0, Infinity, true)),
      max_length: opt(within(Number.MIN_VALUE, Infinity, true)),
      pattern: opt(str),
      message: opt(str),
    }),
  ),
  example: opt(str),
  marks: opt(oneOf(MILESTONES)),
  sets: opt(oneOf(["crisis_channels", "response_channels", "unusable_channels"])),
});

const message = strict({ template: [templateId], channels: [list(id, 1)], approval: opt(list(id)) });

const stepBody: Shape = {
  title: [text],
  guidance: opt(str),
  checklist: opt(list(either(text, strict({ text: [text], role: opt(id) })))),
  prompts: opt(list(prompt)),
  messages: opt(list(message)),
  records: opt(list(oneOf(COMMS_KINDS))),
  role: opt(id),
  target: opt(either(duration, oneOf(["first-response", "update-interval"]))),
  when: opt(text),
  repeat: opt(bool),
};

const { repeat: _repeat, ...patchBody } = stepBody;
const step = strict({ id: [id], phase: [oneOf(PHASES)], ...stepBody, after: opt(id), before: opt(id) });
const stepPatch = strict({ extend: [id], ...patchBody, title: opt(text) });

const dimensionBase: Shape = { id: [variable], label: [text], question: [text], help: opt(str) };
const thresholds = (item: Check<number>): Check => {
  const three = list(item, 3);
  return (x) => (Array.isArray(x) && x.length === 3 ? three(x) : NO);
};
const dimensions: Record<string, Check> = {
  choice: strict({
    ...dimensionBase,
    kind: [oneOf(["choice"])],
    choices: [list(strict({ label: [text], score: [within(0, 3, true)] }), 2)],
  }),
  ratio: strict({
    ...dimensionBase,
    kind: [oneOf(["ratio"])],
    baseline: [oneOf(["mentions_per_hour"])],
    thresholds: [thresholds(within(Number.MIN_VALUE, Infinity))],
  }),
  points: strict({
    ...dimensionBase,
    kind: [oneOf(["points"])],
    baseline: [oneOf(["negative_share"])],
    thresholds: [thresholds(num)],
  }),
};
const dimension: Check = (x) => {
  const kind = typeof x === "object" && x !== null ? (x as Record<string, unknown>)["kind"] : undefined;
  const check = typeof kind === "string" && Object.hasOwn(dimensions, kind) ? dimensions[kind] : undefined;
  return check ? check(x) : NO;
};

const sharedFields: Shape = {
  roles: opt(list(strict({ id: [id], title: [text], duty: [text], required_from: opt(severity) }))),
  approval: opt(perSeverity(list(id, 1))),
  targets: opt(perSeverity(strict({ first_response: [duration], update_interval: [duration] }))),
  severity: opt(
    strict({
      dimensions: opt(list(dimension)),
      overrides: opt(list(strict({ id: [variable], question: [text], minimum: [severity], help: opt(str) }))),
      floor: opt(severity),
      initial: opt(severity),
      levels: opt(perSeverity(text)),
    }),
  ),
  exit_criteria: opt(list(strict({ id: [id], text: [text] }))),
};

const playbook = strict({
  id: [id],
  title: [text],
  summary: [text],
  version: [semver],
  crisis_type: [oneOf(CRISIS_TYPES)],
  owner: [text],
  last_reviewed: [isoDate],
  extends: opt(id),
  posture: [
    strict({
      default: [oneOf(["deny", "diminish", "rebuild"])],
      cluster: [oneOf(["victim", "accidental", "preventable"])],
      why: [text],
    }),
  ],
  tags: opt(list(str)),
  ...sharedFields,
  steps: [list(either(step, stepPatch), 1)],
});

const spine = strict({
  spine: [id],
  title: [text],
  version: [semver],
  ...sharedFields,
  steps: [list(step, 1)],
});

const preapproval = strict({ by: [text], role: [id], at: [isoDate], sha256: [sha256] });
const templateMeta = strict({
  title: [text],
  kind: [oneOf(TEMPLATE_KINDS)],
  audience: [oneOf(["public", "internal", "private"])],
  description: opt(str),
  preapproved: opt(either(preapproval, list(preapproval, 1))),
  language: opt(language),
});

const answer =
  <T>(check: Check) =>
  (value: unknown): T | undefined => {
    const out = check(value);
    return out === NO ? undefined : (out as T);
  };

/** The value playbookSchema would return, or undefined when zod must decide. */
export const quickPlaybook = answer<PlaybookFile>(playbook);
/** The value spineSchema would return, or undefined when zod must decide. */
export const quickSpine = answer<SpineFile>(spine);
/** The value templateMetaSchema would return, or undefined when zod must decide. */
export const quickTemplateMeta = answer<TemplateMeta>(templateMeta);
