import { describe, expect, test } from "vitest";
import { lint, WORKSPACE } from "./helpers.js";

/**
 * A playbook is checked together with the spine it extends. The spine's own findings are reported
 * when the spine itself is linted, once; a finding in the spine that only this playbook causes is
 * reported at the playbook's extends: line, naming the place in the spine.
 */

const SPINE = `spine: base2
title: Spine with a message
version: 1.0.0
roles:
  - { id: lead, title: Lead, duty: Leads. }
targets:
  SEV1: { first_response: 30m, update_interval: 30m }
  SEV2: { first_response: 1h, update_interval: 1h }
  SEV3: { first_response: 2h, update_interval: 4h }
  SEV4: { first_response: 4h, update_interval: 24h }
steps:
  - { id: identify, phase: identify, title: Identify }
  - { id: map, phase: map, title: Map }
  - id: acknowledge
    phase: acknowledge
    title: Acknowledge
    target: first-response
    messages:
      - template: fx/detail
        channels: [website]
  - { id: fix, phase: fix, title: Fix }
  - { id: learn, phase: learn, title: Learn }
`;

const playbook = (steps: string) => `id: p
title: P
summary: Extends base2.
version: 1.0.0
crisis_type: other
owner: Team
last_reviewed: 2026-11-01
extends: base2
posture: { default: diminish, cluster: accidental, why: Fits. }
steps:
${steps}`;

const spineFile = { path: "spines/base2.yaml", text: SPINE };
const workspace = [...WORKSPACE, spineFile];

describe("findings in a spine", () => {
  test("the spine's own finding is reported in the spine, once, and not again for each playbook", () => {
    const result = lint(
      [spineFile, { path: "p.yaml", text: playbook("  - { id: extra, phase: fix, title: Extra }\n") }],
      { workspace },
    );
    expect(result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`)).toEqual([
      "spines/base2.yaml:19:19 vars/unknown-variable",
    ]);
  });

  test("a spine finding that only the playbook causes is reported at its extends: line", () => {
    const steps =
      "  - id: later\n    phase: learn\n    title: Later\n    prompts:\n      - { id: detail, type: text, question: What happened?, example: Short. }\n";
    const result = lint([{ path: "p.yaml", text: playbook(steps) }], { workspace });
    expect(result.findings).toEqual([
      expect.objectContaining({
        rule: "vars/asked-later",
        file: "p.yaml",
        line: 8,
        column: 10,
        message: expect.stringMatching(
          /which is asked only in step "later".*\(in spines\/base2\.yaml:19:19, through extends: base2\)$/,
        ) as unknown,
      }),
    ]);
  });

  test("a playbook whose spine is invalid is told so, not flooded with findings", () => {
    const broken = { path: "spines/base2.yaml", text: SPINE.replace("version: 1.0.0", "version: one") };
    const result = lint([{ path: "p.yaml", text: playbook("  - { id: extra, phase: fix, title: Extra }\n") }], {
      workspace: [...WORKSPACE, broken],
    });
    expect(result.findings).toEqual([
      expect.objectContaining({
        rule: "ref/unknown-spine",
        line: 8,
        message: expect.stringMatching(/spine "base2" \(spines\/base2\.yaml\) has problems of its own/) as unknown,
      }),
    ]);
  });

  test("a team's template overrides a bundled one with the same id, and is the one checked", () => {
    const override = {
      path: "team/templates/messages/fx/detail.txt",
      text: "---\ntitle: Detail\nkind: notice\naudience: public\n---\nSee {{hub_url}}\n",
    };
    const result = lint([spineFile], { workspace: [...workspace, override] });
    expect(result.findings).toEqual([]);
  });
});
