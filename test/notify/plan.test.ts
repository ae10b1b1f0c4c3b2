import { describe, expect, it } from "vitest";
import type { EventType, JournalEvent } from "../../src/core/journal/events.js";
import { foldEvents } from "../../src/core/journal/fold.js";
import { buildEvent } from "../../src/core/journal/lines.js";
import type { NotifyConfig } from "../../src/core/notify/config.js";
import { buildMessage } from "../../src/core/notify/message.js";
import { nextReminderAt, planNotifications } from "../../src/core/notify/plan.js";
import { placeAt } from "../helpers/journal.js";

const HERE = "ana-laptop.aaaa";
const THERE = "jordan-laptop.bbbb";

/** Events at 19:30:00, 19:30:01 … written by `replica` unless an entry names another. */
function events(list: [EventType, object, string?][]): JournalEvent[] {
  return list.map(([type, data, replica], seq) =>
    buildEvent(
      placeAt(seq, replica ?? HERE),
      { type, data, actor: "Ana" },
      new Date(Date.UTC(2026, 10, 21, 19, 30, seq)),
    ),
  );
}

const opened: [EventType, object] = [
  "incident_opened",
  {
    incident_id: "2026-11-21-data-breach",
    title: "Order pages showed other customers' addresses",
    playbook: { id: "data-breach", version: "1.0.0", title: "Data breach", crisis_type: "data-breach" },
    drill: false,
    roles: [{ id: "legal", title: "Legal counsel" }],
  },
];

const HASH = "ab".repeat(32);
const base: [EventType, object, string?][] = [
  opened,
  ["role_assigned", { role: "lead", person: "Ana Ruiz" }],
  ["severity_changed", { from: null, to: "SEV3", reason: "declared" }],
  ["declared", { severity: "SEV3" }],
  [
    "draft_created",
    {
      step: "holding",
      template: "common/holding",
      channel: "x",
      text: "We *know* <!channel> & more",
      hash: HASH,
      revision: 1,
      edited: false,
    },
  ],
  ["approval_requested", { hash: HASH, roles: ["legal"], step: "holding", template: "common/holding" }],
  ["severity_changed", { from: "SEV3", to: "SEV1", reason: "national press" }, THERE],
];

const config = (routes: NotifyConfig["routes"], extra: Partial<NotifyConfig> = {}): NotifyConfig => ({
  routes,
  ...extra,
});
const at = (iso: string) => new Date(iso);

describe("which notifications an incident owes", () => {
  it("routes by event type and minimum severity, with one key per event and route", () => {
    const state = foldEvents(events(base));
    const plan = planNotifications(
      state,
      config({
        all: { type: "slack", url_env: "A" },
        exec: { type: "teams", url_env: "B", min_severity: "SEV2" },
        approvals: { type: "webhook", url_env: "C", secret_env: "D", events: ["approval_waiting"] },
      }),
      HERE,
      at("2026-11-21T19:31:00Z"),
    );
    expect(plan.map((p) => `${p.route} ${p.kind} ${p.severity ?? ""}`)).toEqual([
      "all declared SEV3",
      "all approval_waiting SEV3",
      "approvals approval_waiting SEV3",
      // SEV3 → SEV1 counts as SEV1 for a SEV2+ route: an escalation is news to it.
      "all severity_changed SEV1",
      "exec severity_changed SEV1",
    ]);
    expect(new Set(plan.map((p) => p.key)).size).toBe(plan.length);
    expect(plan[0]!.key).toBe(`${state.events[3]!.id}/all`);
  });

  it("is sent by the replica that wrote the event: another machine's severity change is theirs to send", () => {
    const plan = planNotifications(
      foldEvents(events(base)),
      config({ all: { type: "slack", url_env: "A" } }),
      HERE,
      at("2026-11-21T19:31:00Z"),
    );
    expect(plan.map((p) => [p.kind, p.sender === THERE ? "there" : "here", p.status])).toEqual([
      ["declared", "here", "pending"],
      ["approval_waiting", "here", "pending"],
      ["severity_changed", "there", "elsewhere"],
    ]);
  });

  it("is never sent again once an attempt delivered it (a synced attempt from elsewhere counts too)", () => {
    const first = foldEvents(events(base));
    const key = `${first.events[3]!.id}/all`;
    const state = foldEvents(
      events([
        ...base,
        [
          "notification_attempt",
          {
            key,
            route: "all",
            kind: "declared",
            source: first.events[3]!.id,
            attempt: 1,
            outcome: "failed",
            error: "HTTP 500",
            retry: true,
          },
        ],
        [
          "notification_attempt",
          {
            key,
            route: "all",
            kind: "declared",
            source: first.events[3]!.id,
            attempt: 2,
            outcome: "delivered",
            status: 200,
            retry: false,
          },
          THERE,
        ],
      ]),
    );
    const plan = planNotifications(
      state,
      config({ all: { type: "slack", url_env: "A" } }),
      HERE,
      at("2026-11-21T19:31:00Z"),
    );
    expect(plan.find((p) => p.kind === "declared")).toMatchObject({
      status: "delivered",
      attempts: [{ attempt: 1 }, { attempt: 2 }],
    });
  });

  it("does not retry an approval request that was decided meanwhile, but always makes its first attempt", () => {
    const approved: [EventType, object] = ["approved", { hash: HASH, role: "legal", by: "Jordan" }];
    const decided = foldEvents(events([...base, approved]));
    const routes = config({ all: { type: "slack", url_env: "A" } });
    const now = at("2026-11-21T19:31:00Z");
    expect(planNotifications(decided, routes, HERE, now).find((p) => p.kind === "approval_waiting")!.status).toBe(
      "pending",
    );
    const key = `${decided.events[5]!.id}/all`;
    const failed = foldEvents(
      events([
        ...base,
        approved,
        [
          "notification_attempt",
          {
            key,
            route: "all",
            kind: "approval_waiting",
            source: decided.events[5]!.id,
            attempt: 1,
            outcome: "failed",
            error: "HTTP 502",
            retry: true,
          },
        ],
      ]),
    );
    expect(planNotifications(failed, routes, HERE, now).find((p) => p.kind === "approval_waiting")!.status).toBe(
      "obsolete",
    );
  });

  it("gives up after a failure that will not be retried, and lets news older than a day expire", () => {
    const state = foldEvents(events(base));
    const routes = config({ all: { type: "slack", url_env: "A" } });
    expect(planNotifications(state, routes, HERE, at("2026-11-22T20:00:00Z")).map((p) => p.status)).toEqual([
      "expired",
      "expired",
      "elsewhere",
    ]);
  });

  it("reminds of the promised update N minutes before it is due, once, and not after it", () => {
    const published: [EventType, object] = [
      "published",
      {
        hash: HASH,
        channel: "x",
        template: "common/holding",
        audience: "public",
        next_update_due: "2026-11-21T20:30:00.000Z",
        kind: "holding",
      },
    ];
    const state = foldEvents(events([...base, published]));
    const routes = config({ all: { type: "slack", url_env: "A", events: ["update_due"] } }, { update_due_minutes: 15 });
    const status = (iso: string) => planNotifications(state, routes, HERE, at(iso)).map((p) => `${p.key} ${p.status}`);
    expect(status("2026-11-21T20:00:00Z")).toEqual(["update_due@2026-11-21T20:30:00.000Z/all not-yet"]);
    expect(status("2026-11-21T20:16:00Z")).toEqual(["update_due@2026-11-21T20:30:00.000Z/all pending"]);
    expect(status("2026-11-21T20:31:00Z")).toEqual(["update_due@2026-11-21T20:30:00.000Z/all obsolete"]);
    expect(nextReminderAt(state, routes, at("2026-11-21T20:00:00Z"))).toBe(Date.parse("2026-11-21T20:15:00Z"));
    const m = buildMessage(
      state,
      planNotifications(state, routes, HERE, at("2026-11-21T20:16:00Z"))[0]!,
      at("2026-11-21T20:16:00Z"),
    );
    expect(m.title).toBe("Public update due in 14 min (20:30 UTC) · Order pages showed other customers' addresses");
  });

  it("leaves drills out of a route that says drills: false", () => {
    const drill = events(base);
    (drill[0]!.data as { drill: boolean }).drill = true;
    const routes = config({
      real: { type: "slack", url_env: "A", drills: false },
      all: { type: "slack", url_env: "B" },
    });
    const plan = planNotifications(foldEvents(drill), routes, HERE, at("2026-11-21T19:31:00Z"));
    expect(new Set(plan.map((p) => p.route))).toEqual(new Set(["all"]));
    expect(buildMessage(foldEvents(drill), plan[0]!, at("2026-11-21T19:31:00Z")).title).toMatch(
      /^\[DRILL\] Crisis declared at SEV3/,
    );
  });

  it("says what waits for approval: the exact text, who must approve and the command that does it", () => {
    const state = foldEvents(events(base));
    const p = planNotifications(
      state,
      config({ all: { type: "slack", url_env: "A" } }),
      HERE,
      at("2026-11-21T19:31:00Z"),
    )[1]!;
    const m = buildMessage(state, p, at("2026-11-21T19:31:00Z"), (id) =>
      id === "common/holding" ? "Holding statement" : id,
    );
    expect(m.title).toBe("Approval waiting: Holding statement · Order pages showed other customers' addresses");
    expect(m.approval).toEqual({
      hash: HASH,
      template: "common/holding",
      channels: ["x"],
      roles: ["legal"],
      text: "We *know* <!channel> & more",
      command: `crisis approve 2026-11-21-data-breach --hash ${HASH.slice(0, 12)}`,
    });
    expect(m.facts).toContainEqual({ label: "Approval by", value: "Legal counsel" });
  });
});
