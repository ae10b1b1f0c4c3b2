// @module-tag slow (every bundled playbook driven end to end, then its post-mortem rendered and checked)
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import type { Prompter } from "../../src/adapters/terminal/prompter.js";
import { runPostmortem } from "../../src/services/postmortem/run.js";
import { drill } from "../helpers/drill.js";
import { clock } from "../helpers/io.js";
import { ESC } from "../helpers/prompter.js";
import { parseMermaid } from "./mermaid-parse.js";
import { GOLDEN, lintMarkdown } from "./fixtures.js";

/**
 * Golden post-mortems from scripted drills: each bundled playbook run in process with a fixed
 * clock (15 seconds pass at each reading) from declaration to resolution by a responder who
 * names the team, posts where the crisis lives, records check-ins and logs the press as it comes
 * (Esc → Check-in / Log, and the media step), then its post-mortem with a retrospective. A change
 * to what the runner records or the post-mortem shows appears as a diff of
 * test/golden/postmortem/drills; each is checked by markdownlint and the mermaid parser.
 */

const DRILL_IDS = readdirSync(path.resolve(import.meta.dirname, "../../playbooks"))
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => f.slice(0, -".yaml".length))
  .sort();

const WHAT_HAPPENED: Record<string, string> = {
  "account-hijack": "Someone took over our X account and is posting crypto giveaway scams from it",
  "data-breach": "An export link left public exposed the names and order histories of some customers",
  misconduct: "A video shows one of our store managers shouting at a customer in a wheelchair",
  misinformation: "A fake screenshot claims our tents are made with forced labour",
  "offensive-content": "Our scheduled Remembrance Day post used a joke that many found offensive",
  "product-recall": "Some of our camping stoves can leak gas at the valve and two customers were hurt",
  "service-outage": "Checkout has failed for most customers since the morning release",
  "viral-complaint": "A customer's video of our support refusing a refund for a soaked tent is spreading",
};

const PEOPLE: Record<string, string> = {
  lead: "Ana Ruiz",
  approver: "J. Park",
  legal: "M. Chen",
  spokesperson: "Sam Lee",
  social: "Kim Ruiz",
  security: "Priya Nair",
  privacy: "Lena Holm",
  support: "Tom Berg",
  scribe: "Dana Lee",
};
const person = (role: string) => PEOPLE[role] ?? "Alex Moreno";

const script = (id: string): Record<string, unknown> => ({
  "prompts.what_happened": WHAT_HAPPENED[id],
  "prompts.spreading_on": ["x", "bluesky"],
  "prompts.unusable_channels": [],
  "prompts.respond_on": ["x", "bluesky", "website"],
  "prompts.detected_at": "-20m",
  "prompts.impact_started_at": "-50m",
  "prompts.audiences": ["customers", "general public"],
  "prompts.posture_why": "We caused it, and the people affected need to hear that plainly, with what we are changing",
  "prompts.apologising": true,
  "roles.more": [],
  // Check-ins and the press, logged from the action menu as they happen.
  "prompts.war_room": [ESC, "#crisis-room"],
  "prompts.confirmed_facts": [ESC, ESC, "We know what happened and since when.\nThe cause is being confirmed."],
  "prompts.what_changed": [ESC, ESC, "The cause is confirmed and fixed; we are contacting everyone affected."],
  "prompts.impact_ended": [ESC, true],
  action: ["checkin", "log", "log", "checkin", "log", "checkin"],
  "action.log.kind": ["media_enquiry", "evidence", "stakeholder_notice"],
  "checkin.mentions_per_hour": [1800, 950, 140],
  "checkin.negative_share": [58, 44, 23],
  "checkin.media_pickups": [1, 3, 3],
  "checkin.support_tickets": [40, 65, 12],
  "comms.media_enquiry.outlet": ["Daily Ledger", "Radio Today"],
  "comms.media_enquiry.reporter": ["Sam Ortiz", ""],
  "comms.media_enquiry.question": ["How many customers are affected?", "Will you put someone up for the 6pm bulletin?"],
  "comms.media_enquiry.deadline": ["+2h", "+1h"],
  "comms.media_enquiry.status": ["open", "answered"],
  "comms.media_enquiry.response": ["The statement, and that we will update at the promised time"],
  "comms.evidence.link": "https://archive.example/first-post",
  "comms.evidence.description": "The first post, archived before it was deleted",
  "comms.stakeholder_notice.stakeholder": "Board",
  "comms.stakeholder_notice.channel": "call",
  "comms.stakeholder_notice.summary": "Briefed on the facts, the posture and the next update",
  "prompts.media_interest": true,
  "log.media.media_enquiry": ["log", "done"],
  "log.media.spokesperson_appearance": ["log", "done"],
  "comms.spokesperson_appearance.spokesperson": "Sam Lee",
  "comms.spokesperson_appearance.outlet": "Radio Today",
  "comms.spokesperson_appearance.format": "interview",
  "comms.spokesperson_appearance.summary": "Said what we know, what we are doing and when we will say more",
  "prompts.postmortem_owner": "Dana Lee",
  "resolve.summary": "Contained; everyone affected was told, and the conversation is back to normal",
});

/**
 * Names, channels and links a careful responder gives: each role's person, the channels the runner
 * suggests for each message (ticked in advance) rather than every one offered, and a plausible
 * address for each post.
 */
function withPeople(inner: Prompter): Prompter {
  let posts = 0;
  return {
    ...inner,
    checkbox: (q) =>
      /^message\.[^.]+\.channels$/.test(q.key ?? "") && q.choices.some((c) => c.checked)
        ? Promise.resolve(q.choices.filter((c) => c.checked).map((c) => c.value))
        : inner.checkbox(q),
    text: (q) => {
      const key = q.key ?? "";
      const role = /^(?:roles|message\.[^.]+)\.(?:approver\.)?([a-z_]+)$/.exec(key)?.[1];
      if (key.startsWith("roles.") && role) return Promise.resolve(person(role));
      const approver = /\.approver\.([a-z_]+)$/.exec(key)?.[1];
      if (approver) return Promise.resolve(person(approver));
      const channel = /^message\.[^.]+\.url\.([a-z-]+)$/.exec(key)?.[1];
      if (channel && ["x", "bluesky", "website"].includes(channel))
        return Promise.resolve(
          `https://${channel === "website" ? "northwind.example/updates" : `${channel}.example/northwind`}/${++posts}`,
        );
      return inner.text(q);
    },
  };
}

const RETRO = {
  went_well: ["The holding statement went out within minutes of the declaration"],
  went_wrong: ["The second update waited for the approver"],
  lucky: ["The story broke on a quiet news day"],
  contributing_factors: ["No pre-approved wording existed for this kind of crisis"],
  mitigators: ["The on-call responder had run a drill the month before"],
  trigger: ["A post by an affected customer was shared by a large account"],
  root_cause: ["Nothing in our process caught the problem before customers did"],
  five_whys: [
    "Customers found it first because our monitoring did not cover it",
    "Monitoring did not cover it because nobody owned that part of the service",
  ],
  resolution: ["The cause was fixed and everyone affected was contacted"],
  business_impact: { customers_affected: 1200, costs: "Refunds and goodwill credits" },
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
  const run = await drill(id, script(id), {
    now: clock("2026-11-21T19:30:00.000Z", 15_000),
    wrap: withPeople,
  });
  await runPostmortem({
    io: run.io,
    incidentDir: run.session.dir,
    config: run.ws.config,
    playbook: run.playbook,
    answers: RETRO as never,
    output: "-",
  });
  return run.io.out();
}

describe.each(DRILL_IDS)("%s drill", (id) => {
  test("the post-mortem matches the golden file, passes markdownlint and its charts parse", async () => {
    const text = await drillPostmortem(id);
    await expect(text).toMatchFileSnapshot(path.join(GOLDEN, "drills", `${id}.md`));
    expect(lintMarkdown(text)).toEqual([]);
    for (const block of text.matchAll(/```mermaid\n([\s\S]*?)```/g))
      await expect(parseMermaid(block[1] ?? "")).resolves.toBe(true);
  });
});
