// @module-tag slow (drives a whole incident through the step engine, in process)
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli.js";
import { clock, fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const EXAMPLES = path.join(ROOT, "docs/examples");
const UPDATE = process.env.UPDATE_EXAMPLES === "1";

/** The first ```yaml block of a page that starts with `first`. */
function yamlBlock(page: string, first: RegExp): string {
  const text = readFileSync(path.join(ROOT, "docs", page), "utf8");
  const block = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? "").find((b) => first.test(b));
  if (block === undefined) throw new Error(`docs/${page} has no yaml block starting with ${String(first)}`);
  return block;
}

/**
 * The examples the README links (docs/examples/) come from a scripted drill: a team repository set
 * up by crisis init, the answers file docs/start.md shows, then the retrospective answers file
 * docs/postmortem.md shows. So both sample files are proven to work, and the examples always match
 * what the current crisis writes. UPDATE_EXAMPLES=1 rewrites them after a deliberate change.
 */
describe("docs/examples: a scripted drill", () => {
  test("the answers files the docs show run a whole drill, and its log and post-mortem are the examples", async () => {
    const cwd = tempDir({
      "answers.yaml": yamlBlock("start.md", /^# answers\.yaml/),
      "retro.yaml": yamlBlock("postmortem.md", /^went_well:/),
    });
    const now = clock("2026-11-21T19:00:00.000Z", 20_000);
    const run = async (...args: string[]) => {
      const io = fakeIo({ cwd, now, env: { CRISIS_ACTOR: "Ana Ruiz" } });
      const code = await main(["node", "crisis", ...args], io);
      return { code, err: io.err() };
    };
    const init = await run(
      "init",
      "--yes",
      "--brand",
      "Northwind Outdoor",
      "--handles",
      "x=@northwind,bluesky=@northwind.example",
      "--support-contact",
      "help@northwind.example",
      "--media-contact",
      "press@northwind.example",
      "--hub-url",
      "https://northwind.example/updates",
    );
    expect(init.code, init.err).toBe(0);
    const drill = await run("start", "--answers", "answers.yaml", "--drill");
    expect(drill.code, drill.err).toBe(0);
    expect(drill.err).toMatch(/Resolved: Our order-tracking page/);
    const review = await run("postmortem", "--answers", "retro.yaml");
    expect(review.code, review.err).toBe(0);

    const dir = path.join(cwd, "incidents/2026-11-21-data-breach");
    for (const file of ["incident-log.md", "postmortem.md"]) {
      const made = readFileSync(path.join(dir, file), "utf8");
      const example = path.join(EXAMPLES, file);
      if (UPDATE || !existsSync(example)) writeFileSync(example, made);
      expect(made, `docs/examples/${file} is stale: UPDATE_EXAMPLES=1 npx vitest run test/docs/examples.test.ts`).toBe(
        readFileSync(example, "utf8"),
      );
    }
  });
});
