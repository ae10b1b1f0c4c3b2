// @module-tag slow (drives bundled playbooks through the step engine, in process)
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { readJournal } from "../../src/services/journal/store.js";
import { drill } from "../helpers/drill.js";
import { clock, fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";
import { readFileSync } from "node:fs";
import path from "node:path";
import { approvalRecords } from "../../src/core/postmortem/approvals.js";
import { scanJournal } from "../../src/core/postmortem/facts.js";

const draftsOf = (state: { events: { type: string; data: unknown }[] }) =>
  state.events.flatMap((e) =>
    e.type === "draft_created" ? [e.data as { template: string; channel: string; text: string }] : [],
  );

describe("the quick declaration", () => {
  it("asks what happened, who leads, where it lives, what is down and the severity, then the holding statement", async () => {
    const { state, keys, asked, io } = await drill(
      "viral-complaint",
      {
        "prompts.what_happened": "A video of a customer's tent left out in the rain is being shared widely.",
        "prompts.spreading_on": ["x", "reddit"],
        "prompts.unusable_channels": [],
        // Enter: the channels as crisis ticks them.
        "message.viral-complaint/holding-reply.channels": (q: { choices: { value: string; checked?: boolean }[] }) =>
          q.choices.filter((c) => c.checked).map((c) => c.value),
      },
      { until: "severity.rescore" },
    );
    const firstHolding = keys.findIndex((k) => k.startsWith("message.viral-complaint/holding-reply"));
    expect(keys.slice(0, firstHolding)).toEqual([
      "prompts.what_happened",
      "roles.lead",
      "prompts.spreading_on",
      "prompts.unusable_channels",
      "severity.level",
    ]);
    // Everything up to a published holding statement, in a dozen answers at most.
    const published = state.events.find((e) => e.type === "published");
    expect(published).toBeDefined();
    expect(keys.indexOf("message.viral-complaint/holding-reply.url.x")).toBeLessThan(12);
    // The sentence names the incident; the times are "now" until triage refines them.
    expect(state.title).toBe("A video of a customer's tent left out in the rain is being shared widely.");
    expect(state.milestones.map((m) => [m.name, m.estimated, m.at])).toEqual([
      ["detected", true, state.openedAt],
      ["impact_started", true, state.openedAt],
    ]);
    // The playbook's suggested level is the one-key default, and no scoring question came first.
    const level = asked.find((a) => a.key === "severity.level")!;
    expect(level.answer).toBe("SEV3");
    expect(state.severityHistory[0]).toMatchObject({ from: null, to: "SEV3" });
    expect(keys.some((k) => k.startsWith("severity.") && k !== "severity.level")).toBe(false);
    // Only the channels named at the declaration were ticked for the holding reply.
    expect(state.publications.filter((p) => p.template.endsWith("holding-reply")).map((p) => p.channel)).toEqual([
      "x",
      "reddit",
    ]);
    // The new promise is announced once, not once per channel.
    expect(io.err().split("crisis keeps track of it")).toHaveLength(2);
  });

  it("shows a playbook's example answer as a dim hint above its question, once", async () => {
    const { io } = await drill(
      "viral-complaint",
      { "prompts.spreading_on": ["x"], "prompts.unusable_channels": [], "prompts.origin_url": "" },
      { until: "prompts.detected_at" },
    );
    const screen = io.err();
    const hint = "  e.g. https://social.example.com/someone/status/1798765432101234567";
    expect(screen).toContain(hint);
    expect(screen.indexOf(hint)).toBeLessThan(screen.indexOf("  e.g. #crisis-2026-11-21"));
    expect(screen.split(hint)).toHaveLength(2);
  });

  it.each([
    ["viral-complaint", true],
    // The outage's own guidance quotes a sentence of its kind: the generic example would mislead.
    ["service-outage", false],
    ["account-hijack", false],
  ])("shows the example sentence above what happened unless %s's guidance gives its own", async (id, shown) => {
    const { io } = await drill(id, {}, { until: "roles.lead" });
    expect(io.err().includes("  e.g. A video of a customer's tent")).toBe(shown);
  });

  it("offers the optional roles once, at triage, never before the holding statement", async () => {
    const { state, keys } = await drill(
      "viral-complaint",
      {
        "prompts.spreading_on": ["x"],
        "prompts.unusable_channels": [],
        "roles.more": ["scribe"],
        "roles.scribe": "Kim Notes",
      },
      { until: "prompts.detected_how" },
    );
    expect(keys.indexOf("roles.more")).toBeGreaterThan(keys.indexOf("severity.rescore"));
    expect(keys.filter((k) => k === "roles.more")).toHaveLength(1);
    expect(state.roles.scribe).toBe("Kim Notes");
  });

  it("triage's better estimate of when it began is the one the log shows", async () => {
    const { session } = await drill(
      "viral-complaint",
      { "prompts.spreading_on": ["x"], "prompts.unusable_channels": [], "prompts.impact_started_at": "-45m" },
      { until: "checklist.triage" },
    );
    const began = session.state.milestones.filter((m) => m.name === "impact_started").map((m) => m.at);
    expect(began).toHaveLength(2);
    const log = readFileSync(path.join(session.dir, "incident-log.md"), "utf8");
    expect(log).toContain(`| Impact began | ${began[1]!.replace(/\.\d{3}Z$/, "Z")} |`);
  });

  it("never offers a severity below the playbook's floor, and suggests the playbook's level", async () => {
    let offered: string[] = [];
    const { asked } = await drill(
      "account-hijack",
      {
        "prompts.unusable_channels": [],
        "severity.level": (q: { choices: { value: string }[]; default?: string }) => {
          offered = q.choices.map((c) => c.value);
          return q.default;
        },
      },
      { until: "message." },
    );
    expect(offered).toEqual(["SEV1", "SEV2", "SEV3"]);
    expect(asked.find((a) => a.key === "severity.level")?.answer).toBe("SEV2");
  });
});

describe("channels: only where the responder named, never one that is down", () => {
  it("the hijacked account is never offered, nor listed in {{handles}}", async () => {
    const offered: string[][] = [];
    const { state, asked } = await drill("account-hijack", {
      "prompts.spreading_on": ["x", "instagram"],
      "prompts.unusable_channels": (q: { choices: { value: string }[] }) => {
        // Narrowed to the brand's own channels (its handles, the website, e-mail).
        expect(q.choices.map((c) => c.value)).toEqual(["x", "bluesky", "instagram", "website", "email"]);
        return ["instagram"];
      },
      // Where we respond: never the hijacked account; where it lives is ticked already.
      "prompts.respond_on": (q: { choices: { value: string; checked?: boolean }[] }) => {
        expect(q.choices.map((c) => c.value)).not.toContain("instagram");
        expect(q.choices.filter((c) => c.checked).map((c) => c.value)).toEqual(["x"]);
        return ["x", "website"];
      },
      "message.account-hijack/warning-long.channels": (q: { choices: { value: string }[] }) => {
        offered.push(q.choices.map((c) => c.value));
        return ["website"];
      },
      "message.account-hijack/advice-long.channels": (q: { choices: { value: string }[] }) => {
        offered.push(q.choices.map((c) => c.value));
        return ["website", "facebook"];
      },
    });
    for (const a of asked.filter((x) => x.key.endsWith(".channels"))) expect(a.answer).not.toContain("instagram");
    expect(offered.flat()).not.toContain("instagram");
    expect(offered[0]).toEqual(["facebook", "linkedin", "tiktok", "youtube", "website", "email"]);
    const texts = draftsOf(state).map((d) => d.text);
    const withHandles = texts.filter((t) => t.includes("@northwind,"));
    expect(withHandles.length).toBeGreaterThan(0);
    for (const t of texts) expect(t).not.toContain("@northwind.outdoors, ");
    for (const t of withHandles) expect(t).toContain("@northwind, @northwind.example");
    expect(state.publications.map((p) => p.channel)).not.toContain("instagram");
    expect(state.skippedMessages.filter((m) => m.channels.includes("instagram")).map((m) => m.reason)).toContainEqual(
      "taken over or down (said at the declaration)",
    );
  });

  it("a status page that is down is never posted to nor linked", async () => {
    const { state } = await drill("service-outage", {
      "prompts.spreading_on": ["x"],
      "prompts.unusable_channels": ["status-page"],
    });
    for (const d of draftsOf(state)) expect(d.text, d.template).not.toContain("status.northwind.example");
    expect(state.publications.map((p) => p.channel)).not.toContain("status-page");
    const skipped = state.skippedMessages.find((m) => m.template === "service-outage/status-investigating");
    expect(skipped).toMatchObject({
      channels: ["status-page"],
      reason: "taken over or down (said at the declaration)",
    });
    // With the status page up, the same playbook links it.
    const up = await drill("service-outage", { "prompts.spreading_on": ["x"], "prompts.unusable_channels": [] });
    expect(draftsOf(up.state).some((d) => d.text.includes("https://status.northwind.example"))).toBe(true);
  });

  it("ticks nothing the responder did not name, and an empty choice is recorded as not sent, with the reason", async () => {
    const { state, asked } = await drill(
      "misinformation",
      {
        "prompts.spreading_on": ["news", "forums"],
        "prompts.unusable_channels": [],
        "message.misinformation/holding-short.channels": (q: { choices: { checked?: boolean }[] }) => {
          expect(q.choices.every((c) => !c.checked)).toBe(true);
          return [];
        },
        "message.misinformation/holding-short.channels_reason": "Not active on short-form networks",
      },
      { until: "message.misinformation/holding-long" },
    );
    expect(asked.map((a) => a.key)).toContain("message.misinformation/holding-short.channels_reason");
    expect(state.skippedMessages).toContainEqual(
      expect.objectContaining({
        template: "misinformation/holding-short",
        channels: ["x", "bluesky", "threads", "mastodon"],
        reason: "Not active on short-form networks",
      }),
    );
  });
});

describe("pre-approved holding statements", () => {
  it("need only the lead's confirmation, even at SEV1; an edited text needs the full policy", async () => {
    const { state, session } = await drill(
      "product-recall",
      {
        "prompts.spreading_on": ["x", "facebook"],
        "prompts.unusable_channels": [],
        "message.product-recall/holding-long.review": ["edit", "accept"],
        "message.product-recall/holding-long.edit": "Stop using TrailBlaze stoves now. Next update 21:30.",
        "message.product-recall/holding-long.approver.legal": "M. Chen",
        "message.product-recall/holding-long.approver.approver": "Jo Park",
      },
      { until: "message.common" },
    );
    expect(state.severity).toBe("SEV1");
    const requests = state.events.flatMap((e) => (e.type === "approval_requested" ? [e.data] : []));
    const short = requests.find((r) => r.template === "product-recall/holding-short")!;
    expect(short.roles).toEqual(["lead"]);
    expect(short.preapproved).toEqual([
      expect.objectContaining({
        by: "Morgan Ellis",
        role: "legal",
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
      }),
    ]);
    const long = requests.find((r) => r.template === "product-recall/holding-long")!;
    expect(long.preapproved).toBeUndefined();
    expect(long.roles).toEqual(["lead", "legal", "approver"]);
    // Approving as a role nobody held yet gives the role to that person.
    expect(state.roles).toMatchObject({ legal: "M. Chen", approver: "Jo Park" });
    // The log and the post-mortem say who approved the text in advance.
    const log = readFileSync(path.join(session.dir, "incident-log.md"), "utf8");
    // (Markdown-escaped in the log: "\(Legal reviewer\)".)
    expect(log).toMatch(/the text was pre-approved by Morgan Ellis \\\(Legal reviewer\\\) on \d{4}-\d\d-\d\d/);
    const records = approvalRecords(scanJournal(state.events));
    expect(records.find((r) => r.template === "product-recall/holding-short")?.preapproved).toEqual([
      expect.objectContaining({ by: "Morgan Ellis", role: "legal" }),
    ]);
  });

  it("are not pre-approved when a brand fact is missing from the config (the text would show a placeholder)", async () => {
    const { state } = await drill(
      "viral-complaint",
      { "prompts.spreading_on": ["x"], "prompts.unusable_channels": [] },
      { until: "message.viral-complaint/staff-notice", config: "baselines: { mentions_per_hour: 100 }\n" },
    );
    const request = state.events.find((e) => e.type === "approval_requested");
    expect(request?.type === "approval_requested" && request.data.preapproved).toBeFalsy();
  });
});

describe("the answers file never approves or publishes on its own", () => {
  const answers = (messages: string) => `title: Checkout errors
roles: { lead: Ana Ruiz }
prompts:
  spreading_on: [x]
  unusable_channels: []
${messages}`;

  it.each([
    ["without an approve entry", 'messages:\n  "*": { publish: true }\n', "messages.*.approve.lead"],
    ["without a publish entry", 'messages:\n  "*": { approve: true }\n', "messages.*.publish.x"],
    ["without any messages section", "", "messages.*.approve.lead"],
  ])("stops %s, naming the entry to add", async (_, messages, entry) => {
    const cwd = tempDir({ "answers.yaml": answers(messages) });
    const io = fakeIo({ cwd, now: clock() });
    expect(await main(["node", "crisis", "start", "viral-complaint", "--answers", "answers.yaml"], io)).toBe(2);
    expect(io.err()).toContain(`no answer for ${entry} (`);
    const events = readJournal(path.join(cwd, "incidents", "2026-11-21-viral-complaint")).events;
    expect(events.some((e) => e.type === "approved")).toBe(entry.includes("publish"));
    expect(events.some((e) => e.type === "published")).toBe(false);
  });
});
