// @module-tag slow (property runs over thousands of generated answers files and journals)
import fc from "fast-check";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { neutralise } from "../../src/adapters/terminal/sanitize.js";
import { foldEvents } from "../../src/core/journal/fold.js";
import { nextSeqIn, parseJournal } from "../../src/core/journal/lines.js";
import { buildReport } from "../../src/core/postmortem/report.js";
import { parseAnswers } from "../../src/core/runner/answers-file.js";
import { InputError } from "../../src/errors.js";
import { FIXTURES } from "../helpers/workspace.js";

/**
 * The existing fuzz tests (lint, quick check, post-mortem escaping) extended to the two inputs a
 * responder's machine reads that no linter guards: the answers file and the journal. Whatever the
 * bytes, reading them never throws anything but a located InputError, and never takes long.
 */

const JOURNAL = readFileSync(path.join(FIXTURES, "journals/sev1-data-breach.jsonl"), "utf8");
const LINES = JOURNAL.trimEnd().split("\n");

const answerKeys = fc.constantFrom(
  "title",
  "roles",
  "severity",
  "prompts",
  "checklist",
  "messages",
  "steps",
  "resolve",
  "playbook",
  "__proto__",
  "x",
);
const scalar = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const yamlValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    scalar,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(answerKeys, fc.string({ maxLength: 8 })), tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** Text that looks like an answers file, with the characters YAML cares about mixed in. */
const answersText = fc.oneof(
  fc.dictionary(answerKeys, yamlValue, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
  fc
    .array(
      fc.oneof(
        fc.constantFrom(
          ": ",
          "- ",
          "\n",
          "  ",
          "&a ",
          "*a",
          "!!str ",
          "{",
          "}",
          "[",
          "]",
          '"',
          "'",
          "#",
          "|",
          ">",
          "\t",
          "\u0000",
          "\u001b[2J",
          "\u202e",
        ),
        fc.string({ maxLength: 6 }),
        answerKeys,
      ),
      { maxLength: 60 },
    )
    .map((parts) => parts.join("")),
);

describe("fuzzing the answers file", () => {
  it("any text gives answers or a located InputError, nothing else", () => {
    fc.assert(
      fc.property(answersText, (text) => {
        try {
          parseAnswers(text, "answers.yaml");
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          for (const p of (error as InputError).problems) {
            expect(p.file).toBe("answers.yaml");
            expect(p.line).toBeGreaterThanOrEqual(1);
            expect(p.column).toBeGreaterThanOrEqual(1);
            expect(p.message.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});

/** A journal mutated the ways a crash, a hand edit or a hostile copy would. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant("cut" as const), line: fc.nat(), at: fc.nat() }),
  fc.record({ kind: fc.constant("swap" as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant("insert" as const), line: fc.nat(), text: fc.string({ maxLength: 80 }) }),
  fc.record({
    kind: fc.constant("replace" as const),
    line: fc.nat(),
    from: fc.constantFrom('"seq":', '"at":"', '"type":"', '"data":{', "true", '"v":1'),
    to: fc.constantFrom(
      '"seq":1e300,"x":',
      '"at":"+275760-09-13T00:00:00Z","y":"',
      '"type":"nope","z":"',
      '"data":null,"w":{',
      "null",
      '"v":2',
      '"seq":-1,"q":',
    ),
  }),
  fc.record({ kind: fc.constant("bytes" as const), line: fc.nat(), bytes: fc.uint8Array({ maxLength: 20 }) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(lines: string[], m: Mutation): string[] {
  const out = [...lines];
  const i = (n: number) => n % Math.max(1, out.length);
  switch (m.kind) {
    case "cut":
      out[i(m.line)] = (out[i(m.line)] ?? "").slice(0, m.at % 200);
      break;
    case "swap": {
      const [a, b] = [i(m.a), i(m.b)];
      [out[a], out[b]] = [out[b] ?? "", out[a] ?? ""];
      break;
    }
    case "insert":
      out.splice(i(m.line), 0, m.text);
      break;
    case "replace":
      out[i(m.line)] = (out[i(m.line)] ?? "").replace(m.from, m.to);
      break;
    case "bytes":
      out[i(m.line)] = Buffer.from(m.bytes).toString("latin1");
      break;
  }
  return out;
}

describe("fuzzing the journal", () => {
  it("any damage is read without throwing: events, damage reported by line, a fold and a post-mortem report, and a seq never reused", () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.boolean(), (mutations, torn) => {
        let lines = LINES;
        for (const m of mutations) lines = mutate(lines, m);
        const text = `${lines.join("\n")}${torn ? "" : "\n"}`;
        const read = parseJournal(text);
        for (const d of read.invalid) expect(d.line).toBeGreaterThanOrEqual(1);
        const state = foldEvents(read.events);
        expect(state.events.length).toBe(read.events.length);
        if (read.events.some((e) => e.type === "incident_opened")) buildReport(read.events, { config: {}, read });
        // The next seq is above every valid event's, wherever the lines are.
        const next = nextSeqIn(text, true) ?? 0;
        for (const e of read.events) expect(next).toBeGreaterThan(e.seq);
        expect(Number.isSafeInteger(next)).toBe(true);
        // What the terminal is shown of it carries no escape.
        // eslint-disable-next-line no-control-regex
        expect(neutralise(state.title)).not.toMatch(/[\u001b\u009b\u202e]/);
      }),
      { numRuns: 600 },
    );
  });
});
