import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { targetsInEffect } from "../src/core/incident/opening.js";
import { playbookFacts } from "../src/core/incident/opening.js";
import { loadCatalog } from "../src/services/workspace/workspace.js";
import { cliHas, crisis, peakOf, type BenchContext } from "./context.js";
import { generateJournal, type JournalPlaybook } from "./generate-journal.js";
import { bundledPlaybooks } from "./generate-playbooks.js";
import { runOnce, stats, timeInterleaved, type Command, type Stats } from "./measure.js";
import {
  margin,
  ms,
  ratio,
  STAT_HEAD,
  statCells,
  table,
  type Budget,
  type MemoryRow,
  type SectionResult,
} from "./report.js";

/** The flags that make `crisis postmortem` render without asking the retrospective questions. */
const POSTMORTEM_FLAGS = ["--no-retro"];

/** The first bundled playbook, named as crisis start names it, with what start records from it (the bench has no config). */
export function firstPlaybook(root: string): JournalPlaybook {
  const file = bundledPlaybooks(root)[0];
  if (!file) throw new Error("no bundled playbook to name in the generated journals");
  const id = (parse(readFileSync(file, "utf8")) as { id?: string }).id ?? "unknown";
  const pb = loadCatalog([{ dir: path.dirname(file), source: "bundled" }]).playbooks.get(id);
  if (!pb) throw new Error(`the bundled playbook ${id} does not load`);
  return {
    id: pb.id,
    version: pb.version,
    title: pb.title,
    crisis_type: pb.crisis_type,
    ...(pb.spine ? { spine: `${pb.spine.id}@${pb.spine.version}` } : {}),
    targets: targetsInEffect(pb, {}),
    ...playbookFacts(pb),
  };
}

/** Post-mortem: the whole command on journals of growing size; the time should grow linearly. */
export function postmortem(ctx: BenchContext): SectionResult {
  const sizes = ctx.quick ? [1_000, 10_000, 30_000] : [1_000, 10_000, 100_000];
  const workspace = path.join(ctx.tmp, "postmortem");
  const playbook = firstPlaybook(ctx.root);
  const journals = sizes.map((n) => {
    const id = `2025-03-14-bench-${n / 1000}k`;
    const dir = path.join(workspace, "incidents", id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "journal.jsonl"), generateJournal(n, id, playbook));
    return { n, id, dir, bytes: statSync(path.join(dir, "journal.jsonl")).size };
  });
  ctx.log(`post-mortem: journals of ${sizes.join(", ")} events generated`);
  if (!cliHas(ctx, "postmortem")) {
    return {
      title: "Post-mortem",
      markdown: "`crisis postmortem` is not in this checkout's CLI: not measured.",
      budgets: budgets(sizes, undefined, "`crisis postmortem` is not in this checkout"),
      memory: [],
    };
  }
  const cmds: Command[] = journals.map((j) =>
    crisis(ctx, `${j.n.toLocaleString("en")} events`, ["postmortem", j.id, ...POSTMORTEM_FLAGS], [0], workspace),
  );
  const first = cmds[0];
  if (first) {
    const run = runOnce(first);
    if (run.code !== 0)
      throw new Error(`crisis postmortem failed (exit ${run.code ?? "signal"}):\n${run.stderr.slice(-2000)}`);
  }
  const runs = ctx.quick ? 3 : 7;
  ctx.log(`post-mortem: ${cmds.length} journals × ${runs} runs`);
  const samples = timeInterleaved(cmds, { runs, warmup: 1, maxSeconds: ctx.quick ? 30 : 150 });
  const result = cmds.map((c) => stats(samples.get(c.label) ?? []));
  const memory: MemoryRow[] = cmds.map((c) => peakOf(ctx, `crisis postmortem, ${c.label}`, c));
  const rows = journals.map((j, i) => {
    const s = result[i] as Stats;
    const prev = result[i - 1];
    const report = path.join(j.dir, "postmortem.md");
    const out = existsSync(report) ? `${Math.round(statSync(report).size / 1024)} KiB` : "–";
    return [
      `${j.n.toLocaleString("en")} events (${(j.bytes / 1024 / 1024).toFixed(1)} MiB)`,
      ...statCells(s),
      ms((s.median / j.n) * 1000),
      prev ? ratio(s.median / prev.median) : "–",
      out,
    ];
  });
  const big = million(ctx, workspace, playbook);
  const markdown = [
    `\`crisis postmortem <id> ${POSTMORTEM_FLAGS.join(" ")}\`: read and validate the journal, fold it, compute the metrics and write`,
    "incidents/<id>/postmortem.md. The journals are generated (bench/generate-journal.ts) with the mix of a long",
    "incident: rounds of steps, answers, notes and check-ins, and an update drafted, approved and published with its",
    "next-update promise; now and then a rejection, a missed update, a decision or a severity change. Every event is",
    "valid under the journal schema. Times include start-up; the size ratio column should stay near 10× for linear growth.",
    "The journal is streamed (read a chunk at a time and folded as it is read), so peak memory should grow with what",
    "the report keeps, not with the journal.",
    "",
    table(["journal", ...STAT_HEAD, "per 1,000 events", "× previous size", "postmortem.md"], rows),
    ...(big.run
      ? [
          "",
          `A journal of 1,000,000 events (${mib(big.run.bytes)}), run ${big.run.ms.length} times: ${big.run.ms.map(ms).join(", ")};`,
          `peak RSS ${big.run.mib === undefined ? `not measured (${big.run.why ?? "unknown"})` : `${big.run.mib.toFixed(0)} MiB = ${(big.run.mib / (big.run.bytes / 1024 / 1024)).toFixed(2)}× the journal's size`}.`,
        ]
      : ["", `1,000,000 events: ${big.why}.`]),
  ].join("\n");
  return {
    title: "Post-mortem",
    markdown,
    budgets: [...budgets(sizes, result), ...millionBudgets(big)],
    memory: [
      ...memory,
      ...(big.run ? [{ label: "crisis postmortem, 1,000,000 events", mib: big.run.mib, why: big.run.why }] : []),
    ],
  };
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

interface Million {
  run?: { ms: number[]; mib?: number; why?: string; bytes: number };
  why?: string;
}

/**
 * 1,000,000 events (about 300 MB on disk): the time (median of two runs) and the peak RSS of the
 * child (its own getrusage maxRSS, through the bench's preload), against the journal's size.
 */
function million(ctx: BenchContext, workspace: string, playbook: JournalPlaybook): Million {
  if (ctx.quick) return { why: "not measured with --quick (generating the journal alone takes most of a minute)" };
  const n = 1_000_000;
  const id = "2025-03-14-bench-1000k";
  const dir = path.join(workspace, "incidents", id);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "journal.jsonl");
  writeFileSync(file, generateJournal(n, id, playbook));
  const bytes = statSync(file).size;
  ctx.log(`post-mortem: a journal of 1,000,000 events (${mib(bytes)}) generated; 2 runs`);
  const cmd = crisis(ctx, "1,000,000 events", ["postmortem", id, ...POSTMORTEM_FLAGS], [0], workspace);
  const runs = [ctx.memory.measure(cmd), ctx.memory.measure(cmd)];
  for (const r of runs)
    if (r.code !== 0) throw new Error(`crisis postmortem of 1,000,000 events failed (exit ${r.code ?? "signal"})`);
  rmSync(dir, { recursive: true, force: true });
  const peaks = runs.flatMap((r) => (r.mib === undefined ? [] : [r.mib]));
  return {
    run: {
      ms: runs.map((r) => r.ms),
      bytes,
      ...(peaks.length > 0 ? { mib: Math.max(...peaks) } : { why: runs[0]?.why ?? "no reading" }),
    },
  };
}

function millionBudgets(big: Million): Budget[] {
  const run = big.run;
  const time = run ? ([...run.ms].sort((a, b) => a - b)[Math.floor((run.ms.length - 1) / 2)] ?? NaN) : NaN;
  const limitMib = run ? (1.5 * run.bytes) / 1024 / 1024 : NaN;
  return [
    {
      name: "post-mortem of 1,000,000 events ≤ 5 s",
      measured: run ? ms(time) : "–",
      limit: "5.00 s",
      pass: run ? time <= 5000 : undefined,
      note: big.why ?? margin(time, 5000),
    },
    {
      name: "peak RSS of the 1,000,000-event post-mortem ≤ 1.5 × the journal's size",
      measured: run?.mib !== undefined ? `${run.mib.toFixed(0)} MiB` : "–",
      limit: run ? `${limitMib.toFixed(0)} MiB (1.5 × ${mib(run.bytes)})` : "1.5 × the journal",
      pass: run?.mib !== undefined ? run.mib <= limitMib : undefined,
      note: big.why ?? (run?.mib !== undefined ? margin(run.mib, limitMib) : run?.why),
    },
  ];
}

function budgets(sizes: number[], result: Stats[] | undefined, why?: string): Budget[] {
  const big = result?.[2]?.median ?? NaN;
  const mid = result?.[1]?.median ?? NaN;
  const label = (n: number | undefined) => (n ?? 0).toLocaleString("en");
  return [
    {
      name: `post-mortem of ${label(sizes[2])} events ≤ 0.5 s`,
      measured: result ? ms(big) : "–",
      limit: "0.50 s",
      pass: result ? big <= 500 : undefined,
      note: why ?? margin(big, 500),
    },
    {
      name: `post-mortem of ${label(sizes[2])} events ≤ 12 × ${label(sizes[1])} events`,
      measured: result ? `${ms(big)} = ${ratio(big / mid)}` : "–",
      limit: result ? `${ms(12 * mid)} (12 × ${ms(mid)})` : "12×",
      pass: result ? big <= 12 * mid : undefined,
      note: why ?? margin(big, 12 * mid),
    },
  ];
}
