// @module-tag slow (the built CLI in a pseudo-terminal)
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readJournal } from "../../src/services/journal/store.js";
import { TEAM_CONFIG } from "../helpers/drill.js";
import { BIN, KEY, spawnCrisis } from "../helpers/pty.js";
import { tempDir } from "../helpers/tmp.js";

beforeAll(() => {
  if (!existsSync(BIN.replace(/bin\/crisis\.js$/, "dist/cli.js"))) throw new Error("build first: npm run build");
});

// After 22:00 UTC the 2-hour target falls on the next day, which the line then names.
const STATUS =
  /First public response \(SEV3 target 2h\) due (?:\d{1,2} [A-Z][a-z]{2} \d{4} )?\d\d:\d\d UTC: 1h 59m (\d\d)s left/g;

describe("the quick declaration in a real terminal", () => {
  it("reaches an approved holding statement in a few keys, with a live status line", async () => {
    const cwd = tempDir({ "crisis.config.yaml": TEAM_CONFIG });
    const t = spawnCrisis(["start", "viral-complaint"], cwd, {}, { cols: 100, rows: 40 });
    await t.expect("DECLARE AND ASSEMBLE · step 1 of");
    await t.answer(
      "What happened, in one sentence",
      `A video of how our support team answered a customer is being shared widely.${KEY.enter}`,
    );
    await t.answer("Who leads the response", KEY.enter);
    await t.answer("Where is it being talked about right now?", `${KEY.space}${KEY.enter}`);
    await t.answer("Are any of our own channels taken over or down right now?", KEY.enter);
    // Enter takes the suggested level; the Space typed straight after it, before the holding
    // statement's first question appeared, must not untick X there.
    await t.answer("Severity now?", `${KEY.enter}${KEY.space}`);
    await t.expect("Declared at SEV3: A video of how our support team answered a customer is being shared widely.");
    await t.answer("Holding reply in the original thread: for which channels?", KEY.enter);
    await t.expect("pre-approved by Morgan Ellis, Legal reviewer");
    await t.expect("needs approval from: Incident lead (Pat Tester)");
    await t.answer("Holding reply in the original thread: what now?", KEY.enter);
    await t.answer("send the pre-approved text", KEY.enter);
    await t.expect("Published on X?");
    // The status line ticks while the responder sits at the question: different seconds, seconds apart.
    await new Promise((r) => setTimeout(r, 2500));
    const ticks = new Set([...t.text().matchAll(STATUS)].map((m) => m[1]));
    expect(ticks.size).toBeGreaterThan(1);
    t.write(KEY.enter);
    await t.answer("Link to the post on X (optional)", KEY.enter);
    await t.expect("Staff notice: for which channels?");
    // Once the first public response is out, the line counts down to the promised update instead.
    // After 20:00 UTC the promise falls on the next day, which the line then names.
    await t.expect(
      /Next public update promised for (?:\d{1,2} [A-Z][a-z]{2} \d{4} )?\d\d:\d\d UTC: [34]h \d\dm \d\ds left/,
    );
    t.write(KEY.ctrlC);
    expect(await t.exited()).toBe(130);
    // The scroll region is given back to the shell.
    expect(t.raw().lastIndexOf("\u001b[r")).toBeGreaterThan(t.raw().lastIndexOf("\u001b[1;39r"));

    const events = readJournal(path.join(cwd, "incidents", readdirOf(cwd))).events;
    const request = events.find((e) => e.type === "approval_requested");
    expect(request?.data).toMatchObject({ roles: ["lead"], preapproved: [{ by: "Morgan Ellis", role: "legal" }] });
    expect(events.find((e) => e.type === "approved")?.data).toMatchObject({ role: "lead", by: "Pat Tester" });
    expect(events.filter((e) => e.type === "published").map((e) => e.type === "published" && e.data.channel)).toEqual([
      "x",
    ]);
    // Eight answers from the command line to a public, approved holding statement.
    const answers = events.filter((e) =>
      ["answer", "role_assigned", "severity_changed", "approval_requested", "approved", "published"].includes(e.type),
    );
    expect(answers.length).toBeLessThanOrEqual(9);
  });
});

function readdirOf(cwd: string): string {
  return readdirSync(path.join(cwd, "incidents"))[0]!;
}
