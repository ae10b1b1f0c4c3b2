import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
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
  const markdown = [
    `\`crisis postmortem <id> ${POSTMORTEM_FLAGS.join(" ")}\`: read and validate the journal, fold it, compute the metrics and write`,
    "incidents/<id>/postmortem.md. The journals are generated (bench/generate-journal.ts) with the mix of a long",
    "incident: rounds of steps, answers, notes and check-ins, and an update drafted, approved and published with its",
    "next-update promise; now and then a rejection, a missed update, a decision or a severity change. Every event is",
    "valid under the journal schema. Times include start-up; the size ratio column should stay near 10× for linear growth.",
    "",
    table(["journal", ...STAT_HEAD, "per 1,000 events", "× previous size", "postmortem.md"], rows),
  ].join("\n");
  return { title: "Post-mortem", markdown, budgets: budgets(sizes, result), memory };
}

function budgets(sizes: number[], result: Stats[] | undefined, why?: string): Budget[] {
  const big = result?.[2]?.median ?? NaN;
  const mid = result?.[1]?.median ?? NaN;
  const label = (n: number | undefined) => (n ?? 0).toLocaleString("en");
  return [
    {
      name: `post-mortem of ${label(sizes[2])} events ≤ 1 s`,
      measured: result ? ms(big) : "–",
      limit: "1.00 s",
      pass: result ? big <= 1000 : undefined,
      note: why ?? margin(big, 1000),
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
