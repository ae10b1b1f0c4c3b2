import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { journalEventSchema } from "../../src/core/journal/events.js";
import { jsonSchemaFor } from "../../src/core/playbook/json-schema.js";
import { scriptedPrompter } from "../helpers/prompter.js";
import { fixtureWorkspace, runInProcess } from "../helpers/workspace.js";
import { clock, fakeIo } from "../helpers/io.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const TYPES = journalEventSchema.options.map((o) => o.shape.type.value);

describe("the journal's documentation and JSON Schema", () => {
  it("schema/journal.schema.json is current (npm run build && npm run schemas)", () => {
    expect(JSON.parse(readFileSync(path.join(ROOT, "schema/journal.schema.json"), "utf8"))).toEqual(
      jsonSchemaFor("journal"),
    );
  });

  it("every line the runner writes validates against the JSON Schema", { tags: ["slow"] }, async () => {
    const io = fakeIo({ cwd: fixtureWorkspace(), now: clock() });
    const { prompter } = scriptedPrompter({
      "severity.reach": "Many thousands",
      "prompts.we_caused_it": true,
      "step.update.repeat": ["again", "next"],
    });
    const { session } = await runInProcess(io, "fixture", prompter, { drill: true });
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(
      JSON.parse(readFileSync(path.join(ROOT, "schema/journal.schema.json"), "utf8")) as object,
    );
    const lines = readFileSync(path.join(session.dir, "journal.jsonl"), "utf8").trim().split("\n");
    const seen = new Set<string>();
    for (const line of lines) {
      const value = JSON.parse(line) as { type: string };
      seen.add(value.type);
      expect(validate(value), `${line}\n${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(seen.size).toBeGreaterThanOrEqual(15);
  });

  it("docs/journal.md documents every event type", () => {
    const doc = readFileSync(path.join(ROOT, "docs/journal.md"), "utf8");
    for (const type of TYPES) expect(doc, type).toContain(`| \`${type}\` |`);
  });
});
