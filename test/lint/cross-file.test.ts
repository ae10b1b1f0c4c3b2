import { describe, expect, test } from "vitest";
import { main } from "../../src/cli.js";
import { fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";

/**
 * What no single file shows, through the real command: a pull request that touches only a
 * template is checked against the playbooks that use it, and its findings land in the template;
 * a team file that replaces a bundled one is never silent.
 */

const PLAYBOOK = (id: string, template: string) => `id: ${id}
title: Local playbook ${id}
summary: A team's own playbook.
version: 1.0.0
crisis_type: other
owner: Comms team
last_reviewed: 2026-11-01
extends: common
posture: { default: diminish, cluster: accidental, why: Fits. }
steps:
  - extend: holding
    messages:
      - template: ${template}
        channels: [x, status-page]
`;
const holding = (body: string) => `---\ntitle: Holding\nkind: holding\naudience: public\n---\n${body}\n`;

function repo(files: Record<string, string>): string {
  return tempDir({ "crisis.config.yaml": "playbook_dirs: [playbooks]\ntemplate_dirs: [templates]\n", ...files });
}

async function lint(cwd: string, ...args: string[]) {
  const io = fakeIo({ cwd });
  const code = await main(["node", "crisis", "lint", ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe("findings where the mistake is", () => {
  const files = {
    "playbooks/one.yaml": PLAYBOOK("one", "local/holding"),
    "playbooks/two.yaml": PLAYBOOK("two", "local/holding"),
    "templates/messages/local/holding.txt": holding("We are on it, {{brnd}}. Next update by {{next_update_time}}."),
  };

  test("crisis lint <template> checks the playbooks that use it, and reports the variable in the template", async () => {
    const r = await lint(repo(files), "templates/messages/local/holding.txt");
    expect(r.out).toMatch(
      /^templates\/messages\/local\/holding\.txt:6:15: error: \{\{brnd\}\} is not a prompt of any playbook that uses this template.*did you mean \{\{brand\}\}.*\[vars\/unknown-variable\]$/m,
    );
    // Both playbooks that use it, as related locations, and no finding on a file the change did not touch.
    expect(r.out).toContain("↳ playbooks/one.yaml:13:19: playbook one uses this template here");
    expect(r.out).toContain("↳ playbooks/two.yaml:13:19: playbook two uses this template here");
    expect(r.out).not.toMatch(/^playbooks\//m);
    expect(r.err).toMatch(/1 error, 0 warnings, 0 info in 1 file \(4 files checked\)/);
    expect(r.code).toBe(1);
  });

  test("linting only the playbooks puts the finding at each playbook's template: line, naming the template's line", async () => {
    const r = await lint(repo(files), "playbooks");
    expect(r.out).toMatch(
      /^playbooks\/one\.yaml:13:19: error: template local\/holding uses \{\{brnd\}\} \(templates\/messages\/local\/holding\.txt:6\)/m,
    );
    expect(r.out).toMatch(/^playbooks\/two\.yaml:13:19: error:/m);
  });

  test("in SARIF the playbooks are relatedLocations of the template's result", async () => {
    const dir = repo(files);
    const io = fakeIo({ cwd: dir });
    await main(["node", "crisis", "lint", "--format", "sarif"], io);
    const doc = JSON.parse(io.out()) as {
      runs: {
        results: { ruleId: string; locations: unknown[]; relatedLocations?: { message: { text: string } }[] }[];
      }[];
    };
    const result = doc.runs[0]?.results.find((r) => r.ruleId === "vars/unknown-variable");
    expect(result?.relatedLocations?.map((l) => l.message.text)).toEqual([
      "playbook one uses this template here",
      "playbook two uses this template here",
    ]);
  });
});

describe("across files", () => {
  test("two playbooks with one id: reported at the second, naming the first", async () => {
    const r = await lint(
      repo({
        "playbooks/a.yaml": PLAYBOOK("same", "local/holding"),
        "playbooks/b.yaml": PLAYBOOK("same", "local/holding"),
        "templates/messages/local/holding.txt": holding("We are on it. Next update by {{next_update_time}}."),
      }),
    );
    expect(r.out).toMatch(
      /^playbooks\/b\.yaml:1:5: error: playbook id "same" is also defined by playbooks\/a\.yaml:1; only this later file is used.*\[ref\/duplicate-definition\]$/m,
    );
    expect(r.code).toBe(1);
  });

  test("a team playbook or spine with a bundled id is reported as info: never silent, never failing", async () => {
    const r = await lint(
      repo({
        "playbooks/outage.yaml": PLAYBOOK("service-outage", "local/holding"),
        "templates/messages/local/holding.txt": holding("We are on it. Next update by {{next_update_time}}."),
      }),
    );
    expect(r.out).toMatch(
      /^playbooks\/outage\.yaml:1:5: info: playbook "service-outage" replaces the bundled playbook of the same id \(.*service-outage\.yaml:\d+\).*\[ref\/override\]$/m,
    );
    expect(r.code).toBe(0);
  });
});
