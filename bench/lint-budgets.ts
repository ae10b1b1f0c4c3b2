import path from "node:path";
import { crisis, nodeCommand, type BenchContext } from "./context.js";
import { generatePlaybooks } from "./generate-playbooks.js";
import { stats, timeInterleaved } from "./measure.js";
import { margin, ms, ratio, STAT_HEAD, statCells, table, type Budget, type MemoryRow } from "./report.js";

/**
 * Issue 15's lint budgets beside `crisis lint <dir>`: memory as the corpus grows, an unchanged
 * re-run with --cache, and one playbook, the last two against `node -e 0` measured in the same rounds.
 */
export function lintBudgets(
  ctx: BenchContext,
  corpusDir: string,
  corpusCount: number,
  nodeStart: number,
): { budgets: Budget[]; memory: MemoryRow[]; markdown: string } {
  const budgets: Budget[] = [];
  const memory: MemoryRow[] = [];

  // Peak memory at three corpus sizes: flat means the linter does not keep every file to the end.
  const sizes = ctx.quick ? [corpusCount] : [100, 1000, 5000];
  const peaks = new Map<number, number | undefined>();
  for (const n of sizes) {
    const dir =
      n === corpusCount ? corpusDir : generatePlaybooks(ctx.root, path.join(ctx.tmp, `playbooks-${n}`), n).dir;
    ctx.log(`lint: peak memory of crisis lint on ${n} playbooks`);
    const m = ctx.memory.measure(crisis(ctx, `crisis lint, ${n} playbooks`, ["lint", dir], [0, 1]));
    peaks.set(n, m.mib);
    if (n !== corpusCount)
      memory.push({ label: `crisis lint, ${n.toLocaleString("en")} playbooks`, mib: m.mib, why: m.why });
  }
  const biggest = sizes[sizes.length - 1] ?? 1000;
  const peak = peaks.get(biggest);
  budgets.push({
    name: `linting ${biggest.toLocaleString("en")} playbooks in ≤ 200 MiB peak RSS`,
    measured:
      peak === undefined
        ? "–"
        : sizes.map((n) => `${n.toLocaleString("en")}: ${(peaks.get(n) ?? NaN).toFixed(0)} MiB`).join(", "),
    limit: "200 MiB",
    pass: peak === undefined ? undefined : peak <= 200,
    note: peak === undefined ? "peak memory not measured" : margin(peak, 200),
  });

  // An unchanged re-run with --cache, and one playbook: each against node -e 0, interleaved.
  const cacheFile = path.join(ctx.tmp, "lint-cache.json");
  const cached = crisis(
    ctx,
    "`crisis lint --cache <dir>` (unchanged)",
    ["lint", "--cache", "--cache-location", cacheFile, corpusDir],
    [0, 1],
  );
  const playbook = path.join(ctx.root, "playbooks", "account-hijack.yaml");
  const one = crisis(ctx, "`crisis lint playbooks/account-hijack.yaml`", ["lint", playbook], [0, 1]);
  const node = nodeCommand(ctx, "`node -e 0`", ["-e", "0"]);
  ctx.log("lint: priming the cache");
  timeInterleaved([cached], { runs: 1, warmup: 0 });
  ctx.log("lint: cached re-run, one playbook and node -e 0, interleaved");
  const samples = timeInterleaved([node, cached, one], { runs: ctx.quick ? 5 : 15, warmup: 2 });
  const base = stats(samples.get(node.label) ?? []);
  const rows = [node, cached, one].map((c) => {
    const s = stats(samples.get(c.label) ?? []);
    return [c.label, ...statCells(s), ratio(s.median / base.median)];
  });
  for (const [cmd, what] of [
    [cached, `an unchanged re-run of ${corpusCount.toLocaleString("en")} files with --cache`],
    [one, "`crisis lint <one playbook>`"],
  ] as const) {
    const m = stats(samples.get(cmd.label) ?? []).median;
    budgets.push({
      name: `${what} ≤ 3 × \`node -e 0\``,
      measured: `${ms(m)} = ${ratio(m / base.median)}`,
      limit: `${ms(3 * base.median)} (3 × ${ms(base.median)})`,
      pass: m <= 3 * base.median,
      note: margin(m, 3 * base.median),
    });
    memory.push({ label: cmd.label.replace(/`/g, ""), ...ctx.memory.measure(cmd) });
  }

  const markdown = [
    "**Start-up budgets.** Each command is timed from spawn to exit, interleaved with `node -e 0` in the same rounds",
    `(the start-up section's \`node -e 0\` median was ${ms(nodeStart)}). The cached run reuses a cache written by one`,
    `priming run over the same ${corpusCount.toLocaleString("en")} files; nothing changes between runs.`,
    "",
    table(["command", ...STAT_HEAD, "× `node -e 0`"], rows),
    "",
    `**Memory.** Peak RSS of \`crisis lint <dir>\` on ${sizes.map((n) => n.toLocaleString("en")).join(", ")} generated playbooks`,
    "(the same mix as above): see the memory table.",
  ].join("\n");
  return { budgets, memory, markdown };
}
