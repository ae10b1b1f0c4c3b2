import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { activeHead, listIncidents } from "../../src/services/incident/registry.js";
import { buildEvent, type AppendInput } from "../../src/core/journal/lines.js";
import type { EventType } from "../../src/core/journal/events.js";
import { tempDir } from "../helpers/tmp.js";

/** A small deterministic generator, so a failing case can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Appends a valid event without the lock and fsync of the store (the test writes thousands). */
function appendEvent<T extends EventType>(
  dir: string,
  input: AppendInput<T>,
  at = new Date(),
  replica = "t.abcd",
): void {
  const file = path.join(dir, "journal.jsonl");
  const seq = (lines.get(file) ?? 0) + 1;
  lines.set(file, seq);
  appendFileSync(
    file,
    `${JSON.stringify(buildEvent({ id: `e${String(seq).padStart(16, "0")}`, replica, clock: seq, seq }, input, at))}\n`,
  );
}
const lines = new Map<string, number>();

const playbook = { id: "data-breach", version: "1.0.0", title: "Data breach", crisis_type: "data-breach" };

/** Incidents with every kind of line that could fool a text search: notes that mention the words, damage, torn tails. */
function incidents(seed: number): string {
  const rand = prng(seed);
  const root = tempDir();
  const count = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < count; i++) {
    const id = `2026-11-${10 + Math.floor(rand() * 3)}-case-${i}`;
    const dir = path.join(root, id);
    mkdirSync(dir);
    const opened = new Date(Date.parse("2026-11-10T08:00:00Z") + Math.floor(rand() * 4) * 3_600_000);
    const replica = `m${i}.abcd`;
    appendEvent(
      dir,
      { type: "incident_opened", data: { incident_id: id, title: "T", playbook, drill: false }, actor: "Ana" },
      opened,
      replica,
    );
    for (let k = 0; k < 6; k++) {
      const r = rand();
      if (r < 0.25)
        appendEvent(dir, { type: "note", data: { text: "was it resolved?" }, actor: "Ana" }, opened, replica);
      else if (r < 0.35)
        appendEvent(
          dir,
          { type: "note", data: { text: '"type":"resolved" incident_opened' }, actor: "A" },
          opened,
          replica,
        );
      else if (r < 0.45) appendFileSync(path.join(dir, "journal.jsonl"), '{"type":"resolved","data":{}}\n');
      else if (r < 0.5) appendFileSync(path.join(dir, "journal.jsonl"), "not json resolved\n");
      else if (r < 0.6)
        appendEvent(dir, { type: "resolved", data: { summary: "done" }, actor: "Ana" }, opened, replica);
      else appendEvent(dir, { type: "note", data: { text: "plain" }, actor: "Ana" }, opened, replica);
    }
    if (rand() < 0.2) appendFileSync(path.join(dir, "journal.jsonl"), '{"v":2,"type":"resol');
  }
  return root;
}

/** The choice as it was made before: fold every journal whole. */
function reference(root: string, orLatest: boolean): string | undefined {
  const all = listIncidents(root);
  const byTime = (a: (typeof all)[number], b: (typeof all)[number]) =>
    a.state.openedAt < b.state.openedAt ? 1 : a.state.openedAt > b.state.openedAt ? -1 : b.id.localeCompare(a.id);
  const open = all.filter((i) => i.state.status !== "resolved").sort(byTime);
  return (open[0] ?? (orLatest ? [...all].sort(byTime)[0] : undefined))?.id;
}

describe("choosing the active incident from each journal's opening and resolution lines", () => {
  test("picks what folding every journal whole picks, whatever the notes and damaged lines say", () => {
    for (let seed = 1; seed <= 60; seed++) {
      const root = incidents(seed);
      for (const orLatest of [false, true]) {
        const expected = reference(root, orLatest);
        const got = (() => {
          try {
            return activeHead(root, undefined, orLatest).id;
          } catch {
            return undefined;
          }
        })();
        expect(got, `seed ${seed}${orLatest ? ", or the latest" : ""}`).toBe(expected);
      }
    }
  });

  test("with no open incident, says so (exit 4) unless the latest will do", () => {
    const root = tempDir();
    expect(() => activeHead(root)).toThrow(/no open incident/);
    const dir = path.join(root, "2026-11-10-a");
    mkdirSync(dir);
    appendEvent(dir, {
      type: "incident_opened",
      data: { incident_id: "a", title: "T", playbook, drill: false },
      actor: "A",
    });
    appendEvent(dir, { type: "resolved", data: {}, actor: "A" });
    expect(() => activeHead(root)).toThrow(expect.objectContaining({ exitCode: 4 }));
    expect(activeHead(root, undefined, true).id).toBe("2026-11-10-a");
    expect(activeHead(root, "2026-11-10-a").status).toBe("resolved");
  });
});
