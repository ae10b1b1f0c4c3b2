import { spawn } from "node:child_process";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Prompter } from "../../src/adapters/terminal/prompter.js";
import { main } from "../../src/cli.js";
import { InterruptError } from "../../src/errors.js";
import { readJournal } from "../../src/services/journal/store.js";
import { syncContext } from "../../src/services/sync/run.js";
import { syncIncident } from "../../src/services/sync/sync.js";
import { loadWorkspace } from "../../src/services/workspace/workspace.js";
import { FIXTURES } from "../helpers/workspace.js";
import { foldedState, makeTeam, openOn, remoteRefs, type Member } from "./team.js";

const BIN = path.resolve(import.meta.dirname, "../../bin/crisis.js");

/** Every replica holds the same events, folds the same state and renders the same log. */
function expectConverged(members: Member[], id: string): void {
  const [first, ...rest] = members;
  const state = (m: Member) => foldedState(m, id);
  for (const m of rest) {
    expect(m.ids(id)).toEqual(first!.ids(id));
    expect(state(m)).toBe(state(first!));
    expect(m.log(id)).toBe(first!.log(id));
  }
  for (const m of members) {
    const read = readJournal(path.join(m.dir, "incidents", id));
    expect(read.invalid).toEqual([]);
    expect(read.torn).toBeUndefined();
    expect(new Set(m.ids(id)).size).toBe(m.ids(id).length);
  }
}

async function syncWith(m: Member, id: string, options: { fetched?: boolean } = {}) {
  const io = m.io();
  return syncIncident(await syncContext(io, loadWorkspace(io, {})), id, options);
}

describe("crisis sync with a real git remote", { tags: ["slow"] }, () => {
  it("two replicas pushing at once: one push is rejected, merged and retried, and both end with every event", async () => {
    const { remote, members } = makeTeam([
      { name: "Ana", host: "host-a" },
      { name: "Jordan", host: "host-b" },
    ]);
    const [a, b] = members as [Member, Member];
    const id = openOn(a, "viral-complaint", "Complaint thread").id;
    await a.run("sync");
    await b.run("join", id);

    // B fetched (at join), then A pushed: B's push is certain to be refused the first time.
    a.session(id).append("note", { text: "A: refund offered" });
    await syncWith(a, id);
    b.session(id).append("note", { text: "B: legal reviewed the reply" });
    const stale = await syncWith(b, id, { fetched: true });
    expect(stale.retries).toBeGreaterThanOrEqual(1);
    expect(stale.received).toBe(1);
    expect(stale.sent).toBe(2); // B's first event records its machine (replica_joined), then the note

    // And truly at the same moment, many times over: nothing is lost either way.
    for (let round = 0; round < 3; round++) {
      a.session(id).append("note", { text: `A round ${round}` });
      b.session(id).append("note", { text: `B round ${round}` });
      const results = await Promise.all([syncWith(a, id), syncWith(b, id)]);
      expect(results.every((r) => r.sent === 1)).toBe(true);
    }
    await syncWith(a, id);
    await syncWith(b, id);
    expectConverged(members, id);
    expect(a.session(id).state.notes).toHaveLength(8);
    expect(execFileSync("git", ["--git-dir", remote, "fsck", "--no-progress"], { encoding: "utf8" })).toBe("");
    expect(Object.keys(remoteRefs(remote))).toEqual([`refs/crisis/incidents/${id}`]);
  });

  it("two severity changes made at once on two machines: the same winner everywhere, and status and the log show the conflict", async () => {
    const { members } = makeTeam([
      { name: "Ana", host: "host-a" },
      { name: "Jordan", host: "host-b" },
    ]);
    const [a, b] = members as [Member, Member];
    const id = openOn(a, "viral-complaint", "Complaint thread").id;
    expect((await a.run("severity", "--incident", id, "SEV3", "--reason", "first look")).code).toBe(0);
    await b.run("join", id);
    // Both change it from SEV3 before seeing the other's change (the remote is out of reach for B).
    expect((await a.run("severity", "--incident", id, "SEV2", "--reason", "press calls")).code).toBe(0);
    b.session(id).append("severity_changed", { from: "SEV3", to: "SEV1", reason: "data exposed" });
    await syncWith(b, id);
    await syncWith(a, id);
    expectConverged(members, id);
    const winner = a.session(id).state.severity;
    expect(["SEV1", "SEV2"]).toContain(winner);
    const status = await a.run("status", id);
    expect(status.out).toMatch(new RegExp(`Conflict +severity: ${winner} counts, not SEV[12]`));
    const json = JSON.parse((await b.run("status", id, "--json")).out) as { conflicts: unknown[]; severity: string };
    expect(json.severity).toBe(winner);
    expect(json.conflicts).toHaveLength(1);
    expect(a.log(id)).toContain("## Conflicts resolved");
    expect(a.log(id)).toMatch(new RegExp(`\\*\\*severity:\\*\\* ${winner} .*counts; SEV[12] .*does not`));
  });

  it("SIGKILL during a sync loses no acknowledged event, leaves no broken ref, and the next sync completes", async () => {
    const { remote, members } = makeTeam([
      { name: "Ana", host: "host-a" },
      { name: "Jordan", host: "host-b" },
    ]);
    const [a, b] = members as [Member, Member];
    const id = openOn(a, "viral-complaint", "Complaint thread").id;
    await a.run("sync");
    await b.run("join", id);
    const written: string[] = [];
    for (const delay of [5, 30, 60, 100, 150, 220, 320, 450]) {
      for (const [m, who] of [
        [a, "A"],
        [b, "B"],
      ] as const) {
        const text = `${who} before the kill at ${delay} ms`;
        m.session(id).append("note", { text });
        written.push(text);
      }
      await syncWith(b, id); // so A's sync also has something to receive
      const child = spawn(process.execPath, [BIN, "sync", id], {
        cwd: a.dir,
        env: { ...process.env, ...a.env, NO_COLOR: "1" },
        stdio: "ignore",
      });
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill("SIGKILL");
      await new Promise((resolve) => child.on("exit", resolve));
      // Every ref of the sync store still points at a whole commit.
      execFileSync("git", ["--git-dir", path.join(a.dir, "incidents/.sync/git"), "fsck", "--no-progress"]);
    }
    const after = await syncWith(a, id);
    expect(after.retries).toBe(0);
    await syncWith(b, id);
    await syncWith(a, id);
    expectConverged(members, id);
    const notes = a.session(id).state.notes.map((n) => n.text);
    for (const text of written) expect(notes).toContain(text);
    execFileSync("git", ["--git-dir", remote, "fsck", "--no-progress"]);
  });

  it("random appends and syncs on 2–4 replicas always converge: same events, same state, same log, same conflicts", async () => {
    const command = (n: number) =>
      fc.oneof(
        fc.record({ kind: fc.constant("note" as const), who: fc.nat(n - 1), text: fc.string({ maxLength: 12 }) }),
        fc.record({
          kind: fc.constant("severity" as const),
          who: fc.nat(n - 1),
          to: fc.constantFrom("SEV1", "SEV2", "SEV3"),
        }),
        fc.record({ kind: fc.constant("sync" as const), who: fc.nat(n - 1) }),
      );
    const scenario = fc
      .integer({ min: 2, max: 4 })
      .chain((n) => fc.tuple(fc.constant(n), fc.array(command(n), { maxLength: 8 })));
    await fc.assert(
      fc.asyncProperty(scenario, async ([n, commands]) => {
        const { members } = makeTeam(Array.from({ length: n }, (_, i) => ({ name: `Person ${i}`, host: `host-${i}` })));
        const id = openOn(members[0]!, "viral-complaint", "Property").id;
        await syncWith(members[0]!, id);
        for (const m of members.slice(1)) await m.run("join", id);
        for (const c of commands) {
          const m = members[c.who]!;
          if (c.kind === "sync") await syncWith(m, id);
          else if (c.kind === "note") m.session(id).append("note", { text: `${m.name}: ${c.text || "-"}` });
          else {
            const s = m.session(id);
            s.append("severity_changed", { from: s.state.severity, to: c.to, reason: "property" });
          }
        }
        for (let round = 0; round < 2; round++) for (const m of members) await syncWith(m, id);
        expectConverged(members, id);
      }),
      { numRuns: 6 },
    );
  });

  it("a v1 journal from the current release loads, resumes and syncs; its lines are carried as they are", async () => {
    const { members } = makeTeam([
      { name: "Rui Costa", host: "host-a" },
      { name: "Jordan", host: "host-b" },
    ]);
    const [a, b] = members as [Member, Member];
    const id = "2026-09-01-misinformation";
    const dir = path.join(a.dir, "incidents", id);
    mkdirSync(dir, { recursive: true });
    const v1 = path.join(FIXTURES, "journals", "missing-events.jsonl");
    copyFileSync(v1, path.join(dir, "journal.jsonl"));
    const original = readFileSync(v1, "utf8");

    expect((await a.run("status", id)).code).toBe(0);
    // Resume continues it (and records the interruption when the responder presses Ctrl+C).
    const stop: Prompter = new Proxy({} as Prompter, {
      get: (_, name) => (name === "then" ? undefined : () => Promise.reject(new InterruptError("interrupted"))),
    });
    expect(await main(["node", "crisis", "resume", id], a.io({ tty: true, prompter: stop }))).toBe(130);
    expect((await a.run("note", "--incident", id, "Platform took the account down")).code).toBe(0);
    expect(a.journal(id).startsWith(original)).toBe(true);
    expect(a.journal(id).slice(original.length)).toContain('"v":2');

    expect((await b.run("join", id)).code).toBe(0);
    expect((await b.run("note", "--incident", id, "Legal: no statement needed")).code).toBe(0);
    await a.run("sync");
    await b.run("sync");
    expectConverged(members, id);
    expect(a.journal(id).startsWith(original)).toBe(true);
    // B holds the v1 events with the ids A derives: nothing doubled.
    expect(b.session(id).state.events.filter((e) => e.replica === "v1")).toHaveLength(4);
  });
});
