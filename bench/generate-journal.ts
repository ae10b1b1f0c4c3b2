import { createHash } from "node:crypto";
import { JOURNAL_VERSION, journalEventSchema, type EventData, type EventType } from "../src/core/journal/events.js";

/**
 * What the opening event names: a real playbook. targets, roles and contain are what `crisis start`
 * records from it in incident_opened (src/core/incident/opening.ts), so the post-mortem needs no YAML.
 */
export interface JournalPlaybook extends Partial<Pick<EventData<"incident_opened">, "targets" | "roles" | "contain">> {
  id: string;
  version: string;
  title: string;
  crisis_type: string;
  spine?: string;
}

/** A small deterministic generator (mulberry32): the same journal on every run and machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STEPS = ["declare", "triage", "contain", "identify", "map", "decide", "acknowledge", "fix", "update", "monitor"];
const CHANNELS = ["x", "bluesky", "mastodon", "status-page", "email"];
const PEOPLE = ["Ana Ruiz", "Ben Okafor", "Chen Wei", "Dana Levi"];

/**
 * Writes a journal of exactly `count` events, valid under journalEventSchema (each is parsed), with
 * the mix a long incident produces: a round every few minutes of steps, answers, notes, a check-in
 * with metrics, and an update drafted, approved and published with its next-update promise; now and
 * then a rejection, a missed update, a decision or a severity change. It opens, declares and assigns
 * roles first and ends resolved, with retrospective findings and action items.
 */
export function generateJournal(
  count: number,
  incidentId: string,
  playbook: JournalPlaybook,
  seed = 7,
  replicas: readonly string[] = ["bench.aaaa"],
): string {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  let clock = Date.parse("2025-03-14T08:00:00Z");
  const lines: string[] = [];
  let severity: "SEV1" | "SEV2" = "SEV2";
  const push = <T extends EventType>(type: T, data: EventData<T>, actor = pick(PEOPLE)): void => {
    clock += 2000 + Math.floor(rand() * 20_000);
    const at = new Date(clock).toISOString();
    const replica = replicas[lines.length % replicas.length] ?? "bench.aaaa";
    const event = journalEventSchema.parse({
      v: JOURNAL_VERSION,
      id: `b${seed}x${String(lines.length).padStart(15, "0")}`,
      replica,
      clock: lines.length + 1,
      seq: lines.length,
      at,
      logged_at: at,
      actor,
      type,
      data,
    });
    lines.push(JSON.stringify(event));
  };

  const tail = 12;
  const { targets, roles, contain, ...named } = playbook;
  // The same fields as crisis start writes (src/core/incident/opening.ts).
  const recorded = { ...(targets ? { targets } : {}), ...(roles ? { roles } : {}), ...(contain ? { contain } : {}) };
  push(
    "incident_opened",
    {
      incident_id: incidentId,
      title: "Checkout outage and viral complaint thread",
      playbook: { ...named, source: "bundled" },
      drill: false,
      brand: "Acme",
      ...recorded,
    },
    "crisis",
  );
  push("milestone", { name: "impact_started", estimated: true });
  push("milestone", { name: "detected", step: "declare" });
  push("declared", { severity });
  push("severity_changed", { from: null, to: severity, reason: "initial triage" });
  for (const role of ["lead", "spokesperson", "approver", "scribe"])
    push("role_assigned", { role, person: pick(PEOPLE) });
  push("severity_scored", {
    scores: { reach: 3, sentiment: 2, harm: 2 },
    overrides: [],
    computed: severity,
    reasons: ["reach is high"],
  });

  let round = 0;
  let revision = 0;
  let nextDue: number | undefined;
  while (lines.length < count - tail) {
    round++;
    const step = STEPS[round % STEPS.length] ?? "update";
    const room = () => lines.length < count - tail;
    const steps: (() => void)[] = [
      () => push("step_started", { step, phase: "respond", index: round % STEPS.length }),
      () =>
        push("answer", {
          step,
          prompt: "summary",
          value: `Round ${round}: ${pick(["payments failing", "thread trending", "press asking", "fix deploying"])}`,
        }),
      () => push("answer", { step, prompt: "affected_users", value: Math.floor(rand() * 50_000) }),
      () => push("checklist", { step, item: round % 5, text: "Pause scheduled posts", done: rand() < 0.8 }),
      () =>
        push("note", {
          text: `Check-in ${round}: replies slowing; support queue at ${Math.floor(rand() * 400)} tickets.`,
        }),
      () =>
        push("metric_snapshot", {
          mentions_per_hour: Math.floor(200 + rand() * 4000),
          negative_share: Math.floor(20 + rand() * 70),
          media_pickups: Math.floor(rand() * 12),
          support_tickets: Math.floor(rand() * 900),
        }),
    ];
    for (const s of steps) if (room()) s();
    if (nextDue !== undefined && clock > nextDue && rand() < 0.3 && room())
      push("cadence_missed", { due: new Date(nextDue).toISOString() }, "crisis");
    const channel = pick(CHANNELS);
    const text = `Update ${round}: we are still working on the checkout problem. Next update by ${new Date(clock + 3_600_000).toISOString()}.`;
    const hash = createHash("sha256").update(text).digest("hex");
    revision++;
    if (room())
      push("draft_created", {
        step: "update",
        template: "common/holding-update",
        channel,
        text,
        hash,
        revision,
        edited: rand() < 0.2,
      });
    if (room()) push("approval_requested", { hash, roles: ["approver"] });
    if (rand() < 0.1 && room())
      push("rejected", { hash, role: "approver", by: pick(PEOPLE), reason: "tone too defensive" });
    if (room()) push("approved", { hash, role: "approver", by: pick(PEOPLE) });
    nextDue = clock + 3_600_000;
    if (room())
      push("published", {
        hash,
        channel,
        template: "common/holding-update",
        url: `https://example.com/status/${round}`,
        audience: "public",
        next_update_due: new Date(nextDue).toISOString(),
      });
    if (round % 7 === 0 && room())
      push("decision", {
        what: "Keep scheduled marketing paused",
        why: "tone-deaf during the outage",
        alternatives: "resume partially",
      });
    if (round % 23 === 0 && room()) {
      const to: "SEV1" | "SEV2" = severity === "SEV2" ? "SEV1" : "SEV2";
      push("severity_changed", { from: severity, to, reason: "media pickup changed" });
      severity = to;
    }
    if (round % 11 === 0 && room()) push("step_completed", { step });
  }
  push("milestone", { name: "mitigated" });
  push("milestone", { name: "impact_ended" });
  push("exit_criterion", { id: "sentiment", text: "Negative share back under 30%", met: true });
  push("resolved", { summary: "Checkout restored; apology and credit published." });
  push("retro_item", { section: "went_well", text: "First public response within the target." });
  push("retro_item", { section: "went_wrong", text: "Two promised updates were late." });
  push("retro_item", { section: "lucky", text: "The outage started outside peak hours." });
  push("retro_item", { section: "contributing_factor", text: "No alert on payment error rate." });
  push("action_item", { action: "Alert on payment error rate", kind: "detect", owner: "Chen Wei", due: "2025-04-01" });
  push("action_item", {
    action: "Pre-approve holding statements",
    kind: "comms",
    owner: "Ana Ruiz",
    due: "2025-04-15",
  });
  push("action_item", { action: "Rehearse the update cadence", kind: "process" });
  push("postmortem_status", { status: "draft" });
  if (lines.length !== count) throw new Error(`generated ${lines.length} events, expected ${count}`);
  return `${lines.join("\n")}\n`;
}
