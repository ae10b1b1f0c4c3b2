import type { z } from "zod";
import type {
  Dimension,
  exitCriterionSchema,
  overrideSchema,
  PlaybookFile,
  roleSchema,
  Severity,
  StepInput,
  Targets,
} from "./schema.js";

/** Where a piece of a playbook was written: a file and the path of keys inside it. */
export interface Origin {
  file: string;
  path: PropertyKey[];
}

type Role = z.infer<typeof roleSchema>;
type Override = z.infer<typeof overrideSchema>;
type ExitCriterion = z.infer<typeof exitCriterionSchema>;

export interface Step extends Omit<StepInput, "after" | "before"> {
  origin: Origin;
  /** Patches from the playbook applied to a spine step. */
  patchedBy: Origin[];
}

/** A playbook with its spine merged in: what the runner, the linter and the renderers use. */
export interface Playbook extends Omit<
  PlaybookFile,
  "steps" | "roles" | "approval" | "targets" | "severity" | "exit_criteria" | "extends"
> {
  file: string;
  source: "bundled" | "local";
  spine?: { id: string; version: string; file: string };
  roles: (Role & { origin: Origin })[];
  approval: Partial<Record<Severity, string[]>>;
  targets: Partial<Record<Severity, Targets>>;
  severity: {
    dimensions: (Dimension & { origin: Origin })[];
    overrides: (Override & { origin: Origin })[];
    floor: Severity;
    /** The level the declaration suggests; never below the floor. */
    initial: Severity;
    levels: Partial<Record<Severity, string>>;
  };
  exit_criteria: (ExitCriterion & { origin: Origin })[];
  steps: Step[];
}
