import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { checkinImport } from "./checkin-import.js";
import { nodeCommand, type BenchContext } from "./context.js";
import { drill } from "./drill.js";
import { incident } from "./incident.js";
import { journal } from "./journal.js";
import { lint } from "./lint.js";
import { notify } from "./notify.js";
import { PeakMemory, stats, timeInterleaved } from "./measure.js";
import { postmortem } from "./postmortem.js";
import { machine, renderReport, type SectionResult } from "./report.js";
import { startup } from "./startup.js";
import { sync } from "./sync.js";
import { runWorker } from "./worker.js";

const AREAS = [
  "startup",
  "lint",
  "postmortem",
  "journal",
  "drill",
  "sync",
  "incident",
  "checkin-import",
  "notify",
] as const;
type Area = (typeof AREAS)[number];

const USAGE = `usage: npm run bench -- [--quick] [--only ${AREAS.join(",")}] [--out FILE] [--no-install] [--no-tools] [--keep]

  --quick       fewer runs and smaller inputs (a smoke test); prints the report unless --out is given
  --only LIST   run only these areas (comma-separated)
  --out FILE    where to write the report (default: docs/benchmarks.md)
  --no-install  do not apt-get install yamllint when it is missing
  --no-tools    do not run yamllint and ajv-cli (for quick iterations on crisis itself)
  --keep        keep the temporary folder with the generated inputs`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      root: { type: "string" },
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      out: { type: "string" },
      "no-install": { type: "boolean", default: false },
      "no-tools": { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const only = values.only?.split(",").map((s) => s.trim()) ?? [...AREAS];
  const unknown = only.filter((a) => !(AREAS as readonly string[]).includes(a));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown area ${unknown.join(", ")}; expected ${AREAS.join(", ")}\n${USAGE}\n`);
    return 2;
  }
  const wanted = (a: Area) => only.includes(a);
  const root = path.resolve(values.root ?? process.cwd());
  const tmp = mkdtempSync(path.join(os.tmpdir(), "crisis-bench-"));
  const work = path.join(tmp, "work");
  mkdirSync(work);
  const started = new Date();
  const loadBefore = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
  const ctx: BenchContext = {
    root,
    tmp,
    work,
    benchFile: fileURLToPath(import.meta.url),
    quick: values.quick,
    install: !values["no-install"],
    tools: !values["no-tools"],
    memory: new PeakMemory(tmp),
    log: (m) => process.stderr.write(`bench: ${m}\n`),
  };

  try {
    const sections: SectionResult[] = [];
    let nodeStart: number;
    if (wanted("startup")) {
      const s = startup(ctx);
      sections.push(s);
      nodeStart = s.nodeStart;
    } else {
      const ref = nodeCommand(ctx, "node -e 0", ["-e", "0"]);
      nodeStart = stats(timeInterleaved([ref], { runs: 20, warmup: 3 }).get(ref.label) ?? []).median;
    }
    if (wanted("lint")) sections.push(guard(ctx, "lint", () => lint(ctx, nodeStart)));
    if (wanted("postmortem")) sections.push(guard(ctx, "postmortem", () => postmortem(ctx)));
    if (wanted("journal")) sections.push(guard(ctx, "journal", () => journal(ctx)));
    if (wanted("drill")) sections.push(await guardAsync(ctx, "drill", () => drill(ctx)));
    if (wanted("sync")) sections.push(await guardAsync(ctx, "sync", () => sync(ctx)));
    if (wanted("incident")) sections.push(guard(ctx, "incident", () => incident(ctx)));
    if (wanted("checkin-import")) sections.push(guard(ctx, "checkin-import", () => checkinImport(ctx)));
    if (wanted("notify")) sections.push(guard(ctx, "notify", () => notify(ctx)));

    const failed = sections.filter((s) => s.failed).map((s) => s.title);
    const seconds = (Date.now() - started.getTime()) / 1000;
    const notes = path.join(root, "bench", "analysis.md");
    const analysis = existsSync(notes) ? readFileSync(notes, "utf8") : undefined;
    const report = renderReport({
      machine: machine(root),
      loadBefore,
      started,
      seconds,
      quick: ctx.quick,
      sections,
      ...(analysis ? { analysis } : {}),
    });
    const out = values.out ?? (ctx.quick ? undefined : path.join(root, "docs", "benchmarks.md"));
    if (out) {
      writeFileSync(out, report);
      ctx.log(`wrote ${path.relative(process.cwd(), out) || out} in ${seconds.toFixed(0)} s`);
    } else {
      process.stdout.write(report);
    }
    for (const b of sections.flatMap((s) => s.budgets)) {
      const verdict = b.pass === undefined ? "not measured" : b.pass ? "pass" : "MISS";
      ctx.log(`${verdict.padEnd(12)} ${b.name.replace(/`/g, "")}: ${b.measured.replace(/`/g, "")} (limit ${b.limit})`);
    }
    // The report is written either way; a section that failed must not pass for a quiet run.
    if (failed.length > 0) {
      ctx.log(
        `${failed.join(", ")} failed: see ${failed.length === 1 ? "its section" : "their sections"} in the report`,
      );
      return 1;
    }
    return 0;
  } finally {
    if (values.keep) ctx.log(`inputs kept in ${tmp}`);
    // A notification sender the notify section started (detached, as in use) may still be writing.
    else rmSync(tmp, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  }
}

const FALLBACK: Record<Exclude<Area, "startup">, { title: string; budgets: string[] }> = {
  lint: {
    title: "Lint",
    budgets: [
      "linting 1,000 playbooks ≤ 1.5 × bare parse + one start-up",
      "linting 1,000 playbooks faster than ajv-cli validating them against the JSON Schema",
      "linting 5,000 playbooks in ≤ 200 MiB peak RSS",
      "an unchanged re-run of 1,000 files with --cache ≤ 3 × `node -e 0`",
      "`crisis lint <one playbook>` ≤ 3 × `node -e 0`",
    ],
  },
  postmortem: {
    title: "Post-mortem",
    budgets: [
      "post-mortem of 100,000 events ≤ 0.5 s",
      "post-mortem of 100,000 events ≤ 12 × 10,000 events",
      "post-mortem of 1,000,000 events ≤ 5 s",
      "peak RSS of the 1,000,000-event post-mortem ≤ 1.5 × the journal's size",
    ],
  },
  journal: { title: "Journal append", budgets: ["journal append p99 ≤ 10 ms"] },
  drill: {
    title: "First statement drill",
    budgets: [
      "drill: questions to an approved holding statement ≤ 12, every bundled playbook",
      "drill: keys pressed to an approved holding statement ≤ 300, every bundled playbook",
    ],
  },
  incident: { title: "Incident commands", budgets: ["incident commands ≤ 2× / 3× `node -e 0`"] },
  "checkin-import": { title: "Monitoring import and the HTML post-mortem", budgets: [] },
  notify: { title: "Notifications", budgets: ["a severity change with notify: ≤ 1.25 × without"] },
  sync: {
    title: "Sync",
    budgets: [
      "sending 10,000 events by 3 replicas ≤ 2 s",
      "joining 10,000 events ≤ 2 s",
      "no-op sync ≤ bare git fetch + 200 ms",
    ],
  },
};

/** guard, for a section that runs asynchronously (the drill drives a pseudo-terminal). */
async function guardAsync(
  ctx: BenchContext,
  area: Exclude<Area, "startup">,
  fn: () => Promise<SectionResult>,
): Promise<SectionResult> {
  try {
    return await fn();
  } catch (error) {
    return guard(ctx, area, () => {
      throw error;
    });
  }
}

/** A section that fails (a command missing or broken in this checkout) is reported, not fatal. */
function guard(ctx: BenchContext, area: Exclude<Area, "startup">, fn: () => SectionResult): SectionResult {
  try {
    return fn();
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).trim();
    ctx.log(`${area} not measured: ${message.split("\n")[0] ?? ""}`);
    const { title, budgets } = FALLBACK[area];
    const fence = "```";
    return {
      title,
      markdown: `Not measured: the run failed with\n\n${fence}text\n${message.replaceAll(fence, "'''")}\n${fence}`,
      budgets: budgets.map((name) => ({
        name,
        measured: "–",
        limit: "–",
        pass: undefined,
        note: "the run failed; see its section",
      })),
      memory: [],
      failed: true,
    };
  }
}

const args = process.argv.slice(2);
if (args[0] === "worker") {
  runWorker(args.slice(1)).catch((error: unknown) => {
    process.stderr.write(`bench worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
} else {
  main(args).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
