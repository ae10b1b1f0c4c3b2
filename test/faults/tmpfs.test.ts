// @module-tag faults (mounts a real, tiny tmpfs and fills it; needs root, skipped with the reason otherwise)
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, onTestFinished, type TestContext } from "vitest";
import { readJournal } from "../../src/services/journal/store.js";
import { BIN } from "../helpers/pty.js";
import { fixtureWorkspace } from "../helpers/workspace.js";

const ANSWERS = `title: Real disk drill
roles: { lead: Ana Ruiz, approver: J. Park }
severity: { answers: { reach: Many thousands, safety_risk: false } }
prompts:
  war_room: "#disk"
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

const env = { ...process.env, NO_COLOR: "1", CRISIS_ACTOR: "Disk Tester" };
const today = () => `${new Date().toISOString().slice(0, 10)}-fixture`;

function crisis(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, err: r.stderr };
}

/** Mounts a tmpfs of `size` at <workspace>/incidents, or skips the test saying why it cannot. */
function incidentsOnTmpfs(
  ctx: TestContext,
  size: string,
): { cwd: string; incidents: string; resize: (s: string) => void } {
  const cwd = fixtureWorkspace({ "answers.yaml": ANSWERS });
  const incidents = path.join(cwd, "incidents");
  spawnSync("mkdir", ["-p", incidents]);
  if (process.getuid?.() !== 0)
    ctx.skip("mounting a tmpfs needs root; this run is not root (npm run test:faults as root runs it)");
  const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", incidents], { encoding: "utf8" });
  if (mounted.status !== 0) ctx.skip(`cannot mount a tmpfs here (${mounted.stderr.trim() || "mount failed"})`);
  onTestFinished(() => void spawnSync("umount", ["-l", incidents]));
  return {
    cwd,
    incidents,
    resize: (s) => expect(spawnSync("mount", ["-o", `remount,size=${s}`, incidents]).status).toBe(0),
  };
}

/** Fills what is left of the file system with one file. */
function fill(dir: string): void {
  spawnSync("sh", ["-c", `dd if=/dev/zero of='${path.join(dir, ".filler")}' bs=4096 2>/dev/null; true`]);
}

describe("a real full disk (tmpfs)", () => {
  it("start runs out of room mid-incident: exit 2, one line, no torn line, the log whole; resume finishes once there is room", (ctx) => {
    const { cwd, incidents, resize } = incidentsOnTmpfs(ctx, "24k");
    const first = crisis(cwd, "start", "fixture", "--answers", "answers.yaml");
    expect(first.code, first.err).toBe(2);
    expect(first.err).not.toContain("internal error");
    const errors = first.err.split("\n").filter((l) => l.startsWith("crisis: ") && !l.startsWith("crisis: warning"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^crisis: disk full \(ENOSPC\): .* was not (recorded|opened)/);
    const dir = path.join(incidents, today());
    const read = readJournal(dir);
    expect(read.torn).toBeUndefined();
    expect(read.invalid).toEqual([]);
    expect(read.events.length).toBeGreaterThan(3);
    const log = readFileSync(path.join(dir, "incident-log.md"), "utf8");
    expect(log).toContain("## Answers");
    expect(log.endsWith("\n")).toBe(true);
    expect(readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([]);

    // A note on the full disk is refused whole, and says what was not recorded.
    const size = readFileSync(path.join(dir, "journal.jsonl")).length;
    fill(incidents);
    const note = crisis(cwd, "note", "Journalist called");
    expect(note.code, note.err).toBe(2);
    expect(note.err).toMatch(/^crisis: disk full \(ENOSPC\): the note was not recorded/m);
    expect(note.err).toContain("nothing else changed");
    expect(readFileSync(path.join(dir, "journal.jsonl")).length).toBe(size);

    resize("4m");
    writeFileSync(path.join(cwd, "answers.yaml"), ANSWERS);
    const resumed = crisis(cwd, "resume", "--answers", "answers.yaml");
    expect(resumed.code, resumed.err).toBe(0);
    const final = readJournal(dir);
    expect(final.events.slice(0, read.events.length)).toEqual(read.events);
    expect(final.events.at(-1)?.type).toBe("resolved");
    expect(final.invalid).toEqual([]);
    expect(final.events.map((e) => e.seq)).toEqual(final.events.map((_, i) => i));
  }, 120_000);

  it("start on a disk with no room at all leaves no incident folder behind", (ctx) => {
    const { cwd, incidents } = incidentsOnTmpfs(ctx, "64k");
    fill(incidents);
    const r = crisis(cwd, "start", "fixture", "--answers", "answers.yaml");
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(/^crisis: disk full \(ENOSPC\)/m);
    expect(r.err).not.toContain("internal error");
    expect(readdirSync(incidents).filter((n) => n !== ".filler")).toEqual([]);
  }, 60_000);

  it("a read-only incidents folder: every writing command exits 2 with one line, never 3", (ctx) => {
    const { cwd, incidents } = incidentsOnTmpfs(ctx, "1m");
    expect(crisis(cwd, "start", "fixture", "--answers", "answers.yaml").code).toBe(0);
    expect(spawnSync("mount", ["-o", "remount,ro", incidents]).status).toBe(0);
    const id = today();
    for (const args of [
      ["note", "Still here", "--incident", id],
      ["decision", "Hold", "--why", "Because", "--incident", id],
      ["severity", "SEV1", "--reason", "Worse", "--incident", id],
      ["checkin", "--mentions", "10", "--incident", id],
      ["postmortem", id, "--no-retro"],
      ["start", "fixture", "--answers", "answers.yaml"],
    ]) {
      const r = crisis(cwd, ...args);
      expect(r.code, `${args[0]}: ${r.err}`).toBe(2);
      expect(r.err, args[0]).toMatch(/read-only file system/);
      expect(r.err, args[0]).not.toContain("internal error");
    }
    expect(existsSync(path.join(incidents, id, "journal.jsonl"))).toBe(true);
  }, 60_000);
});
