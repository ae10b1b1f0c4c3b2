import { writeFileSync } from "node:fs";
import path from "node:path";
import { cliHas, crisis, nodeCommand, peakOf, type BenchContext } from "./context.js";
import { bundledPlaybooks } from "./generate-playbooks.js";
import { stats, timeInterleaved, type Command, type Stats } from "./measure.js";
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

/** Start-up: the commands a responder types first, against Node starting and doing nothing. */
export function startup(ctx: BenchContext): SectionResult & { nodeStart: number; lintOne?: number } {
  const empty = path.join(ctx.tmp, "empty.mjs");
  writeFileSync(empty, "");
  const reference = nodeCommand(ctx, "`node -e 0`", ["-e", "0"]);
  const playbook = bundledPlaybooks(ctx.root)[0];
  const hasLint = cliHas(ctx, "lint");
  const cmds: { cmd: Command; what: string }[] = [
    { cmd: reference, what: "Node starts and exits: the floor (reference)" },
    {
      cmd: nodeCommand(ctx, "`node empty.mjs`", [empty]),
      what: "Node loads one empty ES module: the floor for any ESM CLI",
    },
    {
      cmd: crisis(ctx, "`crisis --version`", ["--version"]),
      what: "answered by bin/crisis.js from dist/version.js; nothing else loads",
    },
    {
      cmd: crisis(ctx, "`crisis --debug --version`", ["--debug", "--version"]),
      what: "the same answer through dist/cli.js and commander (no fast path)",
    },
    { cmd: crisis(ctx, "`crisis --help`", ["--help"]), what: "dist/cli.js and commander; no command module loads" },
  ];
  if (hasLint && playbook) {
    cmds.push({
      cmd: crisis(ctx, `\`crisis lint playbooks/${path.basename(playbook)}\``, ["lint", playbook], [0, 1]),
      what: "lint one bundled playbook: loads yaml, zod, the schema and the rules",
    });
  }
  if (cliHas(ctx, "playbooks")) {
    cmds.push({
      cmd: crisis(ctx, "`crisis playbooks`", ["playbooks"]),
      what: "list the bundled playbooks from the workspace snapshot (parsed once, then cached): no yaml, zod or chalk",
    });
  }
  if (cliHas(ctx, "status")) {
    cmds.push({
      cmd: crisis(ctx, "`crisis status` (no incident)", ["status"], [4]),
      what: "an incident command's fixed cost: the config, the snapshot, the incidents folder",
    });
  }
  const runs = ctx.quick ? 8 : 40;
  ctx.log(`start-up: ${cmds.length} commands × ${runs} runs`);
  const samples = timeInterleaved(
    cmds.map((c) => c.cmd),
    { runs, warmup: 3, maxSeconds: ctx.quick ? 20 : 120 },
  );
  const result = new Map<string, Stats>(cmds.map((c) => [c.cmd.label, stats(samples.get(c.cmd.label) ?? [])]));
  const base = result.get(reference.label)?.median ?? NaN;
  const rows = cmds.map(({ cmd, what }) => {
    const s = result.get(cmd.label);
    return [cmd.label, ...(s ? statCells(s) : ["–", "–", "–", "0"]), ratio((s?.median ?? NaN) / base), what];
  });

  const version = result.get("`crisis --version`")?.median ?? NaN;
  const budgets: Budget[] = [
    {
      name: "`crisis --version` ≤ 1.5 × `node -e 0`",
      measured: `${ms(version)} = ${ratio(version / base)}`,
      limit: `${ms(1.5 * base)} (1.5 × ${ms(base)})`,
      pass: version <= 1.5 * base,
      note: margin(version, 1.5 * base),
    },
  ];
  const memory: MemoryRow[] = cmds.map(({ cmd }) => peakOf(ctx, cmd.label, cmd));
  const lintLabel = cmds.find((c) => c.cmd.label.startsWith("`crisis lint"))?.cmd.label;
  const markdown = [
    "Each command is a fresh `node` process spawned from the bench, timed from spawn to exit. The ratio column",
    "divides each median by the median of `node -e 0` measured in the same run.",
    "",
    table(["command", ...STAT_HEAD, "× `node -e 0`", "what it measures"], rows, [6]),
    "",
    hasLint ? "" : "`crisis lint` is not in this checkout's CLI yet: its start-up was not measured.",
  ].join("\n");
  return {
    title: "Start-up",
    markdown,
    budgets,
    memory,
    nodeStart: base,
    lintOne: lintLabel ? result.get(lintLabel)?.median : undefined,
  };
}
