import { readdirSync, readFileSync } from "node:fs";
import { placeAt } from "../helpers/journal.js";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateJournal } from "../../bench/generate-journal.js";
import { journalEventSchema } from "../../src/core/journal/events.js";
import { buildEvent, parseJournal } from "../../src/core/journal/lines.js";
import { QUICK_TYPES, quickEvent } from "../../src/core/journal/quick-check.js";
import { JOURNALS } from "../postmortem/fixtures.js";

/**
 * The journal reader's quick check is a hand-written second reading of the event schema, so it is
 * held to the zod schema here: it may only say yes to what zod accepts and returns unchanged
 * (everything else must go to zod), and for the types it knows it must say yes to every line the
 * journal writer produces. Checked on real journals, on mutations, and on generated events.
 */

const fixtureLines = readdirSync(JOURNALS)
  .filter((f) => f.endsWith(".jsonl"))
  .flatMap((f) => readFileSync(path.join(JOURNALS, f), "utf8").split("\n"))
  .filter((l) => l.trim() !== "");
const generatedLines = generateJournal(3000, "2025-03-14-quick", {
  id: "account-hijack",
  version: "1.0.0",
  title: "Hijack",
  crisis_type: "account-hijack",
})
  .split("\n")
  .filter((l) => l !== "");
// What a second machine writes first (the fixtures come from one machine each).
const joinedLine =
  '{"v":2,"id":"nndwbj725csh3adr08zrtpfmz3","replica":"bench.bbbb","clock":1002,"seq":1001,"at":"2026-12-07T15:40:50.025Z","logged_at":"2026-12-07T15:40:50.025Z","actor":"Bench Responder","type":"replica_joined","data":{"host":"bench"}}';
const samples = [...fixtureLines, ...generatedLines, joinedLine].map((l) => JSON.parse(l) as Record<string, unknown>);

/** The property: a quick yes means zod says yes and returns the very same JSON. */
function agrees(value: unknown): boolean {
  const quick = quickEvent(value);
  if (quick === undefined) return true;
  const parsed = journalEventSchema.safeParse(value);
  return parsed.success && JSON.stringify(parsed.data) === JSON.stringify(value);
}

const jsonValue = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "",
    "SEV1",
    "SEV5",
    "public",
    "detected",
    "2025-02-29T10:00:00.000Z",
    "2024-02-29T24:00:00.000Z",
    "2025-03-14T08:00:00Z",
    "2025-13-01T00:00:00.000Z",
  ),
  fc.integer({ min: -3, max: 200 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);

function withDates(value: Record<string, unknown>, at: string): Record<string, unknown> {
  return { ...value, at, logged_at: at };
}

describe("the journal reader's quick check", () => {
  it("takes the common event types of a real journal without asking zod", () => {
    const quick = new Set(samples.filter((v) => quickEvent(v) !== undefined).map((v) => v.type));
    for (const type of [
      "step_started",
      "answer",
      "checklist",
      "note",
      "metric_snapshot",
      "draft_created",
      "approval_requested",
      "approved",
      "rejected",
      "published",
      "decision",
      "severity_changed",
      "milestone",
      "role_assigned",
      "declared",
      "resolved",
    ]) {
      expect(quick, type).toContain(type);
    }
    const missed = {
      v: 1,
      seq: 9,
      at: "2025-03-14T09:00:00.000Z",
      logged_at: "2025-03-14T09:00:00.000Z",
      actor: "crisis",
      type: "cadence_missed",
      data: { due: "2025-03-14T08:59:00.000Z" },
    };
    expect(quickEvent(missed)).toBe(missed);
  });

  it("agrees with zod on every line of the fixture and generated journals", () => {
    for (const value of samples) expect(agrees(value), JSON.stringify(value)).toBe(true);
  });

  it("never accepts what zod rejects or would change, whatever field is replaced, added or dropped", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.constantFrom("envelope", "data", "add", "drop", "reorder"),
        fc.nat(),
        jsonValue,
        fc.string({ maxLength: 12 }),
        (sample, where, pick, value, extraKey) => {
          const event = structuredClone(sample);
          const data = event.data as Record<string, unknown>;
          const target = where === "envelope" || where === "reorder" ? event : data;
          const keys = Object.keys(target);
          const key = keys[pick % Math.max(keys.length, 1)] ?? "x";
          if (where === "envelope" || where === "data") target[key] = value;
          else if (where === "add") target[extraKey] = value;
          else if (where === "drop") delete target[key];
          else {
            const moved = target[key];
            delete target[key];
            target[key] = moved;
          }
          return agrees(event) && agrees({ ...event, data: { ...data } });
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("never accepts a time zod rejects", () => {
    const sample = samples.find((v) => v.type === "note") as Record<string, unknown>;
    const digits = (n: number, min: number, max: number) =>
      fc.integer({ min, max }).map((x) => String(x).padStart(n, "0"));
    const time = fc
      .tuple(
        digits(4, 0, 9999),
        digits(2, 0, 14),
        digits(2, 0, 33),
        digits(2, 0, 25),
        digits(2, 0, 61),
        digits(2, 0, 61),
        digits(3, 0, 999),
      )
      .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
    fc.assert(
      fc.property(fc.oneof(time, fc.string()), (at) => agrees(withDates(sample, at))),
      { numRuns: 5000 },
    );
    for (const at of [
      "2000-02-29T00:00:00.000Z",
      "1900-02-29T00:00:00.000Z",
      "2024-02-29T23:59:59.999Z",
      "2023-02-29T00:00:00.000Z",
      "2025-04-31T00:00:00.000Z",
    ]) {
      expect(agrees(withDates(sample, at)), at).toBe(true);
    }
  });

  it("leaves the reader's results unchanged: the same events and the same reports of bad lines", () => {
    const text = [
      ...generatedLines.slice(0, 50),
      '{"v":1,"seq":50,"at":"2025-03-14T09:00:00.000Z","logged_at":"2025-03-14T09:00:00.000Z","actor":"","type":"note","data":{"text":"x"}}',
      "{}",
      generatedLines[51]?.slice(0, 30),
    ].join("\n");
    const read = parseJournal(text);
    expect(read.events).toEqual(generatedLines.slice(0, 50).map((l) => journalEventSchema.parse(JSON.parse(l))));
    expect(read.invalid.map((x) => x.line)).toEqual([51, 52]);
    expect(read.torn?.line).toBe(53);
  });

  it("accepts every line the writer produces for the types it knows, returning what zod returns", () => {
    const known = samples.filter((v) => (QUICK_TYPES as readonly unknown[]).includes(v.type));
    expect(new Set(known.map((v) => v.type))).toEqual(new Set(QUICK_TYPES));
    const leaf = fc.record({
      text: fc.string({ maxLength: 20 }),
      whole: fc.integer({ min: 0, max: 1_000_000 }),
      real: fc.double({ min: 0, max: 100, noNaN: true }),
      flag: fc.boolean(),
      list: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
    });
    const when = fc.date({
      min: new Date("2000-01-01T00:00:00Z"),
      max: new Date("2099-12-31T23:59:59Z"),
      noInvalidDate: true,
    });
    let written = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...known),
        fc.array(fc.tuple(fc.nat(), leaf), { maxLength: 4 }),
        when,
        when,
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 12 }),
        (sample, edits, at, now, seq, actor) => {
          // Times in the writer's form (fixtures are typed by hand: 14:35:05Z), then some data fields
          // replaced with values of the same kind; zod decides whether the event stays valid.
          const data = structuredClone(sample.data) as Record<string, unknown>;
          const keys = Object.keys(data);
          for (const key of keys) {
            const old = data[key];
            if (typeof old === "string" && /^\d{4}-\d{2}-\d{2}T/.test(old)) data[key] = new Date(old).toISOString();
          }
          for (const [i, value] of edits) {
            const key = keys[i % Math.max(keys.length, 1)];
            if (key === undefined) continue;
            const old = data[key];
            if (typeof old === "string") data[key] = value.text;
            else if (typeof old === "number") data[key] = Number.isInteger(old) ? value.whole : value.real;
            else if (typeof old === "boolean") data[key] = value.flag;
            else if (Array.isArray(old)) data[key] = value.list;
          }
          const input = { type: sample.type, data, actor, at } as Parameters<typeof buildEvent>[1];
          let line: unknown;
          try {
            line = JSON.parse(JSON.stringify(buildEvent(placeAt(seq), input, now)));
          } catch {
            return true; // zod refused the edited event: the writer would never write it
          }
          written++;
          expect(quickEvent(line), JSON.stringify(line)).toEqual(journalEventSchema.parse(line));
          return true;
        },
      ),
      { numRuns: 3000 },
    );
    // Most generated events are valid ones, so the property is about accepting, not only refusing.
    expect(written).toBeGreaterThan(1000);
  });
});
