import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { crisis, type BenchContext } from "./context.js";
import { stats, timeInterleaved } from "./measure.js";
import { margin, ms, ratio, table, type SectionResult } from "./report.js";

/**
 * What notifications cost the responder: the same incident commands on two copies of one
 * workspace, one without notify: (the reference, measured in the same run, interleaved) and one
 * with a Slack route whose receiver refuses every connection, so each severity change starts a
 * detached sender that fails and records its attempt. The command must not wait for it.
 */

const ANSWERS = `title: Bench incident
roles: { lead: Ana Ruiz }
severity: { answers: { reach: A few } }
prompts: { war_room: "#bench", confirmed_facts: Facts., what_changed: Nothing. }
steps: { identify: { skip: Not needed for the bench } }
messages: { "*": { approve: true, publish: true } }
`;

const NOTIFY = `notify:
  attempts: 1
  timeout_seconds: 1
  routes:
    team-slack: { type: slack, url_env: BENCH_SLACK_WEBHOOK }
`;

function workspace(ctx: BenchContext, name: string, notify: boolean): string {
  const dir = path.join(ctx.tmp, "notify", name);
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(ctx.root, "test", "fixtures", "runner"), dir, { recursive: true });
  const config = path.join(dir, "crisis.config.yaml");
  if (notify) writeFileSync(config, readFileSync(config, "utf8") + NOTIFY);
  writeFileSync(path.join(dir, "answers.yaml"), ANSWERS);
  const r = spawnSync(
    process.execPath,
    [path.join(ctx.root, "bin", "crisis.js"), "start", "fixture", "--answers", "answers.yaml"],
    {
      cwd: dir,
      env: { ...process.env, NO_COLOR: "1", CRISIS_ACTOR: "Bench", BENCH_SLACK_WEBHOOK: "http://127.0.0.1:9/refused" },
    },
  );
  if (r.status !== 0) throw new Error(`crisis start exited ${r.status}: ${r.stderr.toString()}`);
  return dir;
}

/**
 * Waits (half a second for the last one to start, then up to 30 s) until no detached sender holds
 * an incident of workspace `ws` (its lock, services/notify/send.ts): the bench then removes the
 * files a sender could still be writing.
 */
function sendersDone(ws: string): void {
  const incidents = path.join(ws, "incidents");
  const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  const busy = () => readdirSync(incidents).some((id) => existsSync(path.join(incidents, id, ".notify.lock")));
  pause(500);
  for (const deadline = Date.now() + 30_000; busy() && Date.now() < deadline;) pause(100);
}

export function notify(ctx: BenchContext): SectionResult {
  const plain = workspace(ctx, "plain", false);
  const routed = workspace(ctx, "routed", true);
  const env = { BENCH_SLACK_WEBHOOK: "http://127.0.0.1:9/refused", CRISIS_ACTOR: "Bench", NO_COLOR: "1" };
  const cmd = (label: string, cwd: string, args: string[]) => ({ ...crisis(ctx, label, args, [0], cwd), env });
  const cmds = [
    cmd("severity SEV2, no notify", plain, ["severity", "SEV2", "--reason", "bench"]),
    cmd("severity SEV2, notify", routed, ["severity", "SEV2", "--reason", "bench"]),
    cmd("severity SEV3, no notify", plain, ["severity", "SEV3", "--reason", "bench"]),
    cmd("severity SEV3, notify", routed, ["severity", "SEV3", "--reason", "bench"]),
    cmd("note, no notify", plain, ["note", "bench"]),
    cmd("note, notify", routed, ["note", "bench"]),
  ];
  const runs = ctx.quick ? 4 : 12;
  ctx.log(`notify: ${runs} rounds of severity changes and notes, with and without notify:`);
  const times = timeInterleaved(cmds, { runs, warmup: 1 });
  const median = (label: string) => stats(times.get(label) ?? []).median;
  const sevPlain = stats([...(times.get(cmds[0]!.label) ?? []), ...(times.get(cmds[2]!.label) ?? [])]).median;
  const sevNotify = stats([...(times.get(cmds[1]!.label) ?? []), ...(times.get(cmds[3]!.label) ?? [])]).median;
  const notePlain = median(cmds[4]!.label);
  const noteNotify = median(cmds[5]!.label);
  sendersDone(routed);
  const limit = 1.25;
  const r = sevNotify / sevPlain;
  return {
    title: "Notifications",
    markdown: [
      "`crisis severity` (an event that owes a notification: it starts the detached sender) and `crisis note` (it",
      "only checks what is owed), as processes, on two copies of one incident: without `notify:` (the reference) and",
      "with a Slack route whose receiver refuses connections (each sender fails and records its attempt in the",
      "background), interleaved in the same run.",
      "",
      table(
        ["command", "without notify", "with notify", "ratio"],
        [
          ["crisis severity", ms(sevPlain), ms(sevNotify), ratio(r)],
          ["crisis note", ms(notePlain), ms(noteNotify), ratio(noteNotify / notePlain)],
        ],
      ),
    ].join("\n"),
    budgets: [
      {
        name: `a severity change with notify: ≤ ${limit} × without`,
        measured: ratio(r),
        limit: `${limit} ×`,
        pass: r <= limit,
        note: margin(r, limit),
      },
    ],
    memory: [],
  };
}
