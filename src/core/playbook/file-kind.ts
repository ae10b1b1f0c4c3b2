/**
 * A playbook file, or a spine (the shared steps playbooks extend). Kept apart from catalog.ts, which
 * loads the zod schemas, so the linter can tell the two apart before it knows whether it needs zod.
 */
export type PlaybookFileKind = "playbook" | "spine";

/** A spine file is told apart by its top-level `spine:` key. */
export function fileKind(value: unknown): PlaybookFileKind {
  return value !== null && typeof value === "object" && "spine" in value ? "spine" : "playbook";
}
