import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { crisis, nodeCommand, type BenchContext } from "./context.js";
import { generateJournal } from "./generate-journal.js";
import { firstPlaybook } from "./postmortem.js";
import { stats, timeInterleaved, type Command, type Stats } from "./measure.js";
import { margin, ms, ratio, table, type Budget, type SectionResult } from "./report.js";

/**
 * Incident commands (issue 15, goal 1): what a responder types during a crisis, on an open incident
 * whose journal holds 1,000 and 100,000 events, each command a fresh process beside `node -e 0`,
 * interleaved. No sync remote is configured (a side command that writes then syncs: measured apart,
 * in the sync section). Commands that write really write: each run appends one event, so the
 * journal grows during the run as it does in a crisis, and the next command meets a journal that
 * changed since its last look.
 *
 * $CRISIS_BENCH_BASELINE may name another build of crisis (a folder with bin/, dist/, playbooks/,
 * templates/, package.json and node_modules): its commands run interleaved with this checkout's on
 * a copy of the same journals, so a before/after comparison comes from one run.
 */

const SIZES = [1_000, 100_000] as const;
const LIMIT: Record<number, number> = { 1_000: 2, 100_000: 3 };

interface Variant {
  name: string;
  root: string;
}

/** One incident with `n` events, open (the generated journal's resolution is left out). */
function workspaceWith(ctx: BenchContext, label: string, n: number): string {
  const dir = path.join(ctx.tmp, "incident", label, `${n}`);
  const id = `2025-03-14-bench-${n / 1000}k`;
  const folder = path.join(dir, "incidents", id);
  mkdirSync(folder, { recursive: true });
  const lines = generateJournal(n + 1, id, firstPlaybook(ctx.root)).split("\n");
  const open = lines.filter((l) => !l.includes('"type":"resolved"'));
  writeFileSync(path.join(folder, "journal.jsonl"), open.join("\n"));
  return dir;
}

const COMMANDS: { name: string; args: string[]; writes: boolean }[] = [
  { name: "note", args: ["note", "Journalist from the Daily Post called"], writes: true },
  { name: "checkin", args: ["checkin", "--mentions", "1200", "--negative", "40"], writes: true },
  { name: "decision", args: ["decision", "Pause ads", "--why", "tone"], writes: true },
  { name: "severity SEV1", args: ["severity", "SEV1", "--reason", "press pickup"], writes: true },
  { name: "severity SEV2", args: ["severity", "SEV2", "--reason", "calmer"], writes: true },
  { name: "status", args: ["status"], writes: false },
  { name: "list", args: ["list"], writes: false },
  { name: "playbooks", args: ["playbooks"], writes: false },
];

export function incident(ctx: BenchContext): SectionResult {
  const baseline = process.env.CRISIS_BENCH_BASELINE;
  const variants: Variant[] = [{ name: "now", root: ctx.root }];
  if (baseline && existsSync(path.join(baseline, "bin", "crisis.js")))
    variants.push({ name: "baseline", root: baseline });
  // $CRISIS_BENCH_INCIDENT_SIZES (e.g. 100000) measures only those journal sizes, for a quicker look at one.
  const only = process.env.CRISIS_BENCH_INCIDENT_SIZES?.split(",")
    .map(Number)
    .filter((n) => n > 0);
  const sizes = only?.length ? only : ctx.quick ? [1_000, 10_000] : [...SIZES];
  const reference = nodeCommand(ctx, "node -e 0", ["-e", "0"]);
  const results = new Map<string, Stats>();
  // The workspace snapshot lives in a cache folder of the run's own; the warm-up runs fill it.
  const env = {
    CRISIS_ACTOR: "Bench Responder",
    CRISIS_REPLICA: "bench.bbbb",
    CRISIS_CACHE_DIR: path.join(ctx.tmp, "incident", "cache"),
  };
  for (const n of sizes) {
    const cmds: Command[] = [reference];
    for (const v of variants) {
      const cwd = workspaceWith(ctx, v.name, n);
      for (const c of COMMANDS)
        cmds.push({ ...crisis({ ...ctx, root: v.root }, `${v.name} ${n} ${c.name}`, c.args, [0], cwd), env });
    }
    // At 100,000 events the 1k runs have already filled the snapshot cache: no warm-up needed there.
    const runs = ctx.quick ? 5 : n >= 100_000 ? 3 : 11;
    const warmup = n >= 100_000 ? 0 : 1;
    ctx.log(`incident commands: ${n.toLocaleString("en")} events, ${cmds.length} commands × ${runs} runs`);
    const samples = timeInterleaved(cmds, { runs, warmup, maxSeconds: ctx.quick ? 60 : 300 });
    results.set(`ref ${n}`, stats(samples.get(reference.label) ?? []));
    for (const c of cmds.slice(1)) results.set(c.label, stats(samples.get(c.label) ?? []));
  }
  return report(ctx, sizes, variants, results);
}

const NAMES = ["note", "checkin", "decision", "severity", "status", "list", "playbooks"];

/** The two severity commands (SEV1, SEV2 alternating, so each records a change) count as one. */
function median(results: Map<string, Stats>, key: string): number {
  if (!key.endsWith(" severity")) return results.get(key)?.median ?? NaN;
  const a = results.get(`${key} SEV1`)?.median ?? NaN;
  const b = results.get(`${key} SEV2`)?.median ?? NaN;
  return (a + b) / 2;
}

function report(ctx: BenchContext, sizes: number[], variants: Variant[], results: Map<string, Stats>): SectionResult {
  const head = [
    "command",
    ...sizes.flatMap((n) => variants.map((v) => `${n / 1000}k${variants.length > 1 ? ` ${v.name}` : ""}`)),
  ];
  const rows = NAMES.map((name) => [
    `\`crisis ${name}\``,
    ...sizes.flatMap((n) => {
      const ref = results.get(`ref ${n}`)?.median ?? NaN;
      return variants.map((v) => {
        const t = median(results, `${v.name} ${n} ${name}`);
        return `${ms(t)} = ${ratio(t / ref)}`;
      });
    }),
  ]);
  rows.unshift([
    "`node -e 0` (reference)",
    ...sizes.flatMap((n) => variants.map(() => ms(results.get(`ref ${n}`)?.median ?? NaN))),
  ]);
  const budgets: Budget[] = sizes.flatMap((n) => {
    const ref = results.get(`ref ${n}`)?.median ?? NaN;
    const limit = (LIMIT[n] ?? 3) * ref;
    return NAMES.map((name) => {
      const t = median(results, `now ${n} ${name}`);
      return {
        name: `\`crisis ${name}\`, ${n.toLocaleString("en")} events ≤ ${LIMIT[n] ?? 3} × \`node -e 0\``,
        measured: `${ms(t)} = ${ratio(t / ref)}`,
        limit: `${ms(limit)}`,
        pass: Number.isFinite(t) ? t <= limit : undefined,
        note: margin(t, limit),
      };
    });
  });
  const markdown = [
    "Each command is a fresh process on an open incident whose journal has the post-mortem mix (bench/generate-journal.ts),",
    "in a folder with no crisis.config.yaml (no sync remote: a command that writes does not sync). Commands that write",
    "append one event per run, so the journal grows through the run. `severity` alternates SEV1 and SEV2 (each run a",
    "change); its figure is the mean of the two medians. Ratios are against `node -e 0` measured interleaved in the same run.",
    variants.length > 1
      ? `The baseline column is the build in $CRISIS_BENCH_BASELINE, on its own copy of the same journals.`
      : "",
    "",
    table(head, rows),
  ].join("\n");
  ctx.log(`incident commands measured on ${sizes.join(", ")} events`);
  return { title: "Incident commands", markdown, budgets, memory: [] };
}
