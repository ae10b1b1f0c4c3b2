import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli.js";
import { fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";
import { targetsInEffect } from "../../src/core/incident/opening.js";
import { playbookFacts } from "../../src/core/incident/opening.js";
import { fixturePlaybook, GOLDEN, JOURNALS, PLAYBOOKS } from "./fixtures.js";

/** A team repository: config with the SEV1 fixture's baselines and playbook, and incidents. */
function workspace(
  incidents: Record<string, string> = { "2026-03-04-data-breach": "sev1-data-breach" },
  extraConfig = "",
) {
  const root = tempDir({
    "crisis.config.yaml": `incidents_dir: records\nplaybook_dirs: [${JSON.stringify(PLAYBOOKS)}]\nbaselines: { mentions_per_hour: 100, negative_share: 20 }\n${extraConfig}`,
  });
  for (const [id, fixture] of Object.entries(incidents)) {
    mkdirSync(path.join(root, "records", id), { recursive: true });
    copyFileSync(path.join(JOURNALS, `${fixture}.jsonl`), path.join(root, "records", id, "journal.jsonl"));
  }
  return root;
}

async function run(args: string[], cwd: string) {
  const io = fakeIo({ cwd });
  const code = await main(["node", "crisis", "postmortem", ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe("crisis postmortem", () => {
  test("writes incidents/<id>/postmortem.md from the journal, the path on stderr, nothing on stdout", async () => {
    const root = workspace();
    const { code, out, err } = await run(["2026-03-04-data-breach"], root);
    expect(code).toBe(0);
    expect(out).toBe("");
    const file = path.join(root, "records", "2026-03-04-data-breach", "postmortem.md");
    expect(err).toContain(
      `Post-mortem (full, in-review) written to ${path.join("records", "2026-03-04-data-breach", "postmortem.md")}`,
    );
    expect(err).toContain(
      'warning: action item "Pre-approve update wording with legal for the first two h..." has no due date (action-due)',
    );
    // The command finds the playbook and baselines through the config: the same document as the golden file.
    expect(readFileSync(file, "utf8")).toBe(readFileSync(path.join(GOLDEN, "sev1-data-breach.md"), "utf8"));
  });

  test("a journal that recorded the targets, role titles and containment target needs no playbook", async () => {
    // What crisis start records in incident_opened, taken from the fixture playbook.
    const playbook = fixturePlaybook();
    const lines = readFileSync(path.join(JOURNALS, "sev1-data-breach.jsonl"), "utf8").split("\n");
    const opened = JSON.parse(lines[0] ?? "") as { data: Record<string, unknown> };
    Object.assign(opened.data, { targets: targetsInEffect(playbook, {}) }, playbookFacts(playbook));
    const journal = [JSON.stringify(opened), ...lines.slice(1)].join("\n");
    const report = async (root: string) => {
      writeFileSync(path.join(root, "records", "2026-03-04-data-breach", "journal.jsonl"), journal);
      const { code, out } = await run(["2026-03-04-data-breach", "--format", "json"], root);
      expect(code).toBe(0);
      return out;
    };
    const withPlaybook = await report(workspace());
    // This config does not list the fixture playbook's folder: only the journal can supply its facts.
    const alone = tempDir({
      "crisis.config.yaml": "incidents_dir: records\nbaselines: { mentions_per_hour: 100, negative_share: 20 }\n",
    });
    mkdirSync(path.join(alone, "records", "2026-03-04-data-breach"), { recursive: true });
    const withoutPlaybook = await report(alone);
    expect(withoutPlaybook).toBe(withPlaybook);
    expect(withoutPlaybook).toContain('"title": "Legal reviewer"');
    expect(withoutPlaybook).toMatch(/"id": "time_to_contain",[^}]*"target": \{[^}]*"source": "playbook"/);
  });

  test("running it again rewrites the same bytes", async () => {
    const root = workspace();
    await run(["2026-03-04-data-breach"], root);
    const file = path.join(root, "records", "2026-03-04-data-breach", "postmortem.md");
    const first = readFileSync(file);
    const journalBefore = statSync(path.join(root, "records", "2026-03-04-data-breach", "journal.jsonl")).size;
    await run(["2026-03-04-data-breach"], root);
    expect(readFileSync(file).equals(first)).toBe(true);
    // No terminal: nothing was asked, nothing was added to the journal.
    expect(statSync(path.join(root, "records", "2026-03-04-data-breach", "journal.jsonl")).size).toBe(journalBefore);
  });

  test("--format json prints the same content as data on stdout", async () => {
    const root = workspace();
    const { code, out } = await run(["2026-03-04-data-breach", "--format", "json"], root);
    expect(code).toBe(0);
    expect(out).toBe(readFileSync(path.join(GOLDEN, "sev1-data-breach.json"), "utf8"));
  });

  test("--output - prints the markdown; --output FILE writes there", async () => {
    const root = workspace();
    const toStdout = await run(["2026-03-04-data-breach", "--output", "-"], root);
    expect(toStdout.out).toMatch(/^# Post-mortem: Customer records exposed/);
    const toFile = await run(["2026-03-04-data-breach", "--format", "json", "-o", "review.json"], root);
    expect(toFile.out).toBe("");
    expect(JSON.parse(readFileSync(path.join(root, "review.json"), "utf8"))).toMatchObject({
      kind: "crisis-postmortem",
      status: "in-review",
    });
  });

  test("without an id it takes the most recently opened incident", async () => {
    const root = workspace({
      "2026-05-12-viral-complaint": "sev3-complaint",
      "2026-03-04-data-breach": "sev1-data-breach",
    });
    const { code, err } = await run([], root);
    expect(code).toBe(0);
    expect(err).toContain(
      `Post-mortem (light, draft) written to ${path.join("records", "2026-05-12-viral-complaint", "postmortem.md")}`,
    );
  });

  test("an unknown incident or an empty incidents folder exits 4 and says what exists", async () => {
    const root = workspace();
    const unknown = await run(["2026-03-04-data-breech"], root);
    expect(unknown.code).toBe(4);
    expect(unknown.err).toContain('no incident "2026-03-04-data-breech"');
    expect(unknown.err).toContain('did you mean "2026-03-04-data-breach"?');
    const empty = await run([], workspace({}));
    expect(empty.code).toBe(4);
    expect(empty.err).toMatch(/crisis: no incidents in .*records/);
  });

  test("a bad --max-gap or answers file exits 2 with one line per problem", async () => {
    const root = workspace();
    const gap = await run(["2026-03-04-data-breach", "--max-gap", "soon"], root);
    expect(gap.code).toBe(2);
    expect(gap.err).toContain(`--max-gap soon: expected a duration such as "30m", "2h" or "3d"`);
    writeFileSync(
      path.join(root, "retro.yaml"),
      "went_well: [fine]\naction_items:\n  - action: Do it\n    type: later\n",
    );
    const answers = await run(["2026-03-04-data-breach", "--answers", "retro.yaml"], root);
    expect(answers.code).toBe(2);
    expect(answers.err).toMatch(
      new RegExp(`${path.join(root, "retro.yaml").replace(/[.\\]/g, "\\$&")}:4:11: .*prevent`),
    );
    expect(answers.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  test("--max-gap tightens the timeline-gap check", async () => {
    const root = workspace({ "2026-07-20-service-outage": "missed-updates" });
    const { err } = await run(["2026-07-20-service-outage", "--max-gap", "1h"], root);
    expect(err).toContain(
      "warning: nothing in the timeline for 1 h 5 min, from 2026-07-20 08:20 UTC to 2026-07-20 09:25 UTC (more than 1 h)",
    );
  });

  test("--answers records the retrospective in the journal, so a plain rerun keeps it", async () => {
    const root = workspace({ "2026-07-20-service-outage": "missed-updates" });
    writeFileSync(
      path.join(root, "retro.yaml"),
      "lucky:\n  - The outage began outside the evening peak\nstatus: closed\n",
    );
    expect((await run(["2026-07-20-service-outage", "--answers", "retro.yaml", "--no-retro"], root)).code).toBe(0);
    await run(["2026-07-20-service-outage"], root);
    const text = readFileSync(path.join(root, "records", "2026-07-20-service-outage", "postmortem.md"), "utf8");
    expect(text).toContain("Status: **Closed**");
    expect(text).toContain("- The outage began outside the evening peak");
  });

  test("a team's own template in template_dirs is used first; one with an unknown name is refused", async () => {
    const root = workspace({ "2026-05-12-viral-complaint": "sev3-complaint" }, "template_dirs: [tpl]\n");
    mkdirSync(path.join(root, "tpl"));
    writeFileSync(
      path.join(root, "tpl", "postmortem-light.md"),
      "# Review of {{title}}\n\n{{#metrics}}\n- {{label}}: {{value}} ({{result}})\n{{/metrics}}\n",
    );
    const { code } = await run(["2026-05-12-viral-complaint"], root);
    expect(code).toBe(0);
    const text = readFileSync(path.join(root, "records", "2026-05-12-viral-complaint", "postmortem.md"), "utf8");
    expect(text.split("\n").slice(0, 3)).toEqual([
      "# Review of Video of a rude delivery driver shared widely",
      "",
      "- Time to detect: 35 min (no target)",
    ]);

    writeFileSync(path.join(root, "tpl", "postmortem-light.md"), "# {{title}}\n\n{{severity_score}}\n");
    const bad = await run(["2026-05-12-viral-complaint"], root);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(
      `${path.join(root, "tpl", "postmortem-light.md")}:3: unknown variable {{severity_score}}`,
    );
  });

  test("--help has examples", async () => {
    const { code, out } = await run(["--help"], workspace());
    expect(code).toBe(0);
    expect(out).toContain("--no-retro");
    expect(out).toContain("Examples:");
    expect(out).toContain("crisis postmortem 2026-03-04-data-breach --answers retro.yaml");
  });
});
