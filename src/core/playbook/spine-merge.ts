import type { Problem } from "../../errors.js";
import { rank } from "../severity/score.js";
import type { Origin, Playbook, Step } from "./model.js";
import { PHASES } from "./levels.js";
import type { PlaybookFile, Severity, SpineFile, StepInput, StepPatch } from "./schema.js";

export interface Located<T> {
  data: T;
  file: string;
  source: Playbook["source"];
  /** Line and column of a path in the file. */
  locate: (path: readonly PropertyKey[], at?: "key" | "value") => { line: number; column: number };
}

function mergeById<T extends { id: string }>(base: readonly T[], extra: readonly T[]): T[] {
  const out = [...base];
  for (const item of extra) {
    const i = out.findIndex((x) => x.id === item.id);
    if (i === -1) out.push(item);
    else out[i] = item;
  }
  return out;
}

function withOrigin<T extends object>(
  items: readonly T[] | undefined,
  file: string,
  key: PropertyKey[],
): (T & { origin: Origin })[] {
  return (items ?? []).map((item, i) => ({ ...item, origin: { file, path: [...key, i] } }));
}

function isPatch(step: StepInput | StepPatch): step is StepPatch {
  return "extend" in step;
}

/**
 * A spine step without its placement (after:, before:), made once per step of a spine: every
 * playbook that extends the spine copies it (an object rest with excluded keys is a slow runtime
 * call, and it ran for every spine step of every playbook linted). Never mutated: the merge
 * copies it, and replaces rather than changes the lists it holds.
 */
const unplaced = new WeakMap<StepInput, Omit<StepInput, "after" | "before">>();
function withoutPlacement(step: StepInput): Omit<StepInput, "after" | "before"> {
  let rest = unplaced.get(step);
  if (!rest) {
    const { after: _a, before: _b, ...own } = step;
    unplaced.set(step, (rest = own));
  }
  return rest;
}

const phaseIndex = (phase: string) => PHASES.indexOf(phase as (typeof PHASES)[number]);

/** A problem merging the spine, with its kind and path, so the linter can give each its rule. */
export interface SpineMergeProblem extends Problem {
  code: "unknown-spine" | "unknown-step" | "placement" | "duplicate-step";
  path: PropertyKey[];
}

/**
 * Merges a playbook with the spine it extends. Problems (a patch to a missing step, a duplicate
 * step id, a placement after a missing step) are returned with their positions; the playbook is
 * still produced as well as it can be, so the linter can go on checking it.
 */
export function mergeSpine(
  pb: Located<PlaybookFile>,
  spine: Located<SpineFile> | undefined,
): { playbook: Playbook; problems: SpineMergeProblem[] } {
  const problems: SpineMergeProblem[] = [];
  const at = (
    code: SpineMergeProblem["code"],
    path: PropertyKey[],
    message: string,
    where: "key" | "value" = "value",
  ): SpineMergeProblem => ({
    file: pb.file,
    ...pb.locate(path, where),
    message,
    code,
    path,
  });
  const p = pb.data;
  const s = spine?.data;
  if (p.extends !== undefined && !spine) {
    problems.push(
      at(
        "unknown-spine",
        ["extends"],
        `unknown spine "${p.extends}"; expected the id of a spine file in a playbook folder (the bundled one is "common")`,
      ),
    );
  }

  const steps: Step[] = (s?.steps ?? []).map((step, i) => ({
    ...withoutPlacement(step),
    origin: { file: spine?.file ?? pb.file, path: ["steps", i] },
    patchedBy: [],
  }));
  // Looked up by id rather than by scanning, so a playbook with many steps resolves in linear time.
  const byId = new Map<string, Step>();
  for (const st of steps) if (!byId.has(st.id)) byId.set(st.id, st);

  p.steps.forEach((entry, i) => {
    const origin: Origin = { file: pb.file, path: ["steps", i] };
    if (isPatch(entry)) {
      const target = byId.get(entry.extend);
      if (!target) {
        problems.push(
          at(
            "unknown-step",
            ["steps", i, "extend"],
            `step "${entry.extend}" is not in the spine; expected one of: ${steps.map((st) => st.id).join(", ")}`,
          ),
        );
        return;
      }
      const { extend: _e, ...patch } = entry;
      for (const key of ["checklist", "messages"] as const) {
        const add = patch[key];
        if (add) (target as unknown as Record<string, unknown>)[key] = [...(target[key] ?? []), ...add];
      }
      if (patch.records) target.records = [...new Set([...(target.records ?? []), ...patch.records])];
      // A playbook's prompt with the id of one of the step's prompts replaces it in place (its own
      // wording for the same question); the others are appended.
      if (patch.prompts) target.prompts = mergeById(target.prompts ?? [], patch.prompts);
      for (const key of ["title", "guidance", "role", "target", "when"] as const) {
        if (patch[key] !== undefined) (target as unknown as Record<string, unknown>)[key] = patch[key];
      }
      target.patchedBy.push(origin);
      return;
    }
    const { after, before, ...rest } = entry;
    const step: Step = { ...rest, origin, patchedBy: [] };
    if (byId.has(step.id)) {
      problems.push(
        at(
          "duplicate-step",
          ["steps", i, "id"],
          `duplicate step id "${step.id}"; to add to the spine's step use "extend: ${step.id}"`,
        ),
      );
      return;
    }
    byId.set(step.id, step);
    const anchor = after ?? before;
    if (anchor !== undefined) {
      const j = steps.findIndex((st) => st.id === anchor);
      if (j === -1) {
        problems.push(
          at(
            "placement",
            ["steps", i, after !== undefined ? "after" : "before"],
            `no step "${anchor}" to place this step ${after !== undefined ? "after" : "before"}`,
          ),
        );
        steps.push(step);
      } else {
        steps.splice(after !== undefined ? j + 1 : j, 0, step);
      }
      return;
    }
    // Without a placement, a new step goes after the last step of its phase, or, when the phase
    // has no step yet, after the last step of an earlier phase.
    const mine = phaseIndex(step.phase);
    let insertAt = -1;
    for (let k = steps.length - 1; k >= 0 && insertAt === -1; k--) if (steps[k]?.phase === step.phase) insertAt = k + 1;
    for (let k = steps.length - 1; k >= 0 && insertAt === -1; k--)
      if (phaseIndex(steps[k]?.phase ?? "") < mine) insertAt = k + 1;
    steps.splice(Math.max(0, insertAt), 0, step);
  });

  const sevKeys = ["SEV1", "SEV2", "SEV3", "SEV4"] as const;
  const perSeverity = <T>(a: Partial<Record<Severity, T>> | undefined, b: Partial<Record<Severity, T>> | undefined) => {
    const out: Partial<Record<Severity, T>> = {};
    for (const k of sevKeys) {
      const v = b?.[k] ?? a?.[k];
      if (v !== undefined) out[k] = v;
    }
    return out;
  };
  const spineFile = spine?.file ?? pb.file;
  const floor = p.severity?.floor ?? s?.severity?.floor ?? "SEV4";
  const initial = p.severity?.initial ?? s?.severity?.initial ?? floor;

  const playbook: Playbook = {
    id: p.id,
    title: p.title,
    summary: p.summary,
    version: p.version,
    crisis_type: p.crisis_type,
    owner: p.owner,
    last_reviewed: p.last_reviewed,
    posture: p.posture,
    ...(p.tags ? { tags: p.tags } : {}),
    file: pb.file,
    source: pb.source,
    ...(spine && s ? { spine: { id: s.spine, version: s.version, file: spine.file } } : {}),
    roles: mergeById(withOrigin(s?.roles, spineFile, ["roles"]), withOrigin(p.roles, pb.file, ["roles"])),
    approval: perSeverity(s?.approval, p.approval),
    targets: perSeverity(s?.targets, p.targets),
    severity: {
      dimensions: mergeById(
        withOrigin(s?.severity?.dimensions, spineFile, ["severity", "dimensions"]),
        withOrigin(p.severity?.dimensions, pb.file, ["severity", "dimensions"]),
      ),
      overrides: mergeById(
        withOrigin(s?.severity?.overrides, spineFile, ["severity", "overrides"]),
        withOrigin(p.severity?.overrides, pb.file, ["severity", "overrides"]),
      ),
      floor,
      initial: rank(initial) < rank(floor) ? floor : initial,
      levels: { ...s?.severity?.levels, ...p.severity?.levels },
    },
    exit_criteria: mergeById(
      withOrigin(s?.exit_criteria, spineFile, ["exit_criteria"]),
      withOrigin(p.exit_criteria, pb.file, ["exit_criteria"]),
    ),
    steps,
  };
  return { playbook, problems };
}
