// @module-tag slow (every bundled playbook driven end to end, then its post-mortem rendered and checked)
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { runPostmortem } from "../../src/services/postmortem/run.js";
import { drill } from "../helpers/drill.js";
import { GOLDEN, lintMarkdown } from "./fixtures.js";

/**
 * Golden post-mortems from scripted drills: each bundled playbook run in process with a fixed
 * clock from declaration to resolution, then its post-mortem with a retrospective. A change to
 * what the runner records or the post-mortem shows appears as a diff of test/golden/postmortem/drills.
 */

// Every bundled playbook (one YAML file each beside the spine folder).
const DRILL_IDS = readdirSync(path.resolve(import.meta.dirname, "../../playbooks"))
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => f.slice(0, -".yaml".length))
  .sort();

const RETRO = {
  went_well: ["The holding statement went out within minutes of the declaration"],
  went_wrong: ["The second update waited for the approver"],
  lucky: ["The story broke on a quiet news day"],
  contributing_factors: ["No pre-approved wording existed for this kind of crisis"],
  mitigators: ["The on-call responder had run a drill the month before"],
  action_items: [
    {
      action: "Pre-approve an update template for this crisis type",
      type: "comms",
      owner: "Dana Lee",
      due: "2026-12-15",
    },
    { action: "Add a check-in reminder to the monitor step", type: "process", owner: "Kim Ruiz", due: "2026-12-31" },
  ],
  status: "in-review",
} as const;

async function drillPostmortem(id: string): Promise<string> {
  const run = await drill(id, { "prompts.unusable_channels": [] });
  const io = run.io;
  await runPostmortem({
    io,
    incidentDir: run.session.dir,
    config: run.ws.config,
    playbook: run.playbook,
    answers: RETRO as never,
    output: "-",
  });
  return io.out();
}

describe.each(DRILL_IDS)("%s drill", (id) => {
  test("the post-mortem matches the golden file and passes markdownlint", async () => {
    const text = await drillPostmortem(id);
    await expect(text).toMatchFileSnapshot(path.join(GOLDEN, "drills", `${id}.md`));
    expect(lintMarkdown(text)).toEqual([]);
  });
});
