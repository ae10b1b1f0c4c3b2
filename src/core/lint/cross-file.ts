import { TEMPLATE_REF, templateIdFromPath } from "./definitions.js";
import { rule } from "./rules/index.js";
import type { Report, Session, Where } from "./rule.js";
import type { RawReport } from "./scope.js";
import { scanOf, type Entry } from "./session.js";
import type { RelatedLocation } from "./types.js";

/**
 * What no single file shows: two files defining the same playbook, spine or template id (one of
 * them silently wins), a team file replacing a bundled one, and findings about a template that
 * several playbooks share. Each is found with a text scan or from what the checks recorded, never
 * with another parse.
 */

/** `crisis lint <template>` also lints the playbooks and spines that use it: a template change can break them. */
export function lintTemplateUsers(entries: readonly Entry[]): void {
  const ids = new Set(entries.filter((e) => e.linted && e.kind === "template").map((e) => templateIdFromPath(e.path)));
  if (ids.size === 0) return;
  for (const entry of entries) {
    // The team's own playbooks: a bundled playbook that uses a team's template is not the team's to fix.
    if (entry.linted || entry.kind !== "yaml" || entry.source === "bundled" || !("text" in entry.decoded)) continue;
    for (const m of entry.decoded.text.matchAll(TEMPLATE_REF)) {
      if (!ids.has(m[1] ?? "")) continue;
      entry.linted = true;
      break;
    }
  }
}

interface Seen {
  entry: Entry;
  where: Where;
}

/** Duplicate ids across files (error) and team files that replace bundled ones (info), reported at the file that wins. */
export function crossFileFindings(entries: readonly Entry[], report: Report): void {
  const seen = new Map<string, Seen>();
  for (const entry of entries) {
    const def = scanOf(entry).definition;
    if (!def) continue;
    const key = `${def.kind}\0${def.id}`;
    const first = seen.get(key);
    seen.set(key, { entry, where: def.where });
    if (!first) continue;
    const what = def.kind === "template" ? "template" : def.kind;
    const firstAt = `${first.entry.path}${def.kind === "template" ? "" : `:${first.where.line}`}`;
    const related: RelatedLocation[] = [
      {
        file: first.entry.path,
        line: first.where.line,
        column: first.where.column,
        message: `the other ${what} "${def.id}"`,
      },
    ];
    if (first.entry.source === "bundled" && entry.source === "local") {
      if (!entry.linted) continue;
      report(
        rule("ref/override"),
        def.where,
        `${what} "${def.id}" replaces the bundled ${what} of the same id (${firstAt}); crisis uses this file instead. Expected a new id unless this is meant to replace it`,
        { related },
      );
      continue;
    }
    const message = `${what} id "${def.id}" is also defined by ${firstAt}; only this later file is used, so the other is silently ignored. Expected each ${what} id once: rename one of them`;
    if (entry.linted) report(rule("ref/duplicate-definition"), def.where, message, { related });
    else if (first.entry.linted)
      report(
        rule("ref/duplicate-definition"),
        first.where,
        `${what} id "${def.id}" is also defined by ${entry.path}:${def.where.line}, which replaces this file; expected each ${what} id once: rename one of them`,
        { related: [{ ...def.where, message: `the other ${what} "${def.id}"` }] },
      );
  }
}

/**
 * Findings about a shared template: in the template when it is linted (once, with every playbook
 * that meets the problem as a related location), otherwise at each playbook's place, naming the
 * template's line. A variable counts as the template's mistake only when no user answers it.
 */
export function resolveTemplateFindings(
  deferred: readonly RawReport[],
  session: Session,
  linted: ReadonlySet<string>,
  report: Report,
): void {
  const groups = new Map<string, RawReport[]>();
  const seen = new Set<string>();
  for (const r of deferred) {
    const ref = r.extra?.template;
    if (!ref) continue;
    const once = `${r.rule.id}|${r.where.file}|${r.where.line}|${r.where.column}|${ref.id}|${ref.key}`;
    if (seen.has(once)) continue; // a spine's finding is met again by every playbook that extends it
    seen.add(once);
    const key = `${r.rule.id}\0${ref.id}\0${ref.key}`;
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  for (const list of groups.values()) {
    const first = list[0];
    const ref = first?.extra?.template;
    if (!first || !ref) continue;
    const inTemplate =
      linted.has(ref.at.file) &&
      (first.rule.id !== "vars/unknown-variable" || !session.answeredInTemplate.has(`${ref.id}\0${ref.key}`));
    if (inTemplate) {
      const related = list.map((r) => ({
        file: r.where.file,
        line: r.where.line,
        column: r.where.column,
        message: r.extra?.template?.relatedMessage ?? "used here",
      }));
      report(first.rule, ref.at, ref.message, { related });
      continue;
    }
    for (const r of list) {
      const at = r.extra?.template?.at ?? ref.at;
      const related = [
        ...(r.extra?.related ?? []),
        { file: at.file, line: at.line, column: at.column, message: `in template ${ref.id}` },
      ];
      report(r.rule, r.where, r.message, { related });
    }
  }
}
