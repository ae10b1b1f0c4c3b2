import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { JournalEvent } from "../../src/core/journal/events.js";
import { parseJournal } from "../../src/core/journal/lines.js";
import { blameChecks } from "../../src/core/postmortem/checks.js";
import { scanJournal } from "../../src/core/postmortem/facts.js";
import { buildReport } from "../../src/core/postmortem/report.js";
import { checkTemplate } from "../../src/core/postmortem/render.js";
import { findTemplate } from "../../src/services/postmortem/template.js";
import { severityPeriods } from "../../src/core/postmortem/severity-periods.js";
import { resolveYardsticks } from "../../src/core/postmortem/targets.js";
import { formatNumber, median } from "../../src/core/postmortem/numbers.js";
import { formatDuration, parseDuration } from "../../src/core/time.js";
import { toView, VIEW_NAMES } from "../../src/core/postmortem/view.js";
import { templateVariables } from "../../src/core/templates/render.js";
import { commsJournal, fixtureOptions, fixtureReport, JOURNALS } from "./fixtures.js";

let seq = 0;
const ev = (at: string, type: string, data: object, actor = "Ana Ruiz"): JournalEvent =>
  ({ v: 1, seq: seq++, at: `2026-04-01T${at}Z`, logged_at: `2026-04-01T${at}Z`, actor, type, data }) as JournalEvent;

describe("durations and numbers", () => {
  test("are written the way a reader takes them in, without locale, rounded to their smallest unit", () => {
    expect(
      [0, 59_999, 60_000, 90_000, 3_600_000, 3_660_000, 3_661_000, 86_400_000, 90_000_000].map(formatDuration),
    ).toEqual(["0 s", "1 min", "1 min", "1 min 30 s", "1 h", "1 h 1 min", "1 h 1 min", "1 d", "1 d 1 h"]);
    // Rounded, never cut: 7.99 s is 8 s; a minute past a day is shown with the empty hour between.
    expect([7_990, 299_600, 3_599_600, 3_690_000, 86_820_000, 86_400_000 + 30_000].map(formatDuration)).toEqual([
      "8 s",
      "5 min",
      "1 h",
      "1 h 2 min",
      "1 d 0 h 7 min",
      "1 d 0 h 1 min",
    ]);
    expect(formatNumber(1234567.25)).toBe("1,234,567.3");
    expect(parseDuration("45m")).toBe(2_700_000);
    expect(parseDuration("soon")).toBeUndefined();
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe("severity periods", () => {
  test("a level replaced at the same instant never counts; the last period runs to the resolution", () => {
    seq = 0;
    const facts = scanJournal([
      ev("10:00:00", "declared", { severity: "SEV3" }),
      ev("10:00:00", "severity_changed", { from: "SEV3", to: "SEV2", reason: "second look" }),
      ev("10:30:00", "severity_changed", { from: "SEV2", to: "SEV2", reason: "same" }),
      ev("11:00:00", "severity_changed", { from: "SEV2", to: "SEV1", reason: "media" }),
      ev("12:00:00", "resolved", {}),
    ]);
    expect(severityPeriods(facts).map((p) => [p.severity, (p.end - p.start) / 60_000, p.open])).toEqual([
      ["SEV2", 60, false],
      ["SEV1", 60, false],
    ]);
  });

  test("an unresolved incident counts to its last journal entry, and says so", () => {
    seq = 0;
    const report = buildReport([
      ev("10:00:00", "declared", { severity: "SEV2" }),
      ev("10:45:00", "note", { text: "still going" }),
    ]);
    expect(report.metrics.find((m) => m.id === "time_in_sev2")).toMatchObject({
      value: 2700,
      note: "not resolved: counted to the last journal entry",
    });
    expect(report.metrics.find((m) => m.id === "time_to_resolve")).toMatchObject({
      status: "not recorded",
      note: "the journal has no resolved event",
    });
  });
});

describe("targets", () => {
  test("the journal's record wins, then config, then the playbook, then the spine", () => {
    seq = 0;
    const facts = scanJournal([
      ev("10:00:00", "incident_opened", {
        incident_id: "x",
        title: "t",
        playbook: { id: "p", version: "1.0.0", title: "P", crisis_type: "other" },
        drill: false,
        targets: { SEV1: { first_response: "15m", update_interval: "20m" } },
      }),
    ]);
    const y = resolveYardsticks({
      facts,
      config: { targets: { SEV1: { first_response: "45m" }, SEV2: { update_interval: "90m" } } },
      spineTargets: {
        SEV2: { first_response: "1h", update_interval: "1h" },
        SEV3: { first_response: "2h", update_interval: "4h" },
      },
    });
    expect(y.targets.SEV1).toMatchObject({
      first_response: { text: "15m", source: "journal" },
      update_interval: { text: "20m", source: "journal" },
    });
    expect(y.targets.SEV2).toMatchObject({
      first_response: { text: "1h", source: "spine" },
      update_interval: { text: "90m", source: "config" },
    });
    expect(y.targets.SEV3?.first_response?.ms).toBe(7_200_000);
    expect(y.targets.SEV4).toBeUndefined();
  });
});

describe("the blameless check", () => {
  const facts = (texts: string[]) => {
    seq = 0;
    return scanJournal([
      ev("10:00:00", "role_assigned", { role: "lead", person: "Ana Ruiz" }),
      ev("10:00:01", "role_assigned", { role: "legal", person: "M. Chen" }),
      ...texts.map((text) => ev("12:00:00", "retro_item", { section: "contributing_factor", text })),
      ev("12:00:00", "retro_item", { section: "went_well", text: "Ana Ruiz kept the timeline" }),
    ]);
  };

  test("flags a participant named as a cause, a possessive fault, 'because NAME' and blame words", () => {
    const warnings = blameChecks(
      facts([
        "Legal review waited because M. Chen was in a meeting",
        "It was Ana's fault for posting too early",
        "Because Jordan skipped the checklist",
        "Human error in the scheduling tool",
        "The scheduling tool had no approval step",
        "Because we had no weekend cover",
        "because Twitter changed its API",
      ]),
    );
    expect(warnings.map((w) => w.message.replace(/^contributing factor "(.{0,20}).*?" /, "$1 | "))).toEqual([
      "Legal review waited  | names M. Chen, who took part in the response; describe the conditions that made it possible instead (blameless review)",
      "It was Ana's fault f | names Ana Ruiz, who took part in the response; describe the conditions that made it possible instead (blameless review)",
      "Because Jordan skipp | gives a person (Jordan) as the reason; describe the conditions that made it possible instead (blameless review)",
      "Human error in the s | uses blame language; describe the conditions that made it possible instead (blameless review)",
    ]);
  });

  test("leaves what went well alone: praise is not blame", () => {
    expect(blameChecks(facts([]))).toEqual([]);
  });
});

describe("the journal's own damage", () => {
  test("a torn last line and an invalid line are skipped and reported as warnings", () => {
    const text = readFileSync(`${JOURNALS}/missing-events.jsonl`, "utf8");
    const read = parseJournal(`${text}{"not":"an event"}\n{"v":1,"seq":9,"at":"2026-09-01T17:00`);
    const report = buildReport(read.events, { read });
    expect(report.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^journal line 5 was skipped: /),
      "journal line 6 is incomplete (cut off by a crash) and was skipped",
    ]);
    expect(report.journal).toMatchObject({ events: 4, skipped_lines: 2 });
  });
});

describe("templates", () => {
  test("the bundled templates use only names the view provides, and the view provides only known names", () => {
    for (const form of ["full", "light"] as const) {
      const t = findTemplate(form);
      expect(() => checkTemplate(t.body, t.file)).not.toThrow();
      for (const v of templateVariables(t.body, t.file)) expect(VIEW_NAMES.has(v.name), v.name).toBe(true);
    }
    const names = new Set<string>();
    const walk = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) {
          names.add(k);
          walk(v);
        }
      }
    };
    walk(toView(fixtureReport("sev1-data-breach")));
    walk(toView(buildReport(commsJournal(), fixtureOptions("sev1-data-breach"))));
    expect([...names].filter((n) => !VIEW_NAMES.has(n))).toEqual([]);
    expect([...VIEW_NAMES].filter((n) => !names.has(n))).toEqual([]);
  });

  test("partials and delimiter changes are refused: a template cannot pull in other files", () => {
    expect(() => checkTemplate("{{> secrets}}", "t.md")).toThrow(/partials are not allowed/);
    expect(() => checkTemplate("{{=<% %>=}}", "t.md")).toThrow(/delimiter changes are not allowed/);
    expect(() => checkTemplate("{{constructor}}", "t.md")).toThrow(/object internal/);
  });
});

describe("the timeline's rows", () => {
  test("in JSON have a marker and a link only where they hold one, in an entry's key order", () => {
    const report = buildReport([
      ev("10:00:00", "declared", { severity: "SEV2" }),
      ev("10:05:00", "note", { text: "statement drafted" }),
      ev("10:10:00", "evidence", { description: "The post", link: "https://example.com/p/1" }),
      ev("10:20:00", "resolved", { summary: "over" }),
    ]);
    const rows = (JSON.parse(JSON.stringify(report)) as { timeline: object[] }).timeline;
    expect(rows.map((r) => Object.keys(r).join(","))).toEqual([
      "at,seq,marker,actor,event,details",
      "at,seq,actor,event,details",
      "at,seq,actor,event,details,link",
      "at,seq,marker,actor,event,details",
    ]);
  });
});
