import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import type { Stats } from "./measure.js";

/** A budget from issue 7, with what was measured against it in this run. */
export interface Budget {
  name: string;
  measured: string;
  limit: string;
  /** undefined: not measured (then `note` says why). */
  pass: boolean | undefined;
  note?: string;
}

export interface MemoryRow {
  label: string;
  mib?: number;
  why?: string;
}

export interface SectionResult {
  title: string;
  markdown: string;
  budgets: Budget[];
  memory: MemoryRow[];
  /** The section threw: its budgets are not measured and the bench exits 1 after writing the report. */
  failed?: boolean;
}

export function ms(value: number): string {
  if (!Number.isFinite(value)) return "–";
  if (value >= 1000) return `${(value / 1000).toFixed(value < 10_000 ? 3 : 2)} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : "–";
}

/** How far a measurement is from its limit, for the budget table: "12 % over" or "8 % under". */
export function margin(measured: number, limit: number): string {
  if (!Number.isFinite(measured) || !Number.isFinite(limit) || limit <= 0) return "";
  const pct = (measured / limit - 1) * 100;
  return `${Math.abs(pct).toFixed(Math.abs(pct) < 1 ? 1 : 0)} % ${pct > 0 ? "over" : "under"} the limit`;
}

/**
 * A markdown table; cells are benchmark numbers and fixed labels, never user text. Numbers are
 * right-aligned; `left` names the columns of words (the first always is).
 */
export function table(head: string[], rows: string[][], left: number[] = []): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const rule = head.map((_, i) => (i === 0 || left.includes(i) ? "---" : "---:"));
  return [line(head), line(rule), ...rows.map(line)].join("\n");
}

export function statCells(s: Stats): string[] {
  return [ms(s.median), ms(s.p90), `${ms(s.min)} – ${ms(s.max)}`, String(s.runs)];
}
export const STAT_HEAD = ["median", "p90", "min – max", "runs"];

export interface Machine {
  cpu: string;
  cores: number;
  memory: string;
  node: string;
  os: string;
  commit: string;
  load: string;
}

export function machine(root: string): Machine {
  let osName = `${os.type()} ${os.release()}`;
  if (existsSync("/etc/os-release")) {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync("/etc/os-release", "utf8"));
    if (pretty?.[1]) osName = `${pretty[1]} (${os.type()} ${os.release()}, ${os.arch()})`;
  }
  let commit = "unknown";
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    const dirty =
      execFileSync("git", ["status", "--porcelain"], {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim() !== "";
    commit = `${head}${dirty ? " + uncommitted changes" : ""}`;
  } catch {
    // Not a git checkout (e.g. an unpacked tarball): the commit is simply unknown.
  }
  return {
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism(),
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    os: osName,
    commit,
    load: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(", "),
  };
}

export function renderReport(input: {
  machine: Machine;
  loadBefore: string;
  started: Date;
  seconds: number;
  quick: boolean;
  sections: SectionResult[];
  /** bench/analysis.md: profiles and explanations written by hand, kept beside the figures. */
  analysis?: string;
}): string {
  const { machine: m, sections } = input;
  const budgets = sections.flatMap((s) => s.budgets);
  const verdict = (b: Budget) => (b.pass === undefined ? "not measured" : b.pass ? "**pass**" : "**miss**");
  const memory = sections.flatMap((s) => s.memory);
  const out = [
    "# Benchmarks",
    "",
    "<!-- Written by `npm run bench` (bench/); do not edit by hand: run it again. -->",
    "",
    "Every figure is a median of repeated runs, measured beside its reference **in the same run on the same machine**,",
    "so the ratios are what matter; absolute times move with the machine. Timings are wall-clock, from spawning the",
    "process to its exit, with no stdin (as in CI). Commands are run interleaved (a, b, c, a, b, c …) after warm-up runs.",
    input.quick ? "\n> **Quick run** (`--quick`): fewer repetitions and smaller inputs; not a result to quote.\n" : "",
    table(
      ["machine", ""],
      [
        ["CPU", m.cpu],
        ["cores", String(m.cores)],
        ["memory", m.memory],
        ["Node.js", m.node],
        ["OS", m.os],
        ["commit", m.commit],
        ["date", input.started.toISOString().replace(/\.\d+Z$/, "Z")],
        ["bench duration", `${input.seconds.toFixed(0)} s`],
        ["load average (1, 5, 15 min)", `${input.loadBefore} before; ${m.load} after`],
      ],
      [1],
    ),
    "",
    "## Budgets",
    "",
    table(
      ["budget", "measured", "limit", "result"],
      budgets.map((b) => [b.name, b.measured, b.limit, verdict(b) + (b.note ? ` (${b.note})` : "")]),
      [3],
    ),
    "",
    ...sections.flatMap((s) => [`## ${s.title}`, "", s.markdown.trim(), ""]),
    "## Memory",
    "",
    "Peak resident set size (`getrusage` ru_maxrss) of each process, read by a preload that reports it at exit (node",
    "processes) or by a `python3` wrapper (yamllint). Node processes get one extra run for it, so their timed runs",
    "carry no instrumentation; yamllint's timed runs are the wrapped ones (the wrapper times its child), and the journal",
    "workers time each append inside the process, so the preload does not touch those figures either.",
    "",
    table(
      ["process", "peak RSS"],
      memory.map((r) => [
        r.label,
        r.mib === undefined ? `not measured: ${r.why ?? "unknown"}` : `${r.mib.toFixed(1)} MiB`,
      ]),
    ),
    "",
    input.analysis ? `${input.analysis.trim()}\n` : "",
    "## How to run",
    "",
    "```sh",
    "npm ci",
    "npm run bench              # everything; rewrites docs/benchmarks.md (a few minutes on 2 cores)",
    "npm run bench -- --quick   # fewer repetitions, smaller inputs: a smoke test, writes nothing unless --out",
    "npm run bench -- --only startup,lint --out /tmp/bench.md",
    "npm run bench -- --help   # --no-tools skips yamllint and ajv-cli; --keep keeps the generated inputs",
    "```",
    "",
    "The bench builds the CLI first (`npm run build`), generates its inputs in a temporary folder that it removes",
    "afterwards, and installs yamllint with apt-get when it is missing and apt is usable (`--no-install` skips that;",
    "a missing tool is reported as not measured). It never reads stdin. It is not part of `npm test`; no unit test",
    "asserts a time.",
    "",
  ];
  return out.join("\n").replace(/\n{3,}/g, "\n\n");
}
