// @module-tag faults (stops a writer with SIGSTOP for longer than any lock timeout: about half a minute)
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { foldEvents } from "../../src/core/journal/fold.js";
import { logRenderer } from "../../src/services/incident/incident-log.js";
import { LOCK_WAIT_MS, readJournal } from "../../src/services/journal/store.js";
import { loadWorkspace } from "../../src/services/workspace/workspace.js";
import { fakeIo } from "../helpers/io.js";
import { BIN } from "../helpers/pty.js";
import { fixtureWorkspace } from "../helpers/workspace.js";

const env = { ...process.env, NO_COLOR: "1", CRISIS_ACTOR: "Stall Tester" };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exited(child: ChildProcess): Promise<{ code: number | null; err: string }> {
  let err = "";
  child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, err })));
}

const note = (cwd: string, id: string, text: string) =>
  spawn(process.execPath, [BIN, "note", text, "--incident", id], { cwd, env, stdio: ["ignore", "ignore", "pipe"] });

/** The pid named in the journal lock's owner file, if the lock is held right now. */
function lockOwner(dir: string): number | undefined {
  try {
    return (JSON.parse(readFileSync(path.join(dir, ".journal.lock", "owner"), "utf8")) as { pid: number }).pid;
  } catch {
    return undefined;
  }
}

describe("a writer stalled inside the journal lock (SIGSTOP) for longer than any timeout", () => {
  it("is never robbed of the lock: no seq is taken twice, a writer that waits too long records nothing and says so, and the log matches the journal", async () => {
    const cwd = fixtureWorkspace({
      "answers.yaml": `title: Stall drill
roles: { lead: Ana Ruiz, approver: J. Park }
severity: { answers: { reach: Many thousands } }
prompts: { war_room: "#stall", confirmed_facts: Facts., what_changed: Fixed. }
messages:
  "*": { approve: true, publish: true }
resolve: { exit_criteria: true, summary: Done. }
`,
    });
    const started = spawnSync(process.execPath, [BIN, "start", "fixture", "--answers", "answers.yaml"], {
      cwd,
      env,
      encoding: "utf8",
    });
    expect(started.status, started.stderr).toBe(0);
    const id = `${new Date().toISOString().slice(0, 10)}-fixture`;
    const dir = path.join(cwd, "incidents", id);

    // Writer A: notes one after another, until one of them is caught holding the lock and stopped.
    const aResults: Promise<{ code: number | null; err: string }>[] = [];
    let stopped: number | undefined;
    for (let i = 0; stopped === undefined && i < 400; i++) {
      const a = note(cwd, id, `A ${i}`);
      aResults.push(exited(a));
      const until = Date.now() + 5000;
      while (a.exitCode === null && Date.now() < until) {
        if (lockOwner(dir) === a.pid) {
          process.kill(a.pid!, "SIGSTOP");
          // Caught inside the lock only if the lock is still its own once it is stopped.
          if (lockOwner(dir) === a.pid) {
            stopped = a.pid;
            break;
          }
          process.kill(a.pid!, "SIGCONT");
        }
        await new Promise((r) => setImmediate(r));
      }
      if (stopped === undefined) await aResults.at(-1);
    }
    expect(stopped, "a writer was caught holding the lock").toBeDefined();

    // B1 starts at once and gives up after the wait, recording nothing; B2 starts later and is
    // still waiting when A continues, so it records its note after A's.
    const b1 = exited(note(cwd, id, "B1 gave up"));
    await sleep(LOCK_WAIT_MS - 4000);
    const b2 = exited(note(cwd, id, "B2 waited"));
    await sleep(6000);
    // Stopped for longer than the lock wait (and than the 10 s after which the old lock was taken).
    const gaveUp = await b1;
    expect(gaveUp.code, gaveUp.err).toBe(2);
    expect(gaveUp.err).toMatch(
      new RegExp(
        `crisis: the journal in .* is held by another crisis process \\(pid ${stopped}, since .*\\) that has not finished in ${LOCK_WAIT_MS / 1000} s; the note was not recorded`,
      ),
    );
    expect(gaveUp.err).not.toContain("internal error");
    process.kill(stopped!, "SIGCONT");

    const [a, b] = [await aResults.at(-1)!, await b2];
    expect(a.code, a.err).toBe(0);
    expect(b.code, b.err).toBe(0);

    const read = readJournal(dir);
    expect(read.invalid).toEqual([]);
    expect(read.torn).toBeUndefined();
    const seqs = read.events.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual(seqs.map((_, i) => i));
    const notes = read.events.filter((e) => e.type === "note").map((e) => (e.data as { text: string }).text);
    expect(notes).not.toContain("B1 gave up");
    // The stopped writer may have been caught holding the lock to read (a session opens under the
    // lock) rather than to append: then B2, let in when it is continued, records first. Either way
    // both are recorded after every earlier note, once each, and B1 nothing.
    expect([...notes.slice(-2)].sort()).toEqual([`A ${aResults.length - 1}`, "B2 waited"].sort());
    expect(notes.filter((t) => t.startsWith("A ")).length).toBe(aResults.length);

    // The incident log is the rendering of the whole journal, written by the last writer.
    const io = fakeIo({ cwd });
    const ws = loadWorkspace(io, {});
    const render = logRenderer(ws, ws.catalog.playbooks.get("fixture"));
    expect(readFileSync(path.join(dir, "incident-log.md"), "utf8")).toBe(render(foldEvents(read.events)));
  }, 120_000);
});
