// @module-tag slow (crisis processes, detached senders and a real HTTP server)
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { EventData } from "../../src/core/journal/events.js";
import { readJournal } from "../../src/services/journal/store.js";
import { BIN } from "../helpers/pty.js";
import { tempDir } from "../helpers/tmp.js";
import { webhookServer, type Received } from "../helpers/webhook-server.js";
import { fixtureWorkspace } from "../helpers/workspace.js";

/**
 * The acceptance scenario of issue 17: a scripted crisis start drill, with a Slack route, and the
 * local server receives the declaration and the approval request in Slack's format, sent by the
 * detached sender while the drill goes on. Then: a receiver that fails is caught up by the next
 * command, and nothing is delivered twice.
 */

const ANSWERS = `title: Checkout double-charged customers
roles: { lead: Ana Ruiz }
severity: { answers: { reach: A few } }
prompts: { war_room: "#checkout", confirmed_facts: Facts., what_changed: Nothing. }
steps: { identify: { skip: Not needed for this test } }
messages: { "*": { approve: true, publish: true } }
`;

const NOTIFY = (attempts: number) => `notify:
  attempts: ${attempts}
  backoff_seconds: 0.1
  routes:
    team-slack: { type: slack, url_env: TEST_SLACK_WEBHOOK, events: [declared, approval_waiting, resolved] }
`;

function crisis(
  cwd: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1", CRISIS_ACTOR: "Ana Ruiz", ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("exit", (code) => resolve({ code, stderr }));
  });
}

async function until<T>(what: string, get: () => T | undefined, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function attempts(dir: string): EventData<"notification_attempt">[] {
  return readJournal(dir)
    .events.filter((e) => e.type === "notification_attempt")
    .map((e) => e.data);
}

const delivered = (received: Received[]) => received.filter((r) => r.answered === 200);

describe("notifications in a drill (issue 17 acceptance)", () => {
  it("a Slack webhook receives the declaration and the approval request with its exact text, once each", async () => {
    const server = await webhookServer();
    const cwd = fixtureWorkspace({ "answers.yaml": ANSWERS });
    writeFileSync(
      path.join(cwd, "crisis.config.yaml"),
      readFileSync(path.join(cwd, "crisis.config.yaml"), "utf8") + NOTIFY(4),
    );
    const env = { TEST_SLACK_WEBHOOK: server.url("/slack/T000/B000") };
    const start = await crisis(cwd, ["start", "fixture", "--drill", "--answers", "answers.yaml"], env);
    expect(start.code, start.stderr).toBe(0);
    const id = /Incident (\S+) opened/.exec(start.stderr)![1]!;
    const dir = path.join(cwd, "incidents", id);
    const journal = readJournal(dir).events;
    const requests = journal.filter((e) => e.type === "approval_requested" && e.data.roles.length > 0);
    // Every notification the drill owes arrives, in Slack's format (the server checked it).
    const expected = 1 + requests.length;
    const got = await until("the Slack messages", () => {
      const ok = delivered(server.received);
      return ok.length >= expected && attempts(dir).length >= expected ? ok : undefined;
    });
    const declared = got.find((r) => r.headers["x-crisis-event"] === "declared")!;
    expect(declared.json.text).toMatch(/^\[DRILL\] Crisis declared at SEV\d · Checkout double-charged customers/);
    const approval = got.find((r) => r.headers["x-crisis-event"] === "approval_waiting")!;
    const first = requests[0]!;
    const draft = journal.find(
      (e) => e.type === "draft_created" && first.type === "approval_requested" && e.data.hash === first.data.hash,
    )!;
    expect(JSON.stringify(approval.json.blocks)).toContain(JSON.stringify((draft.data as { text: string }).text));
    expect(JSON.stringify(approval.json.blocks)).toContain(`crisis approve ${id} --hash`);
    // Recorded in the journal, one delivered attempt per notification; the log has one compact row.
    expect(attempts(dir).filter((a) => a.outcome === "delivered")).toHaveLength(got.length);
    const keys = got.map((r) => r.headers["x-crisis-delivery"]);
    expect(new Set(keys).size).toBe(keys.length);
    // A later command sends nothing again.
    const note = await crisis(cwd, ["note", "Checked the notifications"], env);
    expect(note.code, note.stderr).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(delivered(server.received)).toHaveLength(got.length);
    const status = await crisis(cwd, ["notify", "status", id, "--json"], env);
    expect(status.code, status.stderr).toBe(0);

    // The start-up path: with notify: an incident command loads the notification check; without
    // it, no notification code at all.
    const loaded = path.join(tempDir(), "loaded.txt");
    const hooks = tempDir({
      "hooks.mjs": `import { appendFileSync } from "node:fs";\nexport async function load(url, context, next) { appendFileSync(${JSON.stringify(loaded)}, url + "\\n"); return next(url, context); }\n`,
      "register.mjs": `import { register } from "node:module";\nregister("./hooks.mjs", import.meta.url);\n`,
    });
    const modules = () =>
      new Promise<string>((resolve) => {
        writeFileSync(loaded, "");
        const child = spawn(process.execPath, [`--import=${path.join(hooks, "register.mjs")}`, BIN, "note", "hello"], {
          cwd,
          env: { ...process.env, NO_COLOR: "1", ...env },
          stdio: "ignore",
        });
        child.on("exit", () => resolve(readFileSync(loaded, "utf8")));
      });
    expect(await modules()).toMatch(/chunks\/kick-/);
    writeFileSync(
      path.join(cwd, "crisis.config.yaml"),
      readFileSync(path.join(cwd, "crisis.config.yaml"), "utf8").replace(/notify:[\s\S]*$/, ""),
    );
    expect(await modules()).not.toMatch(/chunks\/kick-/);
  });

  it("what a failing receiver missed is delivered by the next command, and never twice", async () => {
    let failing = true;
    const server = await webhookServer(() => (failing ? { status: 503 } : undefined));
    const cwd = fixtureWorkspace({ "answers.yaml": ANSWERS });
    writeFileSync(
      path.join(cwd, "crisis.config.yaml"),
      readFileSync(path.join(cwd, "crisis.config.yaml"), "utf8") + NOTIFY(1),
    );
    const env = { TEST_SLACK_WEBHOOK: server.url("/slack") };
    const start = await crisis(cwd, ["start", "fixture", "--drill", "--answers", "answers.yaml"], env);
    expect(start.code, start.stderr).toBe(0);
    const id = /Incident (\S+) opened/.exec(start.stderr)![1]!;
    const dir = path.join(cwd, "incidents", id);
    const failed = await until("the failed attempts", () => {
      const a = attempts(dir);
      return a.some((x) => x.kind === "declared") ? a : undefined;
    });
    expect(failed.every((a) => a.outcome === "failed" && a.error === "HTTP 503" && a.retry)).toBe(true);
    failing = false;
    const note = await crisis(cwd, ["note", "The webhook is back"], env);
    expect(note.code, note.stderr).toBe(0);
    await until("the retried declaration", () =>
      attempts(dir).some((a) => a.kind === "declared" && a.outcome === "delivered") ? true : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const ok = delivered(server.received);
    const keys = ok.map((r) => String(r.headers["x-crisis-delivery"]));
    expect(new Set(keys).size).toBe(keys.length);
    expect(ok.map((r) => r.headers["x-crisis-event"])).toContain("declared");
  });
});
