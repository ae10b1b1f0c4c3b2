import { describe, expect, test } from "vitest";
import { main } from "../../src/cli.js";
import { fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";

const BUNDLED = [
  "account-hijack",
  "data-breach",
  "misconduct",
  "misinformation",
  "offensive-content",
  "product-recall",
  "service-outage",
  "viral-complaint",
];

const run = async (args: string[], cwd = tempDir()) => {
  const io = fakeIo({ cwd });
  const code = await main(["node", "crisis", ...args], io);
  return { code, out: io.out(), err: io.err() };
};

describe("crisis playbooks", () => {
  test("lists the eight bundled playbooks with type, steps and source", async () => {
    const { code, out } = await run(["playbooks"]);
    expect(code).toBe(0);
    for (const id of BUNDLED) expect(out).toMatch(new RegExp(`^${id}\\s+.+\\s+\\d+\\s+bundled$`, "m"));
    expect(out.split("\n")[0]).toMatch(/^ID\s+TITLE\s+TYPE\s+STEPS\s+SOURCE$/);
  });

  test("--json gives the same list as data on stdout", async () => {
    const { code, out } = await run(["playbooks", "--json"]);
    expect(code).toBe(0);
    const doc = JSON.parse(out) as {
      version: number;
      playbooks: { id: string; crisis_type: string; steps: number; source: string }[];
    };
    expect(doc.version).toBe(1);
    const list = doc.playbooks;
    expect(list.map((p) => p.id)).toEqual(BUNDLED);
    for (const p of list)
      expect(p).toMatchObject({ source: "bundled", crisis_type: p.id === "misconduct" ? "misconduct" : p.id });
    for (const p of list) expect(p.steps).toBeGreaterThan(11);
  });

  test("a local playbook with a bundled id overrides it and shows as local", async () => {
    const cwd = tempDir({
      "crisis.config.yaml": "playbook_dirs: [playbooks]\n",
      "playbooks/data-breach.yaml": `id: data-breach
title: Our own breach playbook
summary: Customised.
version: 2.0.0
crisis_type: data-breach
owner: Us
last_reviewed: 2026-11-01
extends: common
posture: { default: rebuild, cluster: preventable, why: We hold personal data. }
steps:
  - id: call-dpo
    phase: declare
    title: Call the data protection officer
`,
    });
    const { out } = await run(["playbooks", "--json"], cwd);
    const list = (JSON.parse(out) as { playbooks: { id: string; title: string; source: string }[] }).playbooks;
    expect(list.find((p) => p.id === "data-breach")).toMatchObject({
      title: "Our own breach playbook",
      source: "local",
    });
    expect(list).toHaveLength(8);
  });
});

describe("crisis playbooks show", () => {
  test("renders data-breach as a readable checklist: phases, steps, checklists, questions, messages", async () => {
    const { code, out } = await run(["playbooks", "show", "data-breach"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^Data breach/);
    for (const heading of [
      "Identify the cause",
      "Map the channels and the magnitude",
      "Acknowledge publicly",
      "Fix",
      "Report and learn",
    ]) {
      expect(out).toContain(heading);
    }
    expect(out).toMatch(/\[ \] /);
    expect(out).toMatch(/\? .+/);
    expect(out).toMatch(/✉ data-breach\/\S+ → /);
    expect(out).toContain("Exit criteria");
  });

  test("--markdown renders a document", async () => {
    const { code, out } = await run(["playbooks", "show", "data-breach", "--markdown"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^# Data breach/);
    expect(out).toContain("## Acknowledge publicly");
    expect(out).toMatch(/^- \[ \] /m);
  });

  test("an unknown id is a usage error that suggests the closest one", async () => {
    const { code, err } = await run(["playbooks", "show", "data-breech"]);
    expect(code).toBe(2);
    expect(err).toContain('unknown playbook "data-breech" (did you mean "data-breach"?)');
    expect(err).toContain("known playbooks:");
  });
});
