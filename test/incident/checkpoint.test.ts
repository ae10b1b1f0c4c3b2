import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bundledTemplatesDir } from "../../src/adapters/fs/package-root.js";
import { renderLog } from "../../src/core/incident-log/render.js";
import { planLog } from "../../src/core/incident-log/sections.js";
import { buildLogView } from "../../src/core/incident-log/view.js";
import type { EventData, EventType } from "../../src/core/journal/events.js";
import { foldEvents, type IncidentState } from "../../src/core/journal/fold.js";
import { buildEvent } from "../../src/core/journal/lines.js";
import { sha256 } from "../../src/core/runner/drafts.js";
import { findLogTemplate } from "../../src/services/incident/incident-log.js";
import { activeHead, incidentSummary, loadIncident } from "../../src/services/incident/registry.js";
import { IncidentSession } from "../../src/services/incident/session.js";
import { CHECKPOINT_FILE } from "../../src/services/journal/checkpoint.js";
import { injectFs, realFs } from "../../src/adapters/fs/sys.js";
import { readJournal } from "../../src/services/journal/store.js";
import { loadCatalog } from "../../src/services/workspace/workspace.js";
import { tempDir } from "../helpers/tmp.js";
import { FIXTURES } from "../helpers/workspace.js";

/**
 * The checkpoint and the incremental incident log (issue 15): after any sequence of appends, sync
 * inserts of older events, and damage (a checkpoint older than the journal, a torn last line, a
 * corrupt or foreign checkpoint), the log a checkpoint session writes is byte-identical to the
 * whole template rendered from the whole journal, and its state is the whole fold's.
 */

const catalog = loadCatalog([
  { dir: path.join(bundledTemplatesDir(), "..", "playbooks"), source: "bundled" },
  { dir: path.join(FIXTURES, "runner", "playbooks"), source: "local" },
]);
const playbook = catalog.playbooks.get("fixture")!;
const templateTitles = new Map([["fixture/holding", "Holding statement"]]);
const context = { playbook, templateTitles };
const TEMPLATE = findLogTemplate([bundledTemplatesDir()]);
const ID = "2026-11-21-fixture";
const T0 = Date.UTC(2026, 10, 21, 19, 30);

const TEXTS = ["We know | about it.", "Update: fixed `soon`.", "Sorry <b>all</b>"];
const ACTORS = ["Ana Ruiz", "Sam | Scribe"];

/** One random thing that happens to an incident: an event some process appends, or damage. */
type Step =
  | { kind: "append"; type: EventType; data: unknown; back: number; actor: number }
  | { kind: "sync"; type: EventType; data: unknown; clockBack: number; actor: number }
  | { kind: "plain-writer"; type: EventType; data: unknown; actor: number }
  | { kind: "torn" }
  | { kind: "drop-checkpoint" }
  | { kind: "corrupt-checkpoint"; cut: number }
  | { kind: "foreign-checkpoint" }
  | { kind: "damage-part"; part: number; how: "cut" | "flip" | "garbage" | "remove" };

const hashOf = (i: number) => sha256(TEXTS[i]!);
const event = fc.oneof(
  fc.string({ maxLength: 12 }).map((text) => ({ type: "note" as const, data: { text: `n ${text}` } })),
  fc.constantFrom("TODO: call back", "plain").map((text) => ({ type: "note" as const, data: { text } })),
  fc.nat(5000).map((m) => ({ type: "metric_snapshot" as const, data: { mentions_per_hour: m, negative_share: 40 } })),
  fc.boolean().map((alt) => ({
    type: "decision" as const,
    data: { what: "Pause | ads", why: "tone", ...(alt ? { alternatives: "keep" } : {}) },
  })),
  fc.constantFrom("SEV1", "SEV2", "SEV3").map((to) => ({
    type: "severity_changed" as const,
    data: { from: null, to, reason: "r" },
  })),
  fc.record({ item: fc.nat(2), done: fc.boolean(), step: fc.constantFrom("declare", "identify") }).map((c) => ({
    type: "checklist" as const,
    data: { ...c, text: `item ${c.item}` },
  })),
  fc.record({ t: fc.nat(2), channel: fc.constantFrom("x", "bluesky") }).map(({ t, channel }) => ({
    type: "draft_created" as const,
    data: {
      step: "acknowledge",
      template: "fixture/holding",
      channel,
      text: TEXTS[t]!,
      hash: hashOf(t),
      revision: 1,
      edited: false,
      audience: "public",
    },
  })),
  fc.nat(2).map((t) => ({
    type: "approval_requested" as const,
    data: { hash: hashOf(t), roles: ["lead"], step: "acknowledge", template: "fixture/holding" },
  })),
  fc.nat(2).map((t) => ({ type: "approved" as const, data: { hash: hashOf(t), role: "lead", by: "Ana Ruiz" } })),
  fc.nat(2).map((t) => ({ type: "rejected" as const, data: { hash: hashOf(t), role: "lead", by: "A", reason: "no" } })),
  fc.record({ t: fc.nat(2), channel: fc.constantFrom("x", "bluesky"), due: fc.boolean() }).map((p) => ({
    type: "published" as const,
    data: {
      hash: hashOf(p.t),
      channel: p.channel,
      template: "fixture/holding",
      audience: "public",
      kind: "holding",
      next_update_due: p.due ? "2026-11-21T21:00:00.000Z" : null,
    },
  })),
  fc.constantFrom("x", "bluesky").map((c) => ({
    type: "message_skipped" as const,
    data: { step: "acknowledge", template: "fixture/holding", channels: [c], reason: "not ours" },
  })),
  fc.constantFrom("open", "answered").map((status) => ({
    type: "media_enquiry" as const,
    data: { outlet: "Daily | Post", question: "Why?", status },
  })),
  fc.constantFrom("lead", "approver").map((role) => ({
    type: "role_assigned" as const,
    data: { role, person: "Priya" },
  })),
  fc.constantFrom("declare", "identify").map((step) => ({
    type: "step_started" as const,
    data: { step, phase: step, index: 0 },
  })),
  fc.constantFrom("declare", "identify").map((step) => ({ type: "step_completed" as const, data: { step } })),
  fc
    .nat(3)
    .map((v) => ({ type: "answer" as const, data: { step: "declare", prompt: "war_room", value: `#room ${v}` } })),
  fc.constant({ type: "input" as const, data: { key: "k", value: "v" } }),
  fc.constant({ type: "session_paused" as const, data: { step: "declare", how: "paused" } }),
  fc.constant({ type: "exit_criterion" as const, data: { id: "calm", text: "Calm", met: true } }),
  fc.constant({ type: "resolved" as const, data: { summary: "Over | done" } }),
);

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({ e: event, back: fc.oneof(fc.constant(0), fc.nat(90)), actor: fc.nat(1) })
      .map(({ e, back, actor }) => ({ kind: "append" as const, ...e, back: back > 60 ? 0 : back, actor })),
  },
  {
    weight: 2,
    arbitrary: fc.record({ e: event, clockBack: fc.nat(6), actor: fc.nat(1) }).map(({ e, clockBack, actor }) => ({
      kind: "sync" as const,
      ...e,
      clockBack,
      actor,
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ e: event, actor: fc.nat(1) })
      .map(({ e, actor }) => ({ kind: "plain-writer" as const, ...e, actor })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "torn" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "drop-checkpoint" as const }) },
  { weight: 1, arbitrary: fc.nat(4000).map((cut) => ({ kind: "corrupt-checkpoint" as const, cut })) },
  { weight: 1, arbitrary: fc.constant({ kind: "foreign-checkpoint" as const }) },
  {
    weight: 2,
    arbitrary: fc
      .record({ part: fc.nat(20), how: fc.constantFrom("cut", "flip", "garbage", "remove") })
      .map((d) => ({ kind: "damage-part" as const, ...d })),
  },
);

/** The log and state a whole render of the whole journal gives: what the incremental ones must equal. */
function whole(dir: string): { log: string; state: IncidentState } {
  const state = foldEvents(readJournal(dir).events);
  return { log: renderLog(TEMPLATE.body, TEMPLATE.file, buildLogView(state, context)), state };
}

/** The state as compared: without its events (a checkpoint session holds only the recent ones), keys sorted. */
function canonical(state: IncidentState): string {
  const { events: _events, ...rest } = state;
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sort(rest));
}

function open(dir: string, minute: number, key = "k1"): IncidentSession {
  const plan = planLog(TEMPLATE.body, TEMPLATE.file)!;
  return IncidentSession.open(dir, {
    actor: ACTORS[0]!,
    replica: { id: "here.aaaa", host: "here" },
    now: () => new Date(T0 + minute * 60_000),
    renderLog: (state) => renderLog(TEMPLATE.body, TEMPLATE.file, buildLogView(state, context)),
    checkpoint: () => ({ plan, context, key }),
  });
}

function newIncident(): string {
  const root = tempDir();
  const dir = path.join(root, "incidents", ID);
  mkdirSync(dir, { recursive: true });
  const s = open(dir, 0);
  s.append("incident_opened", {
    incident_id: ID,
    title: "Checkout | errors",
    playbook: { id: "fixture", version: "1.0.0", title: "Fixture crisis", crisis_type: "other", source: "local" },
    drill: false,
  });
  return dir;
}

function apply(dir: string, st: Step, minute: number): void {
  const file = path.join(dir, "journal.jsonl");
  const cp = path.join(dir, CHECKPOINT_FILE, "state");
  const at = (back: number) => new Date(T0 + (minute - back) * 60_000);
  switch (st.kind) {
    case "append":
      open(dir, minute).append(st.type, st.data as EventData<EventType>, {
        at: at(st.back),
        actor: ACTORS[st.actor]!,
      });
      return;
    case "sync": {
      const s = open(dir, minute);
      const clock = Math.max(1, s.reader.maxClock - st.clockBack);
      const e = buildEvent(
        { id: `s${String(minute).padStart(25, "0")}`, replica: "there.bbbb", clock, seq: 0 },
        { type: st.type, data: st.data as EventData<EventType>, actor: ACTORS[st.actor]! },
        at(0),
      );
      s.merge([e], 0);
      return;
    }
    case "plain-writer": {
      // Another crisis process without a checkpoint (the runner) appends: the checkpoint falls behind.
      const s = IncidentSession.open(dir, {
        actor: ACTORS[st.actor]!,
        replica: { id: "here.aaaa", host: "here" },
        now: () => at(0),
        renderLog: (state) => renderLog(TEMPLATE.body, TEMPLATE.file, buildLogView(state, context)),
      });
      s.append(st.type, st.data as EventData<EventType>);
      return;
    }
    case "torn":
      appendFileSync(file, '{"v":2,"id":"torn');
      return;
    case "drop-checkpoint":
      rmSync(path.dirname(cp), { recursive: true, force: true });
      return;
    case "corrupt-checkpoint":
      if (existsSync(cp)) writeFileSync(cp, readFileSync(cp).subarray(0, st.cut));
      return;
    case "foreign-checkpoint":
      if (existsSync(cp))
        writeFileSync(cp, readFileSync(cp, "utf8").replace(/"code":"[^"]*"/, '"code":"1 0.0.1 other"'));
      return;
    case "damage-part":
      damagePart(path.dirname(cp), st.part, st.how);
      return;
  }
}

/** The checkpoint's parts: every file of its folder but `state` and temporary files. */
const partsOf = (folder: string) =>
  existsSync(folder)
    ? readdirSync(folder)
        .filter((n) => n !== "state" && !n.endsWith(".tmp"))
        .sort()
    : [];

/** A part cut short, changed in its last byte, extended with bytes nobody accounted for, or removed. */
function damagePart(folder: string, index: number, how: "cut" | "flip" | "garbage" | "remove"): void {
  const parts = partsOf(folder);
  if (parts.length === 0) return;
  const file = path.join(folder, parts[index % parts.length]!);
  const bytes = readFileSync(file);
  if (how === "remove") rmSync(file);
  else if (how === "garbage") appendFileSync(file, "| torn row");
  else if (bytes.length > 0)
    writeFileSync(
      file,
      how === "cut"
        ? bytes.subarray(0, bytes.length - 1)
        : Buffer.concat([bytes.subarray(0, -1), Buffer.from([bytes.at(-1)! ^ 1])]),
    );
}

describe("the checkpoint and the incremental incident log", () => {
  it(
    "after random appends, sync inserts and damage, the log is byte-identical to a whole render and the state to a whole fold",
    { tags: ["slow"] },
    () => {
      fc.assert(
        fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
          const dir = newIncident();
          try {
            steps.forEach((st, i) => {
              const minute = 10 + i * 3;
              apply(dir, st, minute);
              if (st.kind === "torn" || st.kind.endsWith("checkpoint")) {
                expect(incidentSummary(dir).damage, `step ${i}`).toEqual(loadIncident(dir).damage);
                return;
              }
              const expected = whole(dir);
              expect(readFileSync(path.join(dir, "incident-log.md"), "utf8"), `step ${i}: ${st.kind}`).toBe(
                expected.log,
              );
              // A fresh session from the checkpoint folds to the same state as the whole journal.
              expect(canonical(open(dir, minute).state), `step ${i}`).toBe(canonical(expected.state));
              // status and list: the state and the damage they report, from the checkpoint and the lines after it.
              const summary = incidentSummary(dir);
              expect(canonical(summary.state), `step ${i}`).toBe(canonical(expected.state));
              expect(summary.damage, `step ${i}`).toEqual(loadIncident(dir).damage);
              const head = activeHead(path.dirname(dir), undefined, true);
              expect([head.status, head.openedAt]).toEqual([expected.state.status, expected.state.openedAt]);
            });
          } finally {
            rmSync(path.dirname(path.dirname(dir)), { recursive: true, force: true });
          }
        }),
        { seed: 20261207, numRuns: 60 },
      );
    },
  );

  it("a checkpoint made for another template, playbook or titles (its key) is not used", () => {
    const dir = newIncident();
    open(dir, 1).append("note", { text: "one" });
    const other = open(dir, 2, "k2");
    expect(other.state.events.length).toBe(2);
    other.append("note", { text: "two" });
    expect(readFileSync(path.join(dir, "incident-log.md"), "utf8")).toBe(whole(dir).log);
  });

  it("renders in pieces only a template whose lists show their own items; any other is rendered whole", () => {
    expect(planLog(TEMPLATE.body, TEMPLATE.file)).toBeDefined();
    const table = "{{#timeline}}| {{time}} | {{details}} |\n{{/timeline}}";
    expect(planLog(`# {{title}}\n${table}{{^notes}}none{{/notes}}`, "t.md")).toBeDefined();
    // A tag inside a list that names something else would be looked up in the rest of the view.
    expect(planLog("{{#timeline}}{{time}} {{title}}\n{{/timeline}}", "t.md")).toBeUndefined();
    // A list shown twice, nested, or as the reversed timeline.
    expect(planLog(`${table}${table}`, "t.md")).toBeUndefined();
    expect(planLog(`{{#now}}${table}{{/now}}`, "t.md")).toBeUndefined();
    expect(planLog("{{#timeline_latest_first}}{{time}}{{/timeline_latest_first}}", "t.md")).toBeUndefined();
  });

  it("a session from a checkpoint folds only the events after it", () => {
    const dir = newIncident();
    for (let i = 0; i < 5; i++) open(dir, i + 1).append("note", { text: `n${i}` });
    const s = open(dir, 9);
    expect(s.state.eventCount).toBe(6);
    expect(s.state.events).toEqual([]);
  });

  it("an append grows the parts it touches and leaves the others alone: old bytes intact, the log a whole render", () => {
    const dir = newIncident();
    const folder = path.join(dir, CHECKPOINT_FILE);
    for (let i = 0; i < 4; i++) open(dir, i + 1).append("note", { text: `n${i}` });
    open(dir, 5).append("decision", { what: "Pause | ads", why: "tone" });
    const before = new Map(partsOf(folder).map((name) => [name, readFileSync(path.join(folder, name))]));
    open(dir, 6).append("note", { text: "one more" });
    const after = new Map(partsOf(folder).map((name) => [name, readFileSync(path.join(folder, name))]));
    const kept = [...before.keys()].filter((name) => after.has(name));
    // The kept lists are extended in place (same file); the decisions, a field no note reads, is not written.
    expect(kept).toEqual(
      expect.arrayContaining([expect.stringMatching(/^l-timeline\./), expect.stringMatching(/^l-notes\./)]),
    );
    expect(kept).toEqual(
      expect.arrayContaining([expect.stringMatching(/^f-decisions\./), expect.stringMatching(/^l-decisions\./)]),
    );
    for (const name of kept) {
      const old = before.get(name)!;
      expect(after.get(name)!.subarray(0, old.length).equals(old), name).toBe(true);
    }
    const grown = kept.filter((name) => after.get(name)!.length > before.get(name)!.length);
    expect(grown).toEqual(
      expect.arrayContaining([expect.stringMatching(/^l-timeline\./), expect.stringMatching(/^l-notes\./)]),
    );
    expect(grown.filter((name) => name.startsWith("l-decisions") || name.startsWith("f-decisions"))).toEqual([]);
    // The notes the fold only pushes onto: the new note is appended to the part they were read from.
    expect(grown).toEqual(expect.arrayContaining([expect.stringMatching(/^f-notes\./)]));
    // status and list count them from the checkpoint (the count is recorded, the part not parsed for it).
    const summary = incidentSummary(dir).state;
    const expected = whole(dir).state;
    expect([summary.notes.length, summary.decisions.length, summary.publications.length]).toEqual([
      expected.notes.length,
      expected.decisions.length,
      expected.publications.length,
    ]);
    expect(readFileSync(path.join(dir, "incident-log.md"), "utf8")).toBe(whole(dir).log);
    expect(canonical(open(dir, 7).state)).toBe(canonical(whole(dir).state));
  });

  it("a note does not parse the notes before it: their part is read for its check only, then appended to", () => {
    const dir = newIncident();
    for (let i = 0; i < 3; i++) open(dir, i + 1).append("note", { text: `n${i}` });
    const notes = new Set<number>();
    let reads = 0;
    const restore = injectFs({
      openSync: (file, flags, mode) => {
        const fd = realFs.openSync(file, flags, mode);
        if (path.basename(file).startsWith("f-notes.")) notes.add(fd);
        return fd;
      },
      closeSync: (fd) => {
        notes.delete(fd);
        realFs.closeSync(fd);
      },
      readSync: (fd, buffer, offset, length, position) => {
        if (notes.has(fd)) reads++;
        return realFs.readSync(fd, buffer, offset, length, position);
      },
    });
    try {
      open(dir, 5).append("note", { text: "one more" });
    } finally {
      restore();
    }
    expect(reads).toBe(1);
    expect(readFileSync(path.join(dir, "incident-log.md"), "utf8")).toBe(whole(dir).log);
    expect(canonical(open(dir, 6).state)).toBe(canonical(whole(dir).state));
  });

  it("a part cut short, changed or missing is noticed: the journal is folded whole", () => {
    for (const how of ["cut", "flip", "remove"] as const)
      for (const part of ["l-timeline", "f-notes"]) {
        const dir = newIncident();
        for (let i = 0; i < 3; i++) open(dir, i + 1).append("note", { text: `n${i}` });
        const folder = path.join(dir, CHECKPOINT_FILE);
        damagePart(
          folder,
          partsOf(folder).findIndex((n) => n.startsWith(`${part}.`)),
          how,
        );
        // Folded whole: the session holds every event, not only those after the checkpoint.
        expect(open(dir, 9).state.events.length, `${how} ${part}`).toBe(4);
        open(dir, 10).append("note", { text: "after" });
        expect(readFileSync(path.join(dir, "incident-log.md"), "utf8")).toBe(whole(dir).log);
        expect(canonical(open(dir, 11).state)).toBe(canonical(whole(dir).state));
      }
  });

  it("bytes a writer left after a part's end are never built on: the next append writes a new part", () => {
    const dir = newIncident();
    open(dir, 1).append("note", { text: "one" });
    const folder = path.join(dir, CHECKPOINT_FILE);
    const timeline = partsOf(folder).find((n) => n.startsWith("l-timeline."))!;
    appendFileSync(path.join(folder, timeline), "| half a row");
    expect(open(dir, 2).state.events).toEqual([]);
    open(dir, 3).append("note", { text: "two" });
    expect(partsOf(folder).some((n) => n === timeline)).toBe(false);
    expect(readFileSync(path.join(dir, "incident-log.md"), "utf8")).toBe(whole(dir).log);
    expect(canonical(open(dir, 4).state)).toBe(canonical(whole(dir).state));
  });

  it("a checkpoint an older version left as a single file is replaced by the folder", () => {
    const dir = newIncident();
    const folder = path.join(dir, CHECKPOINT_FILE);
    rmSync(folder, { recursive: true, force: true });
    writeFileSync(folder, "crisis-checkpoint 1 2 3\n");
    open(dir, 1).append("note", { text: "one" });
    expect(partsOf(folder).length).toBeGreaterThan(0);
    expect(open(dir, 2).state.events).toEqual([]);
  });

  it("keeps the checkpoints out of a team's commits: git ignores them, the team's own ignore lines stay", () => {
    const dir = newIncident();
    const root = path.dirname(dir);
    writeFileSync(path.join(root, ".gitignore"), "*.tmp");
    execFileSync("git", ["init", "-q"], { cwd: root });
    open(dir, 1).append("note", { text: "one" });
    open(dir, 2).append("note", { text: "two" });
    expect(existsSync(path.join(dir, CHECKPOINT_FILE))).toBe(true);
    const ignore = readFileSync(path.join(root, ".gitignore"), "utf8");
    expect(ignore.startsWith("*.tmp\n")).toBe(true);
    expect(ignore.split("\n").filter((l) => l === CHECKPOINT_FILE)).toHaveLength(1);
    const untracked = execFileSync("git", ["status", "--porcelain", "--untracked-files=all"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(untracked).toContain(`${ID}/journal.jsonl`);
    expect(untracked).not.toContain(CHECKPOINT_FILE);
  });
});
