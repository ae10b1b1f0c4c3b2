import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileSystemOf, worker, type BenchContext } from "./context.js";
import { generateJournal } from "./generate-journal.js";
import { quantile } from "./measure.js";
import { margin, ms, table, type Budget, type MemoryRow, type SectionResult } from "./report.js";

const WARMUP = 20;

/**
 * Journal appends: IncidentSession.append (lock, catch up, next seq and clock, validation, one write, fsync, fold)
 * against the bare cost of the disk: the same lines written and fsynced with no logic around them.
 */
export function journal(ctx: BenchContext): SectionResult {
  const count = ctx.quick ? 200 : 1000;
  // fsync on tmpfs costs nothing; measure on a real disk (the repository's) if /tmp is in memory.
  const fsTmp = fileSystemOf(ctx.tmp);
  const base = ["tmpfs", "ramfs"].includes(fsTmp) ? mkdtempSync(path.join(ctx.root, ".crisis-tmp-bench-")) : ctx.tmp;
  const fsType = fileSystemOf(base);
  try {
    const lines = path.join(base, "events.jsonl");
    writeFileSync(
      lines,
      generateJournal(count + WARMUP, "2025-03-14-append", {
        id: "service-outage",
        version: "1.0.0",
        title: "Service outage",
        crisis_type: "service-outage",
      }),
    );
    const run = (mode: string, label: string) => {
      const dir = path.join(base, mode);
      mkdirSync(dir, { recursive: true });
      const m = ctx.memory.measure(worker(ctx, label, [mode, dir, lines, String(WARMUP)]));
      const { latencies } = JSON.parse(m.stdout) as { latencies: number[] };
      const size = statSync(path.join(dir, "journal.jsonl")).size;
      return {
        latencies: [...latencies].sort((a, b) => a - b),
        memory: { label, mib: m.mib, why: m.why } satisfies MemoryRow,
        size,
      };
    };
    ctx.log(`journal: ${count} appends with fsync, twice`);
    const raw = run("append-raw", "journal: bare write + fsync");
    const real = run("append", `journal: IncidentSession.append × ${count}`);
    const row = (label: string, l: number[], what: string) => [
      label,
      ms(quantile(l, 0.5)),
      ms(quantile(l, 0.9)),
      ms(quantile(l, 0.99)),
      ms(l[l.length - 1] ?? NaN),
      String(l.length),
      what,
    ];
    const p99 = quantile(real.latencies, 0.99);
    const budgets: Budget[] = [
      {
        name: "journal append p99 ≤ 10 ms",
        measured: ms(p99),
        limit: "10 ms",
        pass: p99 <= 10,
        note: `${margin(p99, 10)}; ${fsType} on local disk`,
      },
    ];
    const markdown = [
      `${count.toLocaleString("en")} events of a generated journal (the post-mortem mix), appended one by one in one process`,
      `after ${WARMUP} warm-up appends, into a fresh journal in a temporary folder on a ${fsType} file system. Each call is timed inside`,
      "the process. The reference writes the same lines to a file opened for appending and fsyncs each, with no lock,",
      "no sequence number and no validation: what the disk costs.",
      "",
      table(
        ["", "median", "p90", "p99", "max", "appends", "what it measures"],
        [
          row(
            "`IncidentSession.append`",
            real.latencies,
            "lock (mkdir), catch up with other writers, next seq and clock, zod validation, one write, fsync, fold",
          ),
          row("bare `write` + `fsync`", raw.latencies, "the floor: the disk's fsync latency (reference)"),
        ],
        [6],
      ),
      "",
      `The journal ends at ${Math.round(real.size / 1024)} KiB.`,
    ].join("\n");
    return { title: "Journal append", markdown, budgets, memory: [real.memory, raw.memory] };
  } finally {
    if (base !== ctx.tmp) rmSync(base, { recursive: true, force: true });
  }
}
