import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Command, PeakMemory } from "./measure.js";
import type { MemoryRow } from "./report.js";

/** What every section of the bench shares. */
export interface BenchContext {
  /** The repository: bin/, dist/, playbooks/, schema/. */
  root: string;
  /** A temporary folder for generated inputs, removed at the end. */
  tmp: string;
  /** An empty folder with no crisis.config.yaml: the cwd of every CLI run, so no user config leaks in. */
  work: string;
  /** This bench, bundled: run with `worker …` for work measured in a child process. */
  benchFile: string;
  quick: boolean;
  install: boolean;
  /** Run yamllint and ajv-cli beside `crisis lint` (off with --no-tools, for quick iterations). */
  tools: boolean;
  memory: PeakMemory;
  log(message: string): void;
}

export function crisis(
  ctx: BenchContext,
  label: string,
  args: string[],
  okCodes: number[] = [0],
  cwd = ctx.work,
): Command {
  return {
    label,
    file: process.execPath,
    args: [path.join(ctx.root, "bin", "crisis.js"), ...args],
    cwd,
    kind: "node",
    okCodes,
  };
}

export function nodeCommand(ctx: BenchContext, label: string, args: string[]): Command {
  return { label, file: process.execPath, args, cwd: ctx.work, kind: "node" };
}

export function worker(ctx: BenchContext, label: string, args: string[]): Command {
  return nodeCommand(ctx, label, [ctx.benchFile, "worker", ...args]);
}

/** The commands `crisis --help` lists, to say which pieces of the CLI exist in this checkout. */
export function cliHas(ctx: BenchContext, command: string): boolean {
  // One declaration per command under src/commands/ (the layout since the layers refactor).
  if (existsSync(path.join(ctx.root, "src", "commands", `${command}.ts`))) return true;
  const cli = path.join(ctx.root, "src", "cli.ts");
  return existsSync(cli) && new RegExp(`\\b${command}: \\(\\) => import\\(`).test(readFileSync(cli, "utf8"));
}

/** The file system of a folder, from /proc/mounts (longest matching mount point). */
export function fileSystemOf(dir: string): string {
  if (!existsSync("/proc/mounts")) return "unknown";
  let best = { point: "", type: "unknown" };
  for (const line of readFileSync("/proc/mounts", "utf8").split("\n")) {
    const [, point, type] = line.split(" ");
    if (!point || !type) continue;
    const inside = dir === point || dir.startsWith(point.endsWith("/") ? point : `${point}/`);
    if (inside && point.length > best.point.length) best = { point, type };
  }
  return best.type;
}

/** One instrumented run of `cmd`, for the memory table. */
export function peakOf(ctx: BenchContext, label: string, cmd: Command): MemoryRow {
  const { mib, why } = ctx.memory.measure(cmd);
  return { label, mib, why };
}
