// @module-tag slow (whole incidents driven through the step engine, a real HTTP server)
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { EventData } from "../../src/core/journal/events.js";
import { sendPending } from "../../src/services/notify/send.js";
import { readJournal } from "../../src/services/journal/store.js";
import { loadWorkspace } from "../../src/services/workspace/workspace.js";
import { drill, TEAM_CONFIG } from "../helpers/drill.js";
import { clock, fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";
import { HOOK_SECRET, webhookServer } from "../helpers/webhook-server.js";

const NOTIFY = (timeout = 5) => `notify:
  timeout_seconds: ${timeout}
  backoff_seconds: 0.05
  attempts: 3
  routes:
    team-slack: { type: slack, url_env: T_SLACK }
    exec-teams: { type: teams, url_env: T_TEAMS, events: [declared, resolved] }
    ops-hook: { type: webhook, url_env: T_HOOK, secret_env: T_SECRET, events: [declared] }
`;

const REPLICA = "tess-laptop.t3st";

/**
 * One drilled incident (SEV2 data breach: declaration, approvals by lead, legal and approver,
 * resolution) whose notifications are still unsent, since the drill's Io has no webhook variables;
 * each test gets a copy of its folder.
 */
let drilled: { id: string; warnings: string } | undefined;
const kept = mkdtempSync(path.join(tmpdir(), "crisis-notify-"));
afterAll(() => rmSync(kept, { recursive: true, force: true }));

async function incident(timeout?: number) {
  if (!drilled) {
    const run = await drill("data-breach", {}, { config: TEAM_CONFIG + NOTIFY(), env: { CRISIS_REPLICA: REPLICA } });
    // The commands' notification check runs just after their event (it never holds them up).
    await new Promise((resolve) => setTimeout(resolve, 50));
    cpSync(path.dirname(path.dirname(run.session.dir)), kept, { recursive: true });
    drilled = { id: run.session.id, warnings: run.io.err() };
  }
  const { id, warnings } = drilled;
  const cwd = tempDir();
  cpSync(kept, cwd, { recursive: true });
  writeFileSync(path.join(cwd, "crisis.config.yaml"), TEAM_CONFIG + NOTIFY(timeout));
  return { dir: path.join(cwd, "incidents", id), io: { err: () => warnings } };
}

function attempts(dir: string): EventData<"notification_attempt">[] {
  return readJournal(dir)
    .events.filter((e) => e.type === "notification_attempt")
    .map((e) => e.data);
}

/** The receiver's clock: the senders' fixed clock, so their signatures are inside the replay window. */
const SENDER_TIME = () => new Date("2026-11-21T19:45:10.000Z");

function sender(cwd: string, env: Record<string, string>) {
  const io = fakeIo({ cwd, env: { CRISIS_REPLICA: REPLICA, ...env }, now: clock("2026-11-21T19:45:00.000Z", 1000) });
  return { io, ws: loadWorkspace(io, {}) };
}

describe("the notification sender against a real HTTP server", () => {
  it("delivers Slack, Teams and signed generic payloads the receivers accept, and records each attempt", async () => {
    const { dir, io: drillIo } = await incident();
    // Without the variables, the drill's commands warned, naming them, and sent nothing.
    expect(drillIo.err()).toContain("notify route team-slack: $T_SLACK is not set");
    expect(attempts(dir)).toEqual([]);
    const server = await webhookServer(undefined, SENDER_TIME);
    const { io, ws } = sender(path.dirname(path.dirname(dir)), {
      T_SLACK: server.url("/slack"),
      T_TEAMS: server.url("/teams"),
      T_HOOK: server.url("/hook"),
      T_SECRET: HOOK_SECRET,
    });
    const r = await sendPending(io, ws, dir);
    expect(attempts(dir).filter((a) => a.outcome === "failed")).toEqual([]);
    expect(r.failed).toBe(0);
    // Every payload passed the server's checks (shape, and the generic one's signature).
    expect(server.received.map((x) => x.answered).every((s) => s === 200)).toBe(true);
    const events = server.received.map((x) => `${x.path} ${String(x.headers["x-crisis-event"])}`).sort();
    expect(events).toContain("/slack declared");
    expect(events).toContain("/slack approval_waiting");
    expect(events).toContain("/slack resolved");
    expect(events).toContain("/teams declared");
    expect(events).toContain("/teams resolved");
    expect(events).toContain("/hook declared");
    expect(events.filter((e) => e.startsWith("/hook"))).toHaveLength(1);
    expect(events.filter((e) => e.startsWith("/teams"))).toHaveLength(2);
    // The approval request carries the exact text and the command that approves it.
    const approval = server.received.find((x) => x.headers["x-crisis-event"] === "approval_waiting")!;
    const blocks = JSON.stringify(approval.json.blocks);
    expect(blocks).toContain("The exact text waiting for approval");
    expect(blocks).toMatch(/crisis approve \d{4}-\d{2}-\d{2}-data-breach --hash [0-9a-f]{12}/);
    const recorded = attempts(dir);
    expect(recorded.length).toBe(server.received.length);
    expect(recorded.every((a) => a.outcome === "delivered" && a.attempt === 1)).toBe(true);
    // The incident log has one compact row for them, not one per attempt.
    const log = readFileSync(path.join(dir, "incident-log.md"), "utf8");
    expect(log.match(/\| notified \|/g)).toHaveLength(1);
    // … and "Last events" keeps to what people did.
    expect(log).not.toMatch(/^- .* notified \(crisis\)/m);
    expect(log).toMatch(
      /\| notified \| crisis \| team-slack: declared, approval waiting.*; exec-teams: declared, resolved; ops-hook: declared \|/,
    );
  });

  it("is never sent twice once delivered: a second run sends nothing", async () => {
    const { dir } = await incident();
    const server = await webhookServer();
    const env = {
      T_SLACK: server.url("/slack"),
      T_TEAMS: server.url("/teams"),
      T_HOOK: server.url("/hook"),
      T_SECRET: HOOK_SECRET,
    };
    const first = sender(path.dirname(path.dirname(dir)), env);
    await sendPending(first.io, first.ws, dir);
    const count = server.received.length;
    const second = sender(path.dirname(path.dirname(dir)), env);
    const r = await sendPending(second.io, second.ws, dir);
    expect(r).toEqual({ delivered: 0, failed: 0, busy: false });
    expect(server.received.length).toBe(count);
    const keys = server.received.map((x) => x.headers["x-crisis-delivery"]);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("retries a receiver that fails (500) with backoff until it recovers, recording each attempt", async () => {
    const { dir } = await incident();
    let declaredCalls = 0;
    const server = await webhookServer(({ path: p, event }) =>
      p === "/slack" && event === "declared" && declaredCalls++ < 2 ? { status: 500 } : undefined,
    );
    const { io, ws } = sender(path.dirname(path.dirname(dir)), { T_SLACK: server.url("/slack") });
    await sendPending(io, ws, dir);
    const declared = attempts(dir).filter((a) => a.route === "team-slack" && a.kind === "declared");
    // Two failures were tried again; the third attempt was delivered.
    expect(declared.map((a) => [a.attempt, a.outcome, a.error ?? "", a.retry])).toEqual([
      [1, "failed", "HTTP 500", true],
      [2, "failed", "HTTP 500", true],
      [3, "delivered", "", false],
    ]);
  });

  it("counts a receiver that does not answer in time as failed, and the next run delivers what is left", async () => {
    const { dir } = await incident(0.5);
    let hang = true;
    const server = await webhookServer(({ path: p }) => (p === "/slack" && hang ? { delayMs: 3000 } : undefined));
    const env = { T_SLACK: server.url("/slack") };
    const first = sender(path.dirname(path.dirname(dir)), env);
    const started = Date.now();
    const r = await sendPending(first.io, first.ws, dir);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(r.delivered).toBe(0);
    const failed = attempts(dir);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((a) => a.outcome === "failed" && a.error === "no answer within 0.5s" && a.retry)).toBe(true);
    // The receiver recovers; the next command's sender delivers each one once.
    hang = false;
    const second = sender(path.dirname(path.dirname(dir)), env);
    await sendPending(second.io, second.ws, dir);
    const delivered = attempts(dir).filter((a) => a.outcome === "delivered");
    expect(new Set(delivered.map((a) => a.key)).size).toBe(delivered.length);
    expect(delivered.map((a) => a.kind)).toContain("declared");
    // The approval requests were decided long ago: a retry does not send them again.
    expect(delivered.map((a) => a.kind)).not.toContain("approval_waiting");
  });

  it("gives up at once on a 4xx (the request itself is wrong), and says so", async () => {
    const { dir } = await incident();
    const server = await webhookServer(({ path: p }) => (p === "/slack" ? { status: 404 } : undefined));
    const { io, ws } = sender(path.dirname(path.dirname(dir)), { T_SLACK: server.url("/slack") });
    await sendPending(io, ws, dir);
    const slack = attempts(dir).filter((a) => a.route === "team-slack");
    expect(slack.length).toBeGreaterThan(0);
    expect(slack.every((a) => a.attempt === 1 && a.error === "HTTP 404" && !a.retry)).toBe(true);
  });

  it("refuses a generic webhook whose signature does not match (the server checks it)", async () => {
    const { dir } = await incident();
    const server = await webhookServer(undefined, SENDER_TIME);
    const { io, ws } = sender(path.dirname(path.dirname(dir)), {
      T_HOOK: server.url("/hook"),
      T_SECRET: "wrong-secret",
    });
    await sendPending(io, ws, dir);
    expect(server.received.map((x) => x.answered)).toEqual([401]);
    expect(attempts(dir).map((a) => a.error)).toEqual(["HTTP 401"]);
  });

  it("is refused outside the replay window: a request signed 20 minutes before the receiver's clock", async () => {
    const { dir } = await incident();
    const server = await webhookServer(undefined, () => new Date("2026-11-21T20:05:00.000Z"));
    const { io, ws } = sender(path.dirname(path.dirname(dir)), { T_HOOK: server.url("/hook"), T_SECRET: HOOK_SECRET });
    await sendPending(io, ws, dir);
    expect(server.received.map((x) => x.answered)).toEqual([401]);
  });
});
