import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { foldedState, makeTeam, openOn, remoteRefs } from "./team.js";

const sha = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const HOLDING =
  "We are looking into reports that some order pages showed other customers' details. Next update by 20:30 UTC.";

describe("a crisis team on three machines, synced through a bare git remote", { tags: ["slow"] }, () => {
  it("the A/B/C scenario: the lead declares on A, legal approves on B, the social lead notes on C; every replica ends with the same events, state and byte-identical log, and the post-mortem names B's approver and machine", async () => {
    const { remote, members } = makeTeam([
      { name: "Ana Ruiz", host: "ana-laptop" },
      { name: "Jordan Lee", host: "jordan-laptop" },
      { name: "Sam Okafor", host: "sam-laptop" },
    ]);
    const [a, b, c] = members as [(typeof members)[0], (typeof members)[0], (typeof members)[0]];

    // A: the lead declares and drafts the holding statement, which waits for legal.
    const lead = openOn(a, "data-breach", "Order pages showed other customers' details");
    const id = lead.id;
    lead.append("severity_changed", { from: null, to: "SEV2", reason: "Personal data exposed" });
    lead.append("declared", { severity: "SEV2" });
    lead.append("role_assigned", { role: "lead", person: "Ana Ruiz" });
    lead.append("role_assigned", { role: "legal", person: "Jordan Lee" });
    lead.append("draft_created", {
      step: "holding",
      template: "data-breach/holding-short",
      channel: "x",
      text: HOLDING,
      hash: sha(HOLDING),
      revision: 1,
      edited: false,
      audience: "public",
    });
    lead.append("approval_requested", { hash: sha(HOLDING), roles: ["legal"], step: "holding" });
    expect((await a.run("sync")).code).toBe(0);
    expect(Object.keys(remoteRefs(remote))).toEqual([`refs/crisis/incidents/${id}`]);

    // B: legal sees the team's incidents, joins this one and approves the exact text.
    const listed = await b.run("list", "--remote");
    expect(listed.out).toContain(id);
    expect(listed.out).toMatch(/open\s+SEV2\s+no\s+Order pages/);
    const joined = await b.run("join", id);
    expect(joined.code).toBe(0);
    expect(joined.err).toContain(`Joined ${id}`);
    const approved = await b.run("approve", id, "--yes");
    expect(approved.code).toBe(0);
    // The exact text, framed and wrapped at spaces like the runner's drafts.
    expect(approved.out.replace(/\s*\n\s*│ /g, " ")).toContain(HOLDING);
    expect(approved.out).toContain("Holding statement (short), for X");
    expect(approved.out).toContain(`sha256 ${sha(HOLDING)}`);
    expect(approved.err).toContain("Approved as Legal counsel by Jordan Lee");

    // C: the social lead joins, notes and checks in; each command syncs after writing.
    expect((await c.run("join", id)).code).toBe(0);
    expect((await c.run("note", "--incident", id, "Thread on X passed 2,000 reposts")).code).toBe(0);
    expect((await c.run("checkin", "--incident", id, "--mentions", "1800", "--negative", "62")).code).toBe(0);

    // A picks up the approval (its running session refreshes) and publishes.
    expect((await a.run("sync", id)).err).toMatch(/events? in/);
    lead.refresh();
    const approval = lead.state.approvals[sha(HOLDING)]?.approved[0];
    expect(approval).toMatchObject({ role: "legal", by: "Jordan Lee", replica: b.env.CRISIS_REPLICA });
    lead.append("published", {
      hash: sha(HOLDING),
      channel: "x",
      template: "data-breach/holding-short",
      audience: "public",
      next_update_due: "2026-11-21T20:30:00.000Z",
    });

    // Syncs in different orders, then once more each: everyone has everything.
    await c.run("sync");
    await a.run("sync");
    await b.run("sync");
    await c.run("sync");
    for (const m of members) expect((await m.run("sync")).code).toBe(0);

    const ids = a.ids(id);
    expect(b.ids(id)).toEqual(ids);
    expect(c.ids(id)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    // The state and the incident log are the same everywhere, byte for byte.
    const state = (m: (typeof members)[0]) => foldedState(m, id);
    expect(state(b)).toBe(state(a));
    expect(state(c)).toBe(state(a));
    expect(b.log(id)).toBe(a.log(id));
    expect(c.log(id)).toBe(a.log(id));
    expect(a.log(id)).toContain("Jordan Lee (Legal counsel, ");
    expect(a.log(id)).toContain(", on jordan-laptop)");
    expect(a.log(id)).toContain("Thread on X passed 2,000 reposts");

    // The post-mortem, written on C, says who approved it, from which machine, and when.
    const pm = await c.run("postmortem", id, "--no-retro");
    expect(pm.code).toBe(0);
    const review = readFileSync(path.join(c.dir, "incidents", id, "postmortem.md"), "utf8");
    const row = review.split("\n").find((l) => l.includes("Approved") && l.includes("Jordan Lee"));
    expect(row).toMatch(/\d{2}:\d{2}/);
    expect(row).toContain("as Legal counsel on jordan-laptop");
  });
});

describe("sync progress", { tags: ["slow"] }, () => {
  it("offers a spinner that appears only after a second, says what the sync does, and is gone before the result is printed", async () => {
    const { members } = makeTeam([{ name: "Ana Ruiz", host: "ana-laptop" }]);
    const a = members[0]!;
    const id = openOn(a, "viral-complaint", "Complaint").id;
    const events: string[] = [];
    const io = Object.assign(a.io(), {
      progress: (text: string, delayMs: number) => {
        events.push(`start ${text} after ${delayMs} ms`);
        return Promise.resolve({ update: (t: string) => events.push(t), stop: () => events.push("stop") });
      },
    });
    const { main } = await import("../../src/cli.js");
    expect(await main(["node", "crisis", "sync"], io)).toBe(0);
    expect(events[0]).toBe("start Syncing with the team after 1000 ms");
    expect(events).toContain(`${id}: sending 1 event`);
    expect(events.at(-1)).toBe("stop");
    expect(io.err()).toContain(`Synced ${id}: 0 events in, 1 event out`);
  });
});
