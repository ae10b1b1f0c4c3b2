import { readFileSync } from "node:fs";
import { Chalk } from "chalk";
import { describe, expect, test } from "vitest";
import { openStatusLine } from "../../src/adapters/terminal/status-line.js";
import { buildChannelRegistry } from "../../src/core/channels/registry.js";
import { evaluate } from "../../src/core/expr/evaluate.js";
import { parseCondition } from "../../src/core/expr/parse.js";
import { shortTitle } from "../../src/core/incident/summary.js";
import { valueIssues, verdict } from "../../src/core/lint/conditions.js";
import { buildCatalog, checkFile } from "../../src/core/playbook/catalog.js";
import { countsFor } from "../../src/core/runner/drafts.js";
import { renderGuidance } from "../../src/core/runner/guidance.js";
import { updateStepHint } from "../../src/core/runner/screen.js";
import type { IncidentState } from "../../src/core/journal/fold.js";
import type { Playbook } from "../../src/core/playbook/model.js";
import { configVariables } from "../../src/core/templates/variables.js";
import { parseFuture } from "../../src/core/time.js";

describe("guidance is rendered for the terminal", () => {
  const md =
    "Work in this order, because each step closes a door\nthe next depends on:\n\n1. **Secure the e-mail first.** If the inbox is `shared`, reset it.\n2. *Recover* via [the flow](https://help.example/hacked).\n\n- one\n  - nested\n\nNever \u001b[31mred\u001b[0m.";

  test("bold, italics, code, numbered and nested lists, links as text with their address; never raw markdown", () => {
    expect(renderGuidance(md, new Chalk({ level: 0 }))).toEqual([
      "  Work in this order, because each step closes a door the next depends on:",
      "",
      "  1. Secure the e-mail first. If the inbox is shared, reset it.",
      "  2. Recover via the flow (https://help.example/hacked).",
      "",
      "  - one",
      "    - nested",
      "",
      "  Never ␛[31mred␛[0m.",
    ]);
    const coloured = renderGuidance(md, new Chalk({ level: 1 })).join("\n");
    expect(coloured).toContain("\u001b[1mSecure the e-mail first.\u001b[22m");
    expect(coloured).not.toContain("**");
  });
});

describe("counting a message by its channel's own rule", () => {
  const registry = buildChannelRegistry();
  const text = "x".repeat(400);

  test("a private message on X is a direct message, not a 280-character post", () => {
    expect(countsFor(registry, ["x"], text, "private")[0]).toMatchObject({
      label: "X (direct message)",
      limit: 10000,
      over: 0,
    });
    expect(countsFor(registry, ["x"], text, "public")[0]).toMatchObject({ label: "X", limit: 280, over: 120 });
  });
});

describe("brand facts leave out what is down", () => {
  const config = {
    brand: {
      handles: { x: "@acme", instagram: "@acme.shop" },
      hub_url: "https://acme.example/updates",
      status_page_url: "https://status.acme.example",
    },
  };

  test("a hijacked account's handle is not listed; a status page that is down is not linked", () => {
    const vars = configVariables(config, new Set(["instagram", "status-page"]));
    expect(vars.handles).toBe("@acme");
    expect(vars.handle_instagram).toBeUndefined();
    expect(vars.status_page_url).toBe("");
    expect(configVariables(config).handles).toBe("@acme, @acme.shop");
    // Without a status page of its own, the variable stands for the hub, another page: it stays.
    expect(
      configVariables({ brand: { hub_url: "https://acme.example/updates" } }, new Set(["status-page"])),
    ).toMatchObject({ status_page_url: "https://acme.example/updates" });
  });
});

describe("small pieces", () => {
  test("a long title is cut at a word boundary", () => {
    expect(shortTitle("Short one.")).toBe("Short one");
    expect(
      shortTitle(
        "A video of a customer's tent left out in the rain, and of how our support team answered her, is shared.",
        60,
      ),
    ).toBe("A video of a customer's tent left out in the rain, and of…");
  });

  test("a promised time typed as a clock time is its next occurrence", () => {
    const now = new Date("2026-11-21T19:30:00Z");
    expect(parseFuture("21:15", now)?.toISOString()).toBe("2026-11-21T21:15:00.000Z");
    expect(parseFuture("09:00", now)?.toISOString()).toBe("2026-11-22T09:00:00.000Z");
    expect(parseFuture("+2h", now)?.toISOString()).toBe("2026-11-21T21:30:00.000Z");
    expect(parseFuture("2026-11-20 10:00", now)).toBeUndefined();
  });
});

describe("playbook format additions", () => {
  const spine = `spine: s
title: S
version: 1.0.0
severity: { floor: SEV3, initial: SEV2 }
steps:
  - id: declare
    phase: declare
    title: Declare
    prompts:
      - { id: where, type: multi-select, sets: crisis_channels, question: Where?, choices: [x, reddit] }
      - { id: down, type: multi-select, sets: unusable_channels, question: What is down?, choices: [x] }
`;
  const playbook = (severity: string) => `id: p
title: P
summary: S.
version: 1.0.0
crisis_type: other
owner: Us
last_reviewed: 2026-11-01
extends: s
posture: { default: diminish, cluster: accidental, why: W. }
${severity}
steps:
  - extend: declare
    prompts:
      - { id: down, type: multi-select, sets: unusable_channels, question: Which of our accounts is taken over?, choices: [x, instagram] }
      - { id: extra, type: text, question: Anything else? }
`;
  const load = (severity = "") =>
    buildCatalog([
      checkFile(spine, "spine.yaml", "local"),
      checkFile(playbook(severity), "p.yaml", "local"),
    ]).playbooks.get("p")!;

  test("a playbook's prompt with the id of a spine prompt replaces it in place", () => {
    const prompts = load().steps[0]!.prompts!;
    expect(prompts.map((p) => [p.id, p.question])).toEqual([
      ["where", "Where?"],
      ["down", "Which of our accounts is taken over?"],
      ["extra", "Anything else?"],
    ]);
    expect(prompts.map((p) => p.sets)).toEqual(["crisis_channels", "unusable_channels", undefined]);
  });

  test("severity.initial is inherited, and never below the floor", () => {
    expect(load().severity).toMatchObject({ floor: "SEV3", initial: "SEV2" });
    expect(load("severity: { floor: SEV2, initial: SEV4 }").severity).toMatchObject({ floor: "SEV2", initial: "SEV2" });
  });

  test("roles in a condition: a named spokesperson opens the step", () => {
    const expr = parseCondition('media_interest == true or roles contains "spokesperson"');
    const scope = { answers: { media_interest: false }, severity: "SEV3" as const, drill: false };
    expect(evaluate(expr, { ...scope, roles: ["lead"] })).toBe(false);
    expect(evaluate(expr, { ...scope, roles: ["lead", "spokesperson"] })).toBe(true);
    expect(verdict(parseCondition('roles contains "spokesperson"'), ["roles"], new Map(), "SEV4")).toBeUndefined();
    expect(valueIssues(parseCondition('roles == "spokesperson"'), new Map()).map((i) => i.message)).toEqual([
      'roles is the list of roles that have a person; test one with roles contains "spokesperson"',
    ]);
  });

  test("the bundled spine marks its channel questions with sets", () => {
    const text = readFileSync("playbooks/spine/common.yaml", "utf8");
    for (const sets of ["crisis_channels", "response_channels", "unusable_channels"])
      expect(text).toContain(`sets: ${sets}`);
  });
});

describe("where an overdue update is published", () => {
  const steps = [
    { id: "declare", title: "Declare" },
    { id: "triage", title: "Triage" },
    { id: "update", title: "Publish an update" },
    { id: "close", title: "Close" },
  ];
  const playbook = { steps } as unknown as Playbook;
  const at = (step: string, seen: string[]) =>
    ({ visit: { step }, steps: Object.fromEntries(seen.map((s) => [s, {}])) }) as unknown as IncidentState;

  test("ahead: where it comes; here: this step; behind: back to it", () => {
    expect(updateStepHint(playbook, at("triage", ["declare"]))).toBe(
      "the update step, Publish an update, is step 3 of 4",
    );
    expect(updateStepHint(playbook, at("update", ["declare", "triage"]))).toBe("in this step, Publish an update");
    expect(updateStepHint(playbook, at("close", ["declare", "triage", "update"]))).toBe(
      "Esc → back → Publish an update",
    );
  });
});

describe("the live status line", () => {
  const terminal = () => {
    let written = "";
    return { isTTY: true, rows: 30, columns: 80, write: (s: string) => (written += s), written: () => written };
  };

  test("reserves the last row with a scroll region, draws in place, and gives the screen back", () => {
    const t = terminal();
    const line = openStatusLine(t, {}, true)!;
    expect(t.written()).toContain("\u001b[1;29r");
    line.draw(" Next public update promised for 20:30 UTC: 42m 10s left ");
    expect(t.written()).toContain(
      "\u001b7\u001b[30;1H\u001b[2K Next public update promised for 20:30 UTC: 42m 10s left \u001b8",
    );
    line.close();
    expect(t.written().endsWith("\u001b7\u001b[30;1H\u001b[2K\u001b[r\u001b8")).toBe(true);
  });

  test("is never used in CI, in a pipe, or without a known size", () => {
    expect(openStatusLine(terminal(), { CI: "true" }, true)).toBeUndefined();
    expect(openStatusLine({ ...terminal(), isTTY: false }, {}, true)).toBeUndefined();
    expect(openStatusLine(terminal(), {}, false)).toBeUndefined();
    expect(openStatusLine({ ...terminal(), rows: 0 }, {}, true)).toBeUndefined();
  });
});
