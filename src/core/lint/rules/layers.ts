import type { LayerRule } from "../rule.js";

/**
 * Rules reported by the engine's layers rather than by checks of their own. The YAML and schema
 * layers stop a file (nothing else is checked until they pass), so their rules cannot be turned
 * off or suppressed.
 */
const layer = (id: string, description: string, fix: string, extra: Partial<LayerRule> = {}): LayerRule => ({
  id,
  severity: "error",
  description,
  fix,
  scope: "layer",
  fixed: true,
  ...extra,
});

export const YAML_RULES: LayerRule[] = [
  layer(
    "yaml/syntax",
    "The file is not valid YAML (bad indentation, an unclosed quote, a tab used as indentation…).",
    "Fix the YAML at the position shown; the message names what the parser expected.",
  ),
  layer(
    "yaml/duplicate-key",
    "A key appears twice in the same map; YAML keeps only one of them.",
    "Remove or rename one of the two keys (the message says where the first one is).",
  ),
  layer(
    "yaml/tag",
    "An explicit tag such as !!binary, !Ref or !!js/function; crisis files are plain YAML.",
    "Remove the tag and write the value as plain text, a number, true/false, a list or a map.",
  ),
  layer(
    "yaml/forbidden-key",
    "A key named `__proto__`, `constructor` or `prototype`, which could reach object internals.",
    "Rename the key.",
  ),
  layer(
    "yaml/complex-key",
    "A key that is a list, a map or an alias instead of a plain name.",
    "Use a plain name as the key.",
  ),
  layer(
    "yaml/alias-limit",
    "Too many aliases, or aliases that expand to too many nodes (an alias bomb).",
    "Write the values out, or use fewer aliases (at most 100).",
  ),
  layer(
    "yaml/alias-cycle",
    "An alias inside the node its own anchor names, which would make an endless structure.",
    "Remove the alias or move it outside its anchor.",
  ),
  layer(
    "yaml/too-deep",
    "Maps and lists nested more than 64 levels deep.",
    "Flatten the structure; crisis files need about eight levels.",
  ),
  layer(
    "yaml/file-too-large",
    "The file is larger than 1 MiB.",
    "Split it: one playbook per file, one message per template.",
  ),
  layer(
    "yaml/binary",
    "The file contains NUL bytes: it is a binary file, not text.",
    "Lint only playbooks, templates and the config file; check the path or glob.",
  ),
  layer(
    "yaml/encoding",
    "The file is not UTF-8 (for example UTF-16, or invalid byte sequences).",
    "Save the file as UTF-8.",
  ),
  layer(
    "yaml/merge-key",
    'A YAML 1.1 merge key ("<<: *defaults"): crisis reads YAML 1.2, where "<<" is an ordinary key, and editors that expand it would disagree.',
    "Write the keys out in full; an alias of a whole value (*defaults) is fine.",
  ),
  layer(
    "yaml/multi-document",
    "A second YAML document (after a --- line) in the same file.",
    "Keep one document per file: move the rest to its own file.",
  ),
];

export const SCHEMA_RULES: LayerRule[] = [
  layer(
    "schema/unknown-key",
    'A key the format does not define (often a typo); points at the key, with "did you mean".',
    "Use one of the keys listed in the message, or remove it.",
  ),
  layer(
    "schema/missing-key",
    "A required key is missing; points at the map that lacks it.",
    "Add the key named in the message.",
  ),
  layer(
    "schema/type",
    "A value of the wrong type (text where a list is expected, yes where true is meant…).",
    "Write the type named in the message.",
  ),
  layer(
    "schema/enum",
    "A value that is not one of the allowed values (a phase, a prompt type, a severity…).",
    "Use one of the values listed in the message.",
  ),
  layer(
    "schema/format",
    "A value in the wrong format: an id, a date (YYYY-MM-DD), a duration (30m, 2h, 3d), a version, a URL.",
    "Write the value in the format named in the message.",
  ),
  layer(
    "schema/range",
    "A value too short, too long, too small or too large (an empty list or text, a score above 3…).",
    "Bring the value within the bounds named in the message.",
  ),
  layer(
    "schema/invalid",
    "A value that matches none of the accepted forms.",
    "Write one of the forms named in the message.",
  ),
];

export const INTERNAL_RULES: LayerRule[] = [
  layer(
    "internal/crash",
    "A check crashed on this file: a bug in crisis, reported instead of stopping the whole run.",
    "Report it with the file that triggers it; the other findings are still valid.",
  ),
];

export const SUPPRESS_RULES: LayerRule[] = [
  layer(
    "suppress/missing-reason",
    'An inline suppression without a reason after "--"; it is not applied.',
    "Add the reason: # crisis-lint-disable-next-line <rule> -- <why>.",
    { fixed: false },
  ),
  layer(
    "suppress/unused",
    "An inline suppression that matched no finding (the problem was fixed, or the rule id or line is wrong).",
    "Remove the comment, or move it to the line it is meant for.",
    { fixed: false, severity: "warning" },
  ),
  layer(
    "suppress/invalid",
    "An inline suppression that is malformed, names an unknown rule, or names a rule that cannot be suppressed.",
    "Write # crisis-lint-disable-next-line <category/rule> -- <reason> with rule ids from crisis lint --list-rules.",
    { fixed: false },
  ),
];
