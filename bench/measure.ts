import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** One process the benchmark starts: what a user would type, spelled out for spawn. */
export interface Command {
  label: string;
  file: string;
  args: string[];
  cwd: string;
  env?: Record<string, string | undefined>;
  /** How to read its peak memory: node processes get a preload; others run under a wrapper. */
  kind: "node" | "other";
  /** Exit codes that count as a correct run (lint with findings exits 1). */
  okCodes?: number[];
}

export interface Run {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Stats {
  runs: number;
  median: number;
  p90: number;
  min: number;
  max: number;
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    runs: sorted.length,
    median: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

/** Linear interpolation between the two nearest ranks (the usual "type 7" definition). */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? NaN;
  const b = sorted[hi] ?? NaN;
  return a + (b - a) * (pos - lo);
}

const BASE_ENV: Record<string, string | undefined> = {
  ...process.env,
  NO_COLOR: "1",
  FORCE_COLOR: undefined,
  CRISIS_CONFIG: undefined,
  CI: "true",
};

/** Runs a command once; the clock covers spawn to exit, as a user (or CI) experiences it. */
export function runOnce(
  cmd: Command,
  extraEnv: Record<string, string> = {},
  wrap?: { file: string; args: string[] },
): Run {
  const file = wrap ? wrap.file : cmd.file;
  const args = wrap ? [...wrap.args, cmd.file, ...cmd.args] : cmd.args;
  const started = process.hrtime.bigint();
  const result = spawnSync(file, args, {
    cwd: cmd.cwd,
    env: { ...BASE_ENV, ...cmd.env, ...extraEnv },
    // No stdin, as in CI: nothing may wait on it.
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 512 * 1024 * 1024,
    encoding: "utf8",
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.error) throw new Error(`${cmd.label}: cannot run ${file}: ${result.error.message}`);
  return { ms, code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function checkRun(cmd: Command, run: Run): void {
  const ok = cmd.okCodes ?? [0];
  if (run.code === null || !ok.includes(run.code)) {
    const tail = `${run.stderr}${run.stdout}`.trim().split("\n").slice(-8).join("\n");
    throw new Error(`${cmd.label}: exit code ${run.code ?? "signal"} (expected ${ok.join(" or ")})\n${tail}`);
  }
}

/**
 * Times several commands together, interleaved (a, b, c, a, b, c …) so that a noisy neighbour
 * or a CPU frequency change hits every command alike. Warm-up runs fill the page cache first.
 */
export function timeInterleaved(
  cmds: Command[],
  opts: { runs: number; warmup: number; maxSeconds?: number; onRun?: (cmd: Command, run: Run) => void },
): Map<string, number[]> {
  const out = new Map<string, number[]>(cmds.map((c) => [c.label, []]));
  for (let i = 0; i < opts.warmup; i++) for (const c of cmds) checkRun(c, runOnce(c));
  const deadline = opts.maxSeconds ? Date.now() + opts.maxSeconds * 1000 : Infinity;
  for (let i = 0; i < opts.runs; i++) {
    for (const c of cmds) {
      const run = runOnce(c);
      checkRun(c, run);
      out.get(c.label)?.push(run.ms);
      opts.onRun?.(c, run);
    }
    // Never fewer than 3 runs, even when the time cap is reached.
    if (i >= 2 && Date.now() > deadline) break;
  }
  return out;
}

/** Reads a process's peak resident memory (KiB → MiB) in an instrumented run of its own. */
export class PeakMemory {
  private readonly preload: string;
  private readonly python: string | undefined;

  constructor(private readonly tmp: string) {
    // The preload reports this process's own peak RSS (getrusage ru_maxrss) when it exits.
    this.preload = path.join(tmp, "rss-preload.mjs");
    writeFileSync(
      this.preload,
      'import { appendFileSync } from "node:fs";\n' +
        'process.on("exit", () => { const f = process.env.CRISIS_BENCH_RSS_FILE; if (f) appendFileSync(f, process.resourceUsage().maxRSS + "\\n"); });\n',
    );
    this.python = which("python3");
  }

  /**
   * Peak RSS in MiB, or undefined (with the reason in `why`) when it cannot be read. Also returns
   * the run's time: for a wrapped (non-node) process, as the wrapper measured it around the child.
   */
  measure(cmd: Command): { mib?: number; why?: string; ms: number; stdout: string; code: number | null } {
    const out = path.join(this.tmp, `rss-${process.pid}-${Date.now()}.txt`);
    rmSync(out, { force: true });
    let run: Run;
    if (cmd.kind === "node") {
      run = runOnce(
        { ...cmd, args: [`--import=${pathToFileURL(this.preload).href}`, ...cmd.args] },
        { CRISIS_BENCH_RSS_FILE: out },
      );
    } else if (this.python) {
      const script =
        "import resource, subprocess, sys, time\n" +
        "t = time.perf_counter()\n" +
        "p = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n" +
        "ms = (time.perf_counter() - t) * 1000\n" +
        "open(sys.argv[1], 'w').write('%d %f' % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, ms))\n" +
        "sys.stdout.buffer.write(p.stdout); sys.stderr.buffer.write(p.stderr)\n" +
        "sys.exit(p.returncode)\n";
      run = runOnce(cmd, {}, { file: this.python, args: ["-c", script, out] });
    } else {
      const run = runOnce(cmd);
      checkRun(cmd, run);
      return {
        why: "python3 not found to read the peak memory of a non-node process",
        ms: run.ms,
        stdout: run.stdout,
        code: run.code,
      };
    }
    checkRun(cmd, run);
    if (!existsSync(out))
      return { why: "the process did not report its peak memory", ms: run.ms, stdout: run.stdout, code: run.code };
    const text = readFileSync(out, "utf8").trim();
    rmSync(out, { force: true });
    if (cmd.kind === "other") {
      const [kib, wrappedMs] = text.split(" ").map(Number);
      return { mib: (kib ?? NaN) / 1024, ms: wrappedMs ?? run.ms, stdout: run.stdout, code: run.code };
    }
    // A node process that starts node children reports each; the largest is the peak of any one.
    const kib = Math.max(...text.split("\n").map(Number));
    return { mib: kib / 1024, ms: run.ms, stdout: run.stdout, code: run.code };
  }
}

export function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}
