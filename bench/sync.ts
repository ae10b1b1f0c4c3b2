import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Io } from "../src/adapters/terminal/io.js";
import { syncContext } from "../src/services/sync/run.js";
import { syncIncident } from "../src/services/sync/sync.js";
import type { BenchContext } from "./context.js";
import { generateJournal } from "./generate-journal.js";
import { stats } from "./measure.js";
import { margin, ms, table, type Budget, type SectionResult } from "./report.js";

/**
 * crisis sync against a bare git repository on the same disk (no network), run as the CLI a user
 * runs (node bin/crisis.js, start-up included): a 10,000-event incident written by 3 replicas sent
 * and joined, a no-op sync against a bare `git fetch` of the same remote and ref (the reference,
 * measured in the same run), and the cost of receiving a fixed number of new events as the journal
 * grows.
 */

const PLAYBOOK = { id: "service-outage", version: "1.0.0", title: "Service outage", crisis_type: "service-outage" };
const REPLICAS = ["ana-laptop.aaaa", "jordan-laptop.bbbb", "sam-laptop.cccc"];

interface Machine {
  dir: string;
  run: (...args: string[]) => number;
}

function machine(ctx: BenchContext, base: string, name: string, remote: string, replica: string): Machine {
  const dir = path.join(base, name);
  mkdirSync(path.join(dir, "incidents"), { recursive: true });
  writeFileSync(path.join(dir, "crisis.config.yaml"), `incidents_dir: incidents\nsync:\n  remote: ${remote}\n`);
  const env = { ...process.env, CRISIS_ACTOR: "Bench", CRISIS_REPLICA: replica, NO_COLOR: "1" };
  return {
    dir,
    run(...args) {
      const t = performance.now();
      const r = spawnSync(process.execPath, [path.join(ctx.root, "bin", "crisis.js"), ...args], { cwd: dir, env });
      const elapsed = performance.now() - t;
      if (r.status !== 0) throw new Error(`crisis ${args.join(" ")} exited ${r.status}: ${r.stderr.toString()}`);
      return elapsed;
    },
  };
}

/** A journal of `count` events by three replicas, written into a machine's incidents folder. */
function seed(dir: string, id: string, count: number): void {
  mkdirSync(path.join(dir, "incidents", id), { recursive: true });
  writeFileSync(path.join(dir, "incidents", id, "journal.jsonl"), generateJournal(count, id, PLAYBOOK, 7, REPLICAS));
}

/** `n` notes as another machine's crisis note would write them, appended in one go (the bench times the sync, not the notes). */
let noteClock = 1_000_000;
function notes(dir: string, id: string, n: number, replica: string): void {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const at = new Date(Date.UTC(2026, 10, 22, 9, 0, i % 60)).toISOString();
    noteClock++;
    lines.push(
      JSON.stringify({
        v: 2,
        id: `n${String(noteClock).padStart(20, "0")}`,
        replica,
        clock: noteClock,
        seq: noteClock,
        at,
        logged_at: at,
        actor: "Bench",
        type: "note",
        data: { text: `new event ${i}` },
      }),
    );
  }
  appendFileSync(path.join(dir, "incidents", id, "journal.jsonl"), `${lines.join("\n")}\n`);
}

/** An Io for the sync services run in this process: no terminal, output dropped. */
function quietIo(cwd: string, replica: string): Io {
  const sink = { write: () => true, isTTY: false };
  return {
    cwd,
    env: { ...process.env, CRISIS_ACTOR: "Bench", CRISIS_REPLICA: replica, NO_COLOR: "1" },
    stdout: sink,
    stderr: sink,
    stdinIsTTY: false,
    now: () => new Date(),
    debug: false,
    prompter: () => Promise.reject(new Error("the bench asks nothing")),
  };
}

export async function sync(ctx: BenchContext): Promise<SectionResult> {
  const base = path.join(ctx.tmp, "sync");
  const remote = path.join(base, "remote.git");
  mkdirSync(base, { recursive: true });
  execFileSync("git", ["init", "--bare", "--quiet", remote]);
  const a = machine(ctx, base, "a", remote, REPLICAS[0]!);
  const b = machine(ctx, base, "b", remote, REPLICAS[1]!);
  const big = ctx.quick ? 2000 : 10_000;
  const id = "2026-11-21-service-outage";
  seed(a.dir, id, big);
  ctx.log(`sync: ${big} events by 3 replicas, sent and joined`);
  const send = a.run("sync", id);
  const join = b.run("join", id);

  // A no-op sync against the bare git round trip it cannot avoid: the same remote, the same ref.
  const runs = ctx.quick ? 5 : 15;
  const noop: number[] = [];
  const fetch: number[] = [];
  const nodeStart: number[] = [];
  for (let i = 0; i < runs; i++) {
    noop.push(a.run("sync", id));
    let t = performance.now();
    const r = spawnSync("git", [
      `--git-dir=${path.join(a.dir, "incidents/.sync/git")}`,
      "fetch",
      "--quiet",
      "--no-write-fetch-head",
      remote,
      `+refs/crisis/incidents/${id}*:refs/bench/${id}*`,
    ]);
    fetch.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`git fetch failed: ${r.stderr.toString()}`);
    t = performance.now();
    spawnSync(process.execPath, ["-e", "0"]);
    nodeStart.push(performance.now() - t);
  }
  // The same no-op in this process, after start-up: what sync itself adds to git's round trip.
  const inProcess: number[] = [];
  const sctx = await syncContext(quietIo(a.dir, REPLICAS[0]!), {});
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await syncIncident(sctx, id);
    inProcess.push(performance.now() - t);
  }
  const startUp: number[] = [];
  for (let i = 0; i < 5; i++) startUp.push(a.run("--version"));
  const inProcessMedian = stats(inProcess).median;
  const startUpMedian = stats(startUp).median;
  const noopMedian = stats(noop).median;
  const fetchMedian = stats(fetch).median;
  const nodeMedian = stats(nodeStart).median;

  // Receiving 100 new events as the journal grows: git reads only the new commits.
  const sizes = ctx.quick ? [1000, 4000] : [1000, 10_000, 50_000];
  const growth: [number, number, number][] = [];
  // The reference: a crisis note on the same journal, which also reads it whole and re-renders the log.
  writeFileSync(path.join(b.dir, "local.yaml"), "incidents_dir: incidents\n");
  for (const size of sizes) {
    const gid = `2026-11-22-grow-${size}`;
    seed(a.dir, gid, size);
    a.run("sync", gid);
    b.run("join", gid);
    const samples: number[] = [];
    for (let r = 0; r < (ctx.quick ? 2 : 3); r++) {
      notes(b.dir, gid, 100, REPLICAS[1]!);
      b.run("sync", gid);
      samples.push(a.run("sync", gid));
    }
    const note: number[] = [];
    for (let r = 0; r < (ctx.quick ? 2 : 3); r++)
      note.push(b.run("--config", "local.yaml", "note", "--incident", gid, "a note on the same journal"));
    growth.push([size, stats(samples).median, stats(note).median]);
    ctx.log(`sync: receiving 100 events into ${size}: ${ms(stats(samples).median)}`);
  }
  const overhead = inProcessMedian - fetchMedian;
  const first = growth[0]![1];
  const last = growth[growth.length - 1]!;
  const budgets: Budget[] = [
    {
      name: `sending ${big.toLocaleString("en")} events by 3 replicas ≤ 2 s`,
      measured: ms(send),
      limit: "2 s",
      pass: send <= 2000,
      note: margin(send, 2000),
    },
    {
      name: `joining ${big.toLocaleString("en")} events ≤ 2 s`,
      measured: ms(join),
      limit: "2 s",
      pass: join <= 2000,
      note: margin(join, 2000),
    },
    {
      name: "no-op sync ≤ bare git fetch + 200 ms",
      measured: `${ms(inProcessMedian)} (fetch ${ms(fetchMedian)}, +${ms(overhead)})`,
      limit: "fetch + 200 ms",
      pass: overhead <= 200,
      note: margin(overhead, 200),
    },
  ];
  const markdown = [
    "`node bin/crisis.js sync` as a process (start-up included), against a bare repository on the same disk: no network,",
    "so git's own round trip is a local `git fetch` of the same ref, measured in the same run as the reference, beside",
    "`node -e 0` (the start-up any command pays).",
    "",
    table(
      ["", "time", "what it measures"],
      [
        [
          `send ${big.toLocaleString("en")} events`,
          ms(send),
          "first sync of an incident written by 3 replicas: one pack, one push",
        ],
        [`join ${big.toLocaleString("en")} events`, ms(join), "another machine fetches it, writes its journal and log"],
        [
          "no-op sync, in process (median)",
          ms(inProcessMedian),
          `${runs} runs after start-up: fetch, read two refs, compare the journal's size`,
        ],
        [
          "no-op `crisis sync` as a process (median)",
          ms(noopMedian),
          "the same with Node's and the CLI's start-up and the config",
        ],
        ["bare `git fetch` (median, reference)", ms(fetchMedian), "the same remote and ref, nothing to fetch"],
        ["`node -e 0` (median, reference)", ms(nodeMedian), "Node's own start-up"],
        ["`crisis --version` (median, reference)", ms(startUpMedian), "the CLI's start-up, before any command"],
      ],
      [2],
    ),
    "",
    "Receiving 100 new events (another machine's notes) as the journal grows (median of the runs):",
    "",
    table(
      [
        "journal length",
        "sync receiving 100 events",
        "× the shortest",
        "`crisis note` on it (reference)",
        "sync ÷ note",
      ],
      growth.map(([size, t, note]) => [
        size.toLocaleString("en"),
        ms(t),
        (t / first).toFixed(2),
        ms(note),
        (t / note).toFixed(2),
      ]),
    ),
    "",
    `git reads only the commits not yet seen (\`git rev-list remote ^known\`, \`git cat-file --batch\`), so the transfer and`,
    `the parsing of what arrives grow with the new events. What grows with the length is the local work any command`,
    `that writes does: reading the journal, folding it, re-rendering the incident log from all ${last[0].toLocaleString("en")} events, as \`crisis note\``,
    "does; the last column shows sync costing about what a note costs on the same journal.",
  ].join("\n");
  return { title: "Sync", markdown, budgets, memory: [] };
}
