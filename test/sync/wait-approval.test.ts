import { execFileSync } from "node:child_process";
import { appendFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Prompter } from "../../src/adapters/terminal/prompter.js";
import { main } from "../../src/cli.js";
import { clock, fakeIo } from "../helpers/io.js";
import { scriptedPrompter } from "../helpers/prompter.js";
import { tempDir } from "../helpers/tmp.js";
import { fixtureWorkspace } from "../helpers/workspace.js";
import { getPlaybook } from "../../src/core/playbook/catalog.js";
import { driveOpenIncident } from "../../src/services/incident/drive.js";
import { openIncident } from "../../src/services/incident/open.js";
import { loadWorkspace } from "../../src/services/workspace/workspace.js";

/** A copy of the runner's fixture workspace that syncs with `remote` every second. */
function laptop(remote: string): string {
  const dir = fixtureWorkspace();
  appendFileSync(path.join(dir, "crisis.config.yaml"), `sync:\n  remote: ${remote}\n  interval_seconds: 1\n`);
  return dir;
}

describe("crisis start waiting at an approval for the approver's own machine", { tags: ["slow"] }, () => {
  it("syncs in the background, closes the waiting question when the approval arrives, records it as the approver's, and goes on", async () => {
    const remote = path.join(tempDir(), "remote.git");
    execFileSync("git", ["init", "--bare", "--quiet", remote]);
    const lead = laptop(remote);
    const approver = laptop(remote);
    const ioA = fakeIo({ cwd: lead, now: clock(), env: { CRISIS_ACTOR: "Ana Ruiz", CRISIS_REPLICA: "host-a.aaaa" } });
    const ioB = () => fakeIo({ cwd: approver, env: { CRISIS_ACTOR: "J. Park", CRISIS_REPLICA: "host-b.bbbb" } });

    const scripted = scriptedPrompter({
      "roles.lead": "Ana Ruiz",
      "severity.reach": "Many thousands",
      "roles.approver": "J. Park",
      "prompts.war_room": "#crisis-room",
      "prompts.confirmed_facts": "Some checkouts fail.",
      "checklist.declare": ["0"],
      // The first text's approver is waited for; later texts are approved here.
      "message.fixture/holding.approve.approver": ["remote", "approve"],
    });
    let closedByTheApproval = false;
    let seenBy: string[] = [];
    const prompter: Prompter = {
      ...scripted.prompter,
      select: (q) => {
        if (!q.key?.startsWith("wait.")) return scripted.prompter.select(q);
        // While Ana's crisis start waits, J. Park approves on his own laptop.
        return (async () => {
          const id = (await import("node:fs"))
            .readdirSync(path.join(lead, "incidents"))
            .find((d) => !d.startsWith("."))!;
          expect(await main(["node", "crisis", "join", id], ioB())).toBe(0);
          const b = ioB();
          expect(await main(["node", "crisis", "approve", id, "--yes"], b)).toBe(0);
          seenBy = [b.err()];
          return new Promise<never>((_, reject) =>
            q.signal?.addEventListener("abort", () => {
              closedByTheApproval = true;
              reject(new Error("closed"));
            }),
          );
        })();
      },
    };
    // As crisis start does: the services' drive, which offers the wait when a remote is configured.
    const ws = loadWorkspace(ioA, {});
    const playbook = getPlaybook(ws.catalog, "fixture");
    const session = openIncident(ioA, ws, playbook, { title: "Checkout failures", drill: false, actor: "Ana Ruiz" });
    const out = (t: string) => ioA.stderr.write(`${t}\n`);
    const context = { io: ioA, ws, prompter, actor: "Ana Ruiz", out, answers: undefined, answersFile: undefined };
    const code = await driveOpenIncident(context, session, playbook);
    expect(code).toBe(0);
    expect(closedByTheApproval).toBe(true);
    expect(seenBy[0]).toContain("Approved as Executive approver by J. Park");
    expect(ioA.err()).toContain("Waiting for Executive approver (J. Park) to decide on this exact text");
    expect(ioA.err()).toContain("crisis approve");
    expect(ioA.err()).toMatch(/✔ Executive approver \(J\. Park\): approved by J\. Park on host-b at /);
    const holding = session.state.publications.find((p) => p.template === "fixture/holding")!;
    expect(session.state.approvals[holding.hash]?.approved.map((a) => [a.role, a.by, a.replica])).toEqual([
      ["lead", "Ana Ruiz", "host-a.aaaa"],
      ["approver", "J. Park", "host-b.bbbb"],
    ]);
  });
});
