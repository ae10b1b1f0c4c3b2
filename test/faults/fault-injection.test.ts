// @module-tag faults (a whole scripted incident once per write: a few minutes; npm run test:faults)
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import type { JournalEvent } from "../../src/core/journal/events.js";
import { readJournal } from "../../src/services/journal/store.js";
import { clock, fakeIo } from "../helpers/io.js";
import { fixtureWorkspace } from "../helpers/workspace.js";
import { injectFaults, sysError, type FaultLog } from "./helpers.js";

const ANSWERS = `title: Disk drill
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

// The workspaces live in memory where there is a tmpfs: fsync costs nothing there, so one incident
// per write fits in a few minutes. The faults are injected, so the disk under them does not matter.
if (existsSync("/dev/shm")) process.env.TMPDIR = "/dev/shm";

const ID = "2026-11-21-fixture";
const START = ["node", "crisis", "start", "fixture", "--answers", "answers.yaml"];
const RESUME = ["node", "crisis", "resume", "--answers", "answers.yaml"];

/** The parts of an event that do not depend on the clock or on how many sessions it took. */
const essence = (e: JournalEvent) => {
  const data = { ...(e.data as Record<string, unknown>) };
  for (const k of ["hash", "text", "next_update_due", "due"]) delete data[k];
  return `${e.type} ${JSON.stringify(data)}`;
};
/**
 * The incident as recorded, without session events; an exit criterion answered again on resume
 * (a resolution stopped half-way is asked again, docs/journal.md) counts once: the latest wins.
 */
const story = (events: JournalEvent[]) =>
  events
    .filter((e) => !e.type.startsWith("session_"))
    .filter(
      (e, i, all) =>
        e.type !== "exit_criterion" ||
        !all.slice(i + 1).some((l) => l.type === "exit_criterion" && l.data.id === e.data.id),
    )
    .map(essence);

async function run(cwd: string, argv: string[]) {
  const io = fakeIo({ cwd, now: clock() });
  const code = await main(argv, io);
  return { code, err: io.err() };
}

/** The incident the baseline run records, and the journal and log versions it writes, with no fault. */
async function baseline() {
  const cwd = fixtureWorkspace({ "answers.yaml": ANSWERS });
  const faults = injectFaults({});
  const { code, err } = await run(cwd, START);
  faults.restore();
  expect(code, err).toBe(0);
  const dir = path.join(cwd, "incidents", ID);
  return {
    writes: faults.writes,
    opens: faults.opens,
    journal: readFileSync(path.join(dir, "journal.jsonl"), "utf8"),
    story: story(readJournal(dir).events),
    logVersions: faults.logVersions,
  };
}

/** What must hold after a run that a fault stopped: exit 2 with one line, nothing acknowledged lost, no torn line, no log cut short. */
function checkStopped(
  label: string,
  cwd: string,
  result: { code: number; err: string },
  faults: FaultLog,
  word: RegExp,
) {
  const dir = path.join(cwd, "incidents", ID);
  expect(result.code, `${label}: ${result.err}`).toBe(2);
  expect(result.err, label).not.toContain("internal error");
  const errors = result.err.split("\n").filter((l) => l.startsWith("crisis: ") && !l.startsWith("crisis: warning"));
  expect(errors, label).toHaveLength(1);
  expect(errors[0], label).toMatch(word);
  if (!existsSync(dir)) {
    // Stopped before the first line: no half-created incident is left behind.
    expect(faults.acknowledged, label).toBe("");
    expect(readdirSync(path.join(cwd, "incidents")), label).toEqual([]);
    return false;
  }
  const journal = readFileSync(path.join(dir, "journal.jsonl"), "utf8");
  // Everything acknowledged is there, and nothing half-written follows it.
  expect(journal.startsWith(faults.acknowledged), label).toBe(true);
  const read = readJournal(dir);
  expect(read.torn, label).toBeUndefined();
  expect(read.invalid, label).toEqual([]);
  // The log on disk is the last complete version put in place, never a truncated one.
  const log = path.join(dir, "incident-log.md");
  if (faults.logVersions.length > 0) expect(readFileSync(log, "utf8"), label).toBe(faults.logVersions.at(-1));
  // No temporary file is left next to it.
  expect(
    readdirSync(dir).filter((n) => n.endsWith(".tmp")),
    label,
  ).toEqual([]);
  return true;
}

describe("a full disk, a short write, a read-only folder at any write of a whole incident", () => {
  it("a short write at each write is completed: the journal and every log version are as without it", async () => {
    const base = await baseline();
    expect(base.writes).toBeGreaterThan(100);
    for (let k = 0; k < base.writes; k++) {
      const cwd = fixtureWorkspace({ "answers.yaml": ANSWERS });
      const faults = injectFaults({ write: (n) => (n === k ? "short" : "ok") });
      const result = await run(cwd, START);
      faults.restore();
      expect(result.code, `short write ${k}: ${result.err}`).toBe(0);
      const dir = path.join(cwd, "incidents", ID);
      expect(readFileSync(path.join(dir, "journal.jsonl"), "utf8"), `short write ${k}`).toBe(base.journal);
      expect(faults.logVersions, `short write ${k}`).toEqual(base.logVersions);
    }
  }, 600_000);

  it("every write short (one byte to half) still records the incident whole", async () => {
    const base = await baseline();
    const cwd = fixtureWorkspace({ "answers.yaml": ANSWERS });
    const faults = injectFaults({ write: () => "short" });
    const result = await run(cwd, START);
    faults.restore();
    expect(result.code, result.err).toBe(0);
    expect(readFileSync(path.join(cwd, "incidents", ID, "journal.jsonl"), "utf8")).toBe(base.journal);
    expect(faults.logVersions).toEqual(base.logVersions);
  }, 120_000);

  it("the disk fills at each write: exit 2 with one line, nothing acknowledged lost, no torn line, no log cut short; once there is room, resume ends the incident as if nothing happened", async () => {
    const base = await baseline();
    let stoppedInside = 0;
    for (let k = 0; k < base.writes; k++) {
      const label = `disk full from write ${k}`;
      const cwd = fixtureWorkspace({ "answers.yaml": ANSWERS });
      const faults = injectFaults({ write: (n) => (n >= k ? sysError("ENOSPC", "write") : "ok") });
      const result = await run(cwd, START);
      faults.restore();
      if (result.code === 0) {
        // Only the last log writes were left: the incident is recorded whole, the log warned about.
        expect(result.err, label).toContain("could not be updated (disk full");
        expect(readFileSync(path.join(cwd, "incidents", ID, "journal.jsonl"), "utf8"), label).toBe(base.journal);
        continue;
      }
      const opened = checkStopped(label, cwd, result, faults, /disk full/);
      // Every log version put in place before the disk filled is one the baseline wrote too.
      expect(faults.logVersions, label).toEqual(base.logVersions.slice(0, faults.logVersions.length));
      if (!opened) {
        expect((await run(cwd, START)).code, label).toBe(0);
      } else {
        stoppedInside++;
        const again = await run(cwd, RESUME);
        expect(again.code, `${label}, then resume: ${again.err}`).toBe(0);
      }
      const final = readJournal(path.join(cwd, "incidents", ID));
      expect(final.invalid, label).toEqual([]);
      expect(
        final.events.map((e) => e.seq),
        label,
      ).toEqual(final.events.map((_, i) => i));
      expect(story(final.events), label).toEqual(base.story);
      expect(
        readFileSync(path.join(cwd, "incidents", ID, "journal.jsonl"), "utf8").startsWith(faults.acknowledged),
      ).toBe(true);
    }
    expect(stoppedInside).toBeGreaterThan(100);
  }, 900_000);

  it("the disk fails once (ENOSPC at one write only): the note of that moment is refused or the log kept, never both lost", async () => {
    const base = await baseline();
    for (let k = 0; k < base.writes; k += 4) {
      const label = `one ENOSPC at write ${k}`;
      const cwd = fixtureWorkspace({ "answers.yaml": ANSWERS });
      const faults = injectFaults({ write: (n) => (n === k ? sysError("ENOSPC", "write") : "ok") });
      const result = await run(cwd, START);
      faults.restore();
      // A failed log write is only a warning, and the lock taken just to read at start-up is not
      // needed: the run goes on and records everything. A failed journal or lock write for an
      // event stops it.
      if (result.code === 0) {
        const dir = path.join(cwd, "incidents", ID);
        expect(readFileSync(path.join(dir, "journal.jsonl"), "utf8"), label).toBe(base.journal);
        if (readFileSync(path.join(dir, "incident-log.md"), "utf8") !== base.logVersions.at(-1))
          expect(result.err, label).toContain("could not be updated (disk full");
      } else checkStopped(label, cwd, result, faults, /disk full/);
    }
  }, 600_000);

  it("EACCES or EROFS when a file is opened for writing: exit 2 naming the problem, nothing acknowledged lost", async () => {
    const base = await baseline();
    for (let k = 0; k < base.opens; k += 3) {
      {
        const code = k % 2 === 0 ? "EROFS" : "EACCES";
        const label = `${code} from open ${k}`;
        const cwd = fixtureWorkspace({ "answers.yaml": ANSWERS });
        const faults = injectFaults({ open: (n, file) => (n >= k ? sysError(code, "open", file) : undefined) });
        const result = await run(cwd, START);
        faults.restore();
        const reason = code === "EROFS" ? /read-only file system/ : /permission denied/;
        // Past the last journal line only the log is left to write: a warning, and the incident is recorded.
        if (result.code === 0) expect(result.err, label).toMatch(/could not be updated \((read-only|permission)/);
        else checkStopped(label, cwd, result, faults, reason);
      }
    }
  }, 600_000);
});

describe("the post-mortem on a full disk", () => {
  it("keeps the previous postmortem.md whole at any failing write, and says so", async () => {
    const cwd = fixtureWorkspace({ "answers.yaml": ANSWERS });
    expect((await run(cwd, START)).code).toBe(0);
    const pm = ["node", "crisis", "postmortem", ID, "--no-retro"];
    expect((await run(cwd, pm)).code).toBe(0);
    const file = path.join(cwd, "incidents", ID, "postmortem.md");
    const before = readFileSync(file, "utf8");
    const probe = injectFaults({});
    await run(cwd, pm);
    probe.restore();
    expect(probe.writes).toBeGreaterThan(0);
    for (let k = 0; k < probe.writes; k++) {
      const faults = injectFaults({ write: (n) => (n >= k ? sysError("ENOSPC", "write") : "ok") });
      const result = await run(cwd, pm);
      faults.restore();
      expect(result.code, result.err).toBe(2);
      expect(result.err).toMatch(
        /crisis: disk full \(ENOSPC\): the post-mortem was not written to .*postmortem\.md; any previous version is unchanged/,
      );
      expect(readFileSync(file, "utf8")).toBe(before);
      expect(readdirSync(path.dirname(file)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    }
  }, 120_000);
});
