// @module-tag slow (many crisis note processes at once)
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { readJournal } from "../../src/services/journal/store.js";
import { BIN, ROOT } from "../helpers/pty.js";
import { fixtureWorkspace } from "../helpers/workspace.js";

const ANSWERS = `title: Two terminals
roles: { lead: Ana Ruiz }
severity: { answers: { reach: A few } }
prompts: { war_room: "#two", confirmed_facts: Facts., what_changed: Nothing. }
steps: { identify: { skip: Not needed for this test } }
messages: { "*": { approve: true, publish: true } }
`;

const N = 40;

/** One process that runs `crisis note` N times through the built CLI's main(). */
function writer(cwd: string, name: string): Promise<number | null> {
  const cli = pathToFileURL(path.join(ROOT, "dist", "cli.js")).href;
  const script = `const { main } = await import(${JSON.stringify(cli)});
for (let i = 0; i < ${N}; i++) {
  const code = await main(["node", "crisis", "note", "${name} " + i + " ${"x".repeat(2000)}"]);
  if (code !== 0) process.exit(code);
}`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      cwd,
      env: { ...process.env, CRISIS_ACTOR: name },
      stdio: "ignore",
    });
    child.on("exit", resolve);
  });
}

describe("two processes writing to one incident", () => {
  it("lose nothing, and no line interleaves with another", async () => {
    const cwd = fixtureWorkspace({ "answers.yaml": ANSWERS });
    const start = spawnSync(process.execPath, [BIN, "start", "fixture", "--answers", "answers.yaml"], {
      cwd,
      env: { ...process.env, NO_COLOR: "1" },
      encoding: "utf8",
    });
    expect(start.status, start.stderr).toBe(0);
    const id = /Incident (\S+) opened/.exec(start.stderr)![1]!;
    const dir = path.join(cwd, "incidents", id);
    const before = readJournal(dir).events.length;

    const codes = await Promise.all([writer(cwd, "alpha"), writer(cwd, "beta")]);
    expect(codes).toEqual([0, 0]);

    const text = readFileSync(path.join(dir, "journal.jsonl"), "utf8");
    const read = readJournal(dir);
    expect(read.invalid).toEqual([]);
    expect(read.torn).toBeUndefined();
    // One event per line, every line whole: as many lines as events.
    expect(text.split("\n").filter((l) => l !== "")).toHaveLength(read.events.length);
    expect(read.events.map((e) => e.seq)).toEqual(read.events.map((_, i) => i));
    const notes = read.events
      .slice(before)
      .map((e) => (e.type === "note" ? `${e.actor}:${e.data.text.split(" ").slice(0, 2).join(" ")}` : e.type));
    for (const name of ["alpha", "beta"]) {
      // Each writer's notes are all there, in the order it wrote them.
      expect(notes.filter((n) => n.startsWith(`${name}:`))).toEqual(
        Array.from({ length: N }, (_, i) => `${name}:${name} ${i}`),
      );
    }
    // The two really wrote at the same time: their notes alternate in the journal.
    const actors = read.events.slice(before).map((e) => e.actor);
    expect(actors.filter((a, i) => i > 0 && a !== actors[i - 1]).length).toBeGreaterThanOrEqual(2);
    // And the log, rewritten by both, shows the last one.
    expect(readFileSync(path.join(dir, "incident-log.md"), "utf8")).toContain(
      `${read.events.at(-1)!.actor}: ${read.events.at(-1)!.actor} ${N - 1}`,
    );
  }, 120_000);
});
