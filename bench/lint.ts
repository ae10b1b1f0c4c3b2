import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { cliHas, crisis, peakOf, worker, type BenchContext } from "./context.js";
import { generatePlaybooks } from "./generate-playbooks.js";
import { stats, timeInterleaved, which, type Command, type Stats } from "./measure.js";
import { lintBudgets } from "./lint-budgets.js";
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

interface Row {
  label: string;
  what: string;
  stats?: Stats;
  why?: string;
  /** How many files it checked, when not all of them. */
  files?: number;
}

/** Lint throughput: `crisis lint` on generated playbooks against parsing them and two generic tools. */
export function lint(ctx: BenchContext, nodeStart: number): SectionResult {
  const count = ctx.quick ? 100 : 1000;
  const corpus = generatePlaybooks(ctx.root, path.join(ctx.tmp, "playbooks"), count);
  const mib = corpus.bytes / 1024 / 1024;
  ctx.log(`lint: ${count} playbooks generated (${mib.toFixed(1)} MiB)`);
  const seeded = Object.entries(corpus.seeded)
    .map(([kind, n]) => `${n} × ${kind}`)
    .join(", ");

  const rows: Row[] = [];
  const memory: MemoryRow[] = [];
  const budgets: Budget[] = [];
  const runs = ctx.quick ? 2 : 5;
  const hasLint = cliHas(ctx, "lint");

  // The budget pair, interleaved: the linter and the bare parse of the same files (and ajv-cli, the
  // reference of the speed budget, in the same rounds).
  const parse = worker(ctx, "yaml.parse only", ["parse", corpus.dir]);
  const lintAll = crisis(ctx, "`crisis lint`", ["lint", corpus.dir], [0, 1]);
  // The same run in two worker threads: whether threads pay (src/services/lint/parallel.ts).
  const twoThreads = {
    ...crisis(ctx, "`crisis lint`, two threads", ["lint", corpus.dir], [0, 1]),
    env: { CRISIS_LINT_WORKERS: "2" },
  };
  const ajvFiles = corpus.files.filter((f) => !corpus.duplicateKeys.has(f));
  const ajv = ctx.tools ? ajvCommand(ctx, ajvFiles) : undefined;
  const pair = [...(hasLint ? [lintAll, twoThreads] : []), parse, ...(ajv && typeof ajv !== "string" ? [ajv] : [])];
  const inProcess: number[] = [];
  ctx.log(`lint: crisis lint and the bare parse × ${runs}`);
  const samples = timeInterleaved(pair, {
    runs,
    warmup: 1,
    // The parse worker also reports its own clock, which starts after Node and yaml have loaded.
    onRun: (cmd, run) => {
      if (cmd === parse) inProcess.push((JSON.parse(run.stdout) as { ms: number }).ms);
      if (ajv && typeof ajv !== "string" && cmd === ajv) checkAjv(run, ajvFiles.length);
    },
  });
  let findings = "";
  if (hasLint) {
    rows.push({
      label: `\`crisis lint <dir>\` (${count} files)`,
      what: "the whole command: start-up, read, parse, validate, rules, report",
      stats: stats(samples.get(lintAll.label) ?? []),
    });
    rows.push({
      label: `\`crisis lint <dir>\`, two threads (${count} files)`,
      what: "the same with CRISIS_LINT_WORKERS=2: two worker threads",
      stats: stats(samples.get(twoThreads.label) ?? []),
    });
    // The instrumented run's output also tells what the linter found.
    const m = ctx.memory.measure(lintAll);
    memory.push({ label: `crisis lint, ${count} playbooks`, mib: m.mib, why: m.why });
    findings = describeFindings(m.code, m.stdout);
  }
  rows.push({
    label: "`yaml.parse` only, in process",
    what: "read + `yaml.parse` of every file, timed inside the process (no start-up)",
    stats: stats(inProcess),
  });
  rows.push({
    label: "`yaml.parse` only, whole process",
    what: "the same, timed from spawn to exit",
    stats: stats(samples.get(parse.label) ?? []),
  });
  memory.push(peakOf(ctx, `yaml.parse only, ${count} playbooks`, parse));

  if (ctx.tools) {
    const yl = yamllint(ctx, corpus.dir);
    rows.push(yl.row);
    if (yl.memory) memory.push(yl.memory);
    const label = `\`ajv validate\` (ajv-cli, ${ajvFiles.length} files)`;
    if (ajv === undefined || typeof ajv === "string") rows.push({ label, what: "", why: ajv ?? "not run" });
    else {
      rows.push({
        label,
        what: "JSON Schema validation of each file (YAML read by js-yaml)",
        stats: stats(samples.get(ajv.label) ?? []),
        files: ajvFiles.length,
      });
      memory.push(peakOf(ctx, "ajv-cli", ajv));
    }
  }

  const parseMs = stats(inProcess).median;
  const lintMs = hasLint ? stats(samples.get(lintAll.label) ?? []).median : NaN;
  const limit = 1.5 * parseMs + nodeStart;
  budgets.push({
    name: `linting ${count.toLocaleString("en")} playbooks ≤ 1.5 × bare parse + one start-up`,
    measured: hasLint ? ms(lintMs) : "–",
    limit: `${ms(limit)} (1.5 × ${ms(parseMs)} + ${ms(nodeStart)})`,
    pass: hasLint ? lintMs <= limit : undefined,
    note: hasLint ? margin(lintMs, limit) : "`crisis lint` is not in this checkout",
  });

  const ajvMs = ajv && typeof ajv !== "string" ? stats(samples.get(ajv.label) ?? []).median : NaN;
  budgets.push({
    name: `linting ${count.toLocaleString("en")} playbooks faster than ajv-cli validating them against the JSON Schema`,
    measured: hasLint && Number.isFinite(ajvMs) ? `${ms(lintMs)} = ${ratio(lintMs / ajvMs)} ajv-cli` : "–",
    limit: Number.isFinite(ajvMs) ? `${ms(ajvMs)} (ajv-cli, same run)` : "–",
    pass: hasLint && Number.isFinite(ajvMs) ? lintMs < ajvMs : undefined,
    note: !hasLint
      ? "`crisis lint` is not in this checkout"
      : Number.isFinite(ajvMs)
        ? margin(lintMs, ajvMs)
        : typeof ajv === "string"
          ? ajv
          : "ajv-cli not run (--no-tools)",
  });
  const extra = hasLint ? lintBudgets(ctx, corpus.dir, count, nodeStart) : undefined;
  if (extra) {
    budgets.push(...extra.budgets);
    memory.push(...extra.memory);
  }

  const head = ["", ...STAT_HEAD, "files/s", "× parse", "what it measures"];
  const body = rows.map((r) =>
    r.stats
      ? [
          r.label,
          ...statCells(r.stats),
          (((r.files ?? count) / r.stats.median) * 1000).toFixed(0),
          ratio(r.stats.median / parseMs),
          r.what,
        ]
      : [r.label, "–", "–", "–", "0", "–", "–", `not measured: ${r.why ?? ""}`],
  );
  const markdown = [
    `${count.toLocaleString("en")} playbooks (${mib.toFixed(1)} MiB of YAML, ${Math.round(corpus.bytes / count / 1024)} KiB each on average), each a`,
    "variant of a bundled playbook with its own id, title and version. Every tenth carries a mistake a team",
    `might make: ${seeded || "none"}. The budget compares the whole \`crisis lint\` command with the in-process parse`,
    `time plus one bare Node start-up (\`node -e 0\`, ${ms(nodeStart)} in this run).`,
    "",
    table(head, body, [7]),
    "",
    findings,
    "yamllint runs with its `relaxed` configuration and checks YAML style only. ajv-cli validates each file",
    "against schema/playbook.schema.json (`--all-errors`, formats from ajv-formats); it reads YAML with js-yaml 3,",
    "which turns unquoted dates such as `last_reviewed: 2026-11-15` into Date objects, so it reports those fields",
    "as not strings. It stops at the first file it cannot read, and js-yaml rejects duplicate keys, so the files",
    "seeded with a duplicate key are left out of its run (its files/s and × parse are per file it checked).",
    "Neither tool knows the spine, templates, channels or crisis rules that `crisis lint` checks.",
    ...(extra ? ["", extra.markdown] : []),
  ].join("\n");
  return { title: "Lint", markdown, budgets, memory };
}

function describeFindings(code: number | null, output: string): string {
  const located = output.split("\n").filter((l) => /:\d+:\d+/.test(l));
  const files = new Set(located.map((l) => l.replace(/:\d+:\d+.*$/, "")));
  return `\`crisis lint\` exited with ${code ?? "a signal"} and reported ${located.length} located findings in ${files.size} files.\n`;
}

function yamllint(ctx: BenchContext, dir: string): { row: Row; memory?: MemoryRow } {
  const label = "`yamllint -d relaxed`";
  let exe = which("yamllint");
  if (!exe && ctx.install) exe = aptInstall(ctx, "yamllint") ? which("yamllint") : undefined;
  if (!exe)
    return {
      row: {
        label,
        what: "",
        why: ctx.install ? "not installed, and apt-get could not install it" : "not installed (--no-install)",
      },
    };
  const cmd: Command = {
    label,
    file: exe,
    args: ["-d", "relaxed", "-f", "parsable", dir],
    cwd: ctx.work,
    kind: "other",
    okCodes: [0, 1],
  };
  // yamllint is slow: each run is timed by the memory wrapper itself, so no run is spent twice.
  const times: number[] = [];
  let peak: number | undefined;
  let why: string | undefined;
  const n = ctx.quick ? 1 : 3;
  ctx.log(`lint: yamllint × ${n}`);
  for (let i = 0; i < n; i++) {
    const m = ctx.memory.measure(cmd);
    times.push(m.ms);
    if (m.mib !== undefined) peak = Math.max(peak ?? 0, m.mib);
    why = m.why;
  }
  return {
    row: { label, what: "YAML syntax and style (Python)", stats: stats(times) },
    memory: { label: "yamllint", mib: peak, why },
  };
}

/** ajv-cli validating the files against the playbook schema, or why it cannot run. */
function ajvCommand(ctx: BenchContext, files: string[]): Command | string {
  const label = `\`ajv validate\` (ajv-cli, ${files.length} files)`;
  const pkg = path.join(ctx.root, "node_modules", "ajv-cli", "package.json");
  if (!existsSync(pkg)) return "ajv-cli is not installed (it is a devDependency: run npm ci)";
  const bin = (JSON.parse(readFileSync(pkg, "utf8")) as { bin: Record<string, string> }).bin.ajv ?? "dist/index.js";
  const schema = path.join(ctx.root, "schema", "playbook.schema.json");
  return {
    label,
    file: process.execPath,
    args: [
      path.join(path.dirname(pkg), bin),
      "validate",
      "--all-errors",
      // The schemas carry patternErrorMessage/errorMessage for editors, which strict ajv refuses.
      "--strict=false",
      "-c",
      "ajv-formats",
      "-s",
      schema,
      ...files.flatMap((f) => ["-d", f]),
    ],
    cwd: ctx.root, // ajv-cli resolves ajv-formats from here
    kind: "node",
    // 1: some files are invalid. (2 would mean a file could not be read: ajv-cli stops there.)
    okCodes: [0, 1],
  };
}

/** ajv-cli stops at the first file it cannot read: make sure it reported on every file. */
function checkAjv(run: { stdout: string; stderr: string }, expected: number): void {
  const checked = `${run.stdout}\n${run.stderr}`.split("\n").filter((l) => / (valid|invalid)$/.test(l)).length;
  if (checked !== expected) throw new Error(`ajv-cli reported on ${checked} of ${expected} files`);
}

/** Installs a Debian package when apt-get is there and we may use it (root, no prompt). */
function aptInstall(ctx: BenchContext, name: string): boolean {
  if (!which("apt-get") || process.getuid?.() !== 0) return false;
  ctx.log(`installing ${name} with apt-get`);
  const opts = {
    stdio: "ignore" as const,
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    timeout: 180_000,
  };
  if (spawnSync("apt-get", ["install", "-y", "-q", name], opts).status === 0) return true;
  spawnSync("apt-get", ["update", "-q"], opts);
  return spawnSync("apt-get", ["install", "-y", "-q", name], opts).status === 0;
}
