import { readFileSync } from "node:fs";
import { placeAt } from "../helpers/journal.js";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { EventData, EventType, JournalEvent } from "../../src/core/journal/events.js";
import { emptyState, foldEvent, foldEvents, type IncidentState } from "../../src/core/journal/fold.js";
import { buildEvent } from "../../src/core/journal/lines.js";
import { renderLog } from "../../src/core/incident-log/render.js";
import { findLogTemplate } from "../../src/services/incident/incident-log.js";
import { buildLogView } from "../../src/core/incident-log/view.js";
import { bundledTemplatesDir } from "../../src/adapters/fs/package-root.js";
import { loadCatalog } from "../../src/services/workspace/workspace.js";
import { sha256 } from "../../src/core/runner/drafts.js";
import { FIXTURES } from "../helpers/workspace.js";
import { tempDir } from "../helpers/tmp.js";

const catalog = loadCatalog([
  { dir: path.join(bundledTemplatesDir(), "..", "playbooks"), source: "bundled" },
  { dir: path.join(FIXTURES, "runner", "playbooks"), source: "local" },
]);
const playbook = catalog.playbooks.get("fixture")!;
const templateTitles = new Map([
  ["fixture/holding", "Holding statement"],
  ["common/internal-staff-notice", "Internal notice to staff"],
]);

const HOLDING =
  "We know about checkout errors. What we know: ```code``` | pipes <b>tags</b>\n\n# not a heading\nNext update by 21 Nov 2026 20:35 UTC.";

/** A journal as the runner writes it, with fixed times (one minute apart unless `at` says otherwise). */
function journal(): JournalEvent[] {
  const events: JournalEvent[] = [];
  let minute = 0;
  const add = <T extends EventType>(type: T, data: EventData<T>, options: { at?: string; actor?: string } = {}) => {
    const now = new Date(Date.UTC(2026, 10, 21, 19, 30 + minute++, 5));
    events.push(
      buildEvent(
        placeAt(events.length),
        { type, data, actor: options.actor ?? "Ana Ruiz", ...(options.at ? { at: new Date(options.at) } : {}) },
        now,
      ),
    );
  };
  const hash = sha256(HOLDING);
  add("incident_opened", {
    incident_id: "2026-11-21-fixture",
    title: "Checkout *errors* | 'pay' <now> [x](javascript:alert(1))",
    playbook: { id: "fixture", version: "1.0.0", title: "Fixture crisis", crisis_type: "other", source: "local" },
    drill: false,
    brand: "Northwind",
  });
  add("milestone", { name: "detected" }, { at: "2026-11-21T19:10:00Z" });
  add("milestone", { name: "impact_started", estimated: true }, { at: "2026-11-21T18:45:00Z" });
  add("role_assigned", { role: "lead", person: "Ana Ruiz" });
  add("answer", { step: "severity", prompt: "reach", value: "Many thousands" });
  add("answer", { step: "severity", prompt: "safety_risk", value: false });
  add("severity_scored", {
    scores: { reach: 2 },
    overrides: [],
    computed: "SEV2",
    reasons: ["Reach: SEV2 (Many thousands)"],
  });
  add("severity_changed", { from: null, to: "SEV2", reason: "scored SEV2" });
  add("role_assigned", { role: "approver", person: "J. Park | exec" });
  add("declared", { severity: "SEV2" }, { at: "2026-11-21T19:30:05Z" });
  add("step_started", { step: "declare", phase: "declare", index: 0 });
  add("answer", { step: "declare", prompt: "war_room", value: "#crisis | room" });
  add("answer", { step: "declare", prompt: "detected_how", value: "A customer told us" });
  add("checklist", { step: "declare", item: 0, text: "Open a coordination channel", done: true });
  add("checklist", { step: "declare", item: 1, text: "Tell the team who leads", done: false });
  add("step_completed", { step: "declare" });
  add("step_started", { step: "identify", phase: "identify", index: 1 });
  add("answer", {
    step: "identify",
    prompt: "confirmed_facts",
    value: "# Not a heading\n- a list item\n<b>bold</b> and \u001b[31mred\u001b[0m",
  });
  add("answer", { step: "identify", prompt: "we_caused_it", value: true });
  add(
    "note",
    { text: "TODO: check the `refund` flow", step: "identify" },
    { at: "2026-11-21T19:35:00Z", actor: "Sam Scribe" },
  );
  add("decision", {
    what: "Apologise | publicly",
    why: "We caused it.\nTwice.",
    alternatives: "Stay quiet",
    step: "identify",
  });
  add("step_completed", { step: "identify" });
  add("step_skipped", { step: "apology", reason: "condition not met: we_caused_it == true", by: "condition" });
  add("step_started", { step: "acknowledge", phase: "acknowledge", index: 3 });
  for (const channel of ["x", "bluesky"]) {
    add("draft_created", {
      step: "acknowledge",
      template: "fixture/holding",
      channel,
      text: HOLDING,
      hash,
      revision: 1,
      edited: false,
      audience: "public",
      next_update_due: "2026-11-21T20:35:00.000Z",
    });
  }
  add("approval_requested", { hash, roles: ["lead", "approver"], step: "acknowledge", template: "fixture/holding" });
  add("approved", { hash, role: "lead", by: "Ana Ruiz" });
  add("approved", { hash, role: "approver", by: "J. Park" });
  add("published", {
    hash,
    channel: "x",
    template: "fixture/holding",
    url: "https://x.example/northwind/1",
    audience: "public",
    next_update_due: "2026-11-21T20:35:00.000Z",
  });
  add("published", {
    hash,
    channel: "bluesky",
    template: "fixture/holding",
    url: "javascript:alert(1)",
    audience: "public",
    next_update_due: "2026-11-21T20:35:00.000Z",
  });
  add("metric_snapshot", { mentions_per_hour: 1240, negative_share: 61, media_pickups: 2, support_tickets: 30 });
  add(
    "severity_changed",
    { from: "SEV2", to: "SEV1", reason: "National news picked it up" },
    { actor: "J. Park | exec" },
  );
  add("cadence_missed", { due: "2026-11-21T20:35:00.000Z" }, { at: "2026-11-21T20:35:00Z", actor: "crisis" });
  add("session_paused", { step: "acknowledge", how: "interrupted" });
  return events;
}

const BUNDLED = findLogTemplate([bundledTemplatesDir()]);

function renderState(state: IncidentState, body = BUNDLED) {
  return renderLog(body.body, body.file, buildLogView(state, { playbook, templateTitles }));
}

function render(events: JournalEvent[], body = BUNDLED) {
  return renderState(foldEvents(events), body);
}

describe("the incident log", () => {
  it("mid-crisis: header, roles, timeline in UTC, decisions, messages as published, open items, notes", async () => {
    await expect(render(journal())).toMatchFileSnapshot("../golden/incident-log/open.md");
  });

  it("after resolution: the exit criteria and the summary", async () => {
    const events = journal();
    const more = (type: EventType, data: object, minute: number) =>
      events.push(
        buildEvent(
          placeAt(events.length),
          { type, data, actor: "Ana Ruiz" },
          new Date(Date.UTC(2026, 10, 22, 9, minute)),
        ),
      );
    more("session_resumed", { step: "acknowledge" }, 0);
    more("exit_criterion", { id: "quiet", text: "The conversation is back to normal.", met: true }, 1);
    more("exit_criterion", { id: "promises-kept", text: "Every promise made in public is kept.", met: false }, 2);
    more("resolved", { summary: "Refunds done; **quiet** again." }, 3);
    await expect(render(events)).toMatchFileSnapshot("../golden/incident-log/resolved.md");
  });

  it("is the same whether the journal is folded at once or event by event", () => {
    const events = journal();
    const state = emptyState();
    for (const e of events) {
      foldEvent(state, e);
      expect(renderState(state)).toBe(render(events.slice(0, e.seq + 1)));
    }
  });

  it("uses a team's own template from template_dirs before the bundled one", () => {
    const dir = tempDir({
      "incident-log.md": "# {{title}} ({{severity}})\n{{#timeline}}\n- {{time}} {{event}}\n{{/timeline}}\n",
    });
    const found = findLogTemplate([dir, bundledTemplatesDir()]);
    expect(found.file).toBe(path.join(dir, "incident-log.md"));
    const text = render(journal().slice(0, 3), found);
    expect(text).toBe(
      "# Checkout \\*errors\\* \\| 'pay' &lt;now&gt; \\[x\\]\\(javascript:alert\\(1\\)\\) (not set)\n- 2026-11-21T18:45:00Z impact started\n- 2026-11-21T19:10:00Z detected\n- 2026-11-21T19:30:05Z incident opened\n",
    );
    expect(() => render(journal(), { file: "bad.md", body: "{{> partial}}" })).toThrow(/partials are not allowed/);
  });

  it("the bundled template has no triple braces (every value is already escaped)", () => {
    expect(readFileSync(path.join(bundledTemplatesDir(), "incident-log.md"), "utf8")).not.toMatch(/\{\{\{|\{\{&/);
  });
});

describe("the Now section, for someone joining mid-crisis", () => {
  /** The journal up to the approvals: the holding statement is waiting for the executive approver. */
  const waitingForApprover = () => {
    const events = journal();
    const cut = events.findIndex((e) => e.type === "approved" && e.data.role === "approver");
    return events.slice(0, cut);
  };
  const nowSection = (text: string) => text.slice(text.indexOf("## Now"), text.indexOf("## Incident"));

  it("says who is waited for, for what and since when, measured from the last event", () => {
    const now = nowSection(render(waitingForApprover()));
    expect(now).toContain("_As of the last event, 2026-11-21T19:57:05Z._");
    expect(now).toContain("| Lead | Ana Ruiz |");
    expect(now).toContain(
      "- Executive approver \\(J. Park \\| exec\\) to approve Holding statement, asked 2026-11-21T19:56:05Z, 1m before",
    );
    expect(now).toContain("| Next public update due | no public message yet |");
  });

  it("counts the time to the next update from the last event, so the same journal always renders the same bytes", () => {
    const events = journal();
    const cut = events.findIndex((e) => e.type === "metric_snapshot");
    const text = render(events.slice(0, cut + 1));
    expect(nowSection(text)).toContain("| Next public update due | 2026-11-21T20:35:00Z, 33m after the last event |");
    expect(render(events.slice(0, cut + 1))).toBe(text);
  });

  it("lists the last five events, latest first, and nothing waits once it is resolved", () => {
    const events = journal();
    const text = nowSection(render(events));
    const lines = text.split("\n").filter((l) => /^- 2026-/.test(l));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toContain("update missed (crisis)");
    expect(text).toContain("| Next public update due | 2026-11-21T20:35:00Z, **missed** |");
  });
});

describe("a compact record", () => {
  it("gives each message's approvals one row, each cross-post one row, and checklists as lists", () => {
    const text = render(journal());
    const timeline = text.slice(text.indexOf("## Timeline"), text.indexOf("## Decisions"));
    expect(timeline.match(/\| approved \|/g)).toHaveLength(1);
    expect(timeline).not.toContain("approval requested");
    expect(timeline).toContain(
      "by Ana Ruiz as Incident lead \\(2026-11-21T19:57:05Z\\), J. Park as Executive approver \\(2026-11-21T19:58:05Z\\); asked 2026-11-21T19:56:05Z",
    );
    expect(timeline.match(/\| public message \|/g)).toHaveLength(1);
    expect(timeline).toContain("Holding statement on x \\(https\\://x.example/northwind/1\\), bluesky");
    expect(timeline).toContain("| checklist | Ana Ruiz | Declare and open the war room: 1 of 2 items done");
    expect(text).toContain(
      "## Checklists\n\n### Declare and open the war room\n\n- [x] Open a coordination channel\n- [ ] Tell the team who leads\n",
    );
  });
});
