// @module-tag slow (SIGKILL at many points and resume: spawns the CLI dozens of times)
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { JournalEvent } from "../../src/core/journal/events.js";
import { readJournal } from "../../src/services/journal/store.js";
import { BIN } from "../helpers/pty.js";
import { fixtureWorkspace } from "../helpers/workspace.js";

const ANSWERS = `title: Crash drill
roles: { lead: Ana Ruiz, approver: J. Park }
severity: { answers: { reach: Many thousands, safety_risk: false } }
prompts:
  war_room: "#crash"
  detected_how: A customer told us
  confirmed_facts: Card payments fail.
  we_caused_it: true
  apology_for: The failed orders
  mitigated: true
  what_changed: Fixed.
checklist: { declare: true, acknowledge: [1] }
messages:
  "*": { approve: true, publish: true }
steps: { update: { repeat: 2 } }
resolve: { exit_criteria: true, summary: Done. }
`;

const env = { ...process.env, NO_COLOR: "1", CRISIS_ACTOR: "Crash Tester" };
const lines = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").split("\n").length - 1 : 0);

/** The parts of an event that do not depend on the clock. */
const essence = (e: JournalEvent) => {
  const data = { ...(e.data as Record<string, unknown>) };
  for (const k of ["hash", "text", "next_update_due", "due"]) delete data[k];
  return `${e.type} ${JSON.stringify(data)}`;
};

function startKilledAt(cwd: string, afterLines: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "start", "fixture", "--answers", "answers.yaml"], {
      cwd,
      env,
      stdio: "ignore",
    });
    const journal = path.join(cwd, "incidents", readdirToday(), "journal.jsonl");
    const poll = setInterval(() => {
      if (lines(journal) >= afterLines) {
        child.kill("SIGKILL");
        clearInterval(poll);
      }
    }, 1);
    child.on("exit", () => {
      clearInterval(poll);
      resolve();
    });
  });
}

const readdirToday = () => `${new Date().toISOString().slice(0, 10)}-fixture`;

describe("kill -9 at any moment loses at most the event being written", () => {
  it("after a SIGKILL at many points, crisis resume continues and no recorded event is lost", async () => {
    const baselineDir = fixtureWorkspace({ "answers.yaml": ANSWERS });
    const base = spawnSync(process.execPath, [BIN, "start", "fixture", "--answers", "answers.yaml"], {
      cwd: baselineDir,
      env,
      encoding: "utf8",
    });
    expect(base.status, base.stderr).toBe(0);
    const baseline = readJournal(path.join(baselineDir, "incidents", readdirToday())).events;
    expect(baseline.at(-1)?.type).toBe("resolved");
    const expected = baseline.filter((e) => !e.type.startsWith("session_")).map(essence);

    const points = [2, 7, 13, 20, 28, 37, 47, 55].filter((k) => k < baseline.length - 1);
    let killedMidway = 0;
    for (const k of points) {
      const cwd = fixtureWorkspace({ "answers.yaml": ANSWERS });
      await startKilledAt(cwd, k);
      const dir = path.join(cwd, "incidents", readdirToday());
      const killed = readJournal(dir);
      expect(killed.invalid, `kill after ${k} lines`).toEqual([]);
      if (killed.events.at(-1)?.type !== "resolved") killedMidway++;
      writeFileSync(path.join(cwd, "answers.yaml"), ANSWERS);
      const resumed = spawnSync(process.execPath, [BIN, "resume", "--answers", "answers.yaml"], {
        cwd,
        env,
        encoding: "utf8",
      });
      const final = readJournal(dir);
      if (killed.events.at(-1)?.type === "resolved") {
        expect(resumed.status).toBe(4);
      } else {
        expect(resumed.status, `resume after a kill at ${k} lines:\n${resumed.stderr.slice(-800)}`).toBe(0);
      }
      if (killed.torn) expect(resumed.stderr).toContain("the last line was cut off mid-write");
      // Every event recorded before the kill is still there, unchanged, in order.
      expect(final.events.slice(0, killed.events.length)).toEqual(killed.events);
      expect(final.events.map((e) => e.seq)).toEqual(final.events.map((_, i) => i));
      // And the incident ends the same as one that was never killed.
      expect(final.events.filter((e) => !e.type.startsWith("session_")).map(essence)).toEqual(expected);
    }
    expect(killedMidway).toBeGreaterThanOrEqual(5);
  }, 180_000);
});
