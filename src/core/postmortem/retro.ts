import type { Prompter } from "../../adapters/terminal/prompter.js";
import type { EventData, JournalEvent } from "../journal/events.js";
import { ACTION_TYPES, type RetroAnswers } from "./retro-answers.js";
import { currentActions, type Facts } from "./facts.js";
import { POSTMORTEM_STATUSES, type PostmortemStatus, type RetroSection } from "./report.js";

/**
 * The retrospective: what went well, wrong and lucky, the contributing factors, the mitigators and
 * the action items, asked through the Prompter or read from an answers file, and recorded as
 * journal events (retro_item, action_item, postmortem_status) so that regenerating keeps them.
 * An item already in the journal with the same text is not recorded twice, so running the same
 * answers file again changes nothing.
 */

/** The journal events the retrospective records. */
export type RetroEventType = "retro_item" | "action_item" | "postmortem_status" | "business_impact";

const SECTION_OF: Record<Exclude<keyof RetroAnswers, "action_items" | "status" | "business_impact">, RetroSection> = {
  trigger: "trigger",
  root_cause: "root_cause",
  five_whys: "why",
  resolution: "resolution",
  went_well: "went_well",
  went_wrong: "went_wrong",
  lucky: "lucky",
  contributing_factors: "contributing_factor",
  mitigators: "mitigator",
};

const QUESTIONS: [keyof typeof SECTION_OF, string][] = [
  ["trigger", "What triggered it? (the post, the outage, the report)"],
  ["root_cause", "What was the root cause? (the condition that let the trigger become a crisis)"],
  ["five_whys", "Five whys: why did it happen? Then answer why to your last answer, up to five times"],
  ["resolution", "How was it resolved? (what fixed it, what ended the story)"],
  ["went_well", "What went well?"],
  ["went_wrong", "What went wrong?"],
  ["lucky", "Where did we get lucky?"],
  ["contributing_factors", "What contributed to it? (a condition, not a person)"],
  ["mitigators", "What limited the damage?"],
];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const norm = (text: string) => text.trim().replace(/\s+/g, " ").toLowerCase();

/**
 * Appends retrospective answers to the journal, each line fsynced as soon as it is given, so a
 * Ctrl+C halfway through keeps everything answered so far. What is already in the journal (the same
 * finding, or the same action with the same details) is skipped; an action given again with other
 * details is recorded again, and the latest record of an action is the one the post-mortem shows.
 */
export class RetroRecorder {
  readonly recorded: JournalEvent[] = [];
  private readonly findings: Set<string>;
  private readonly actions: Set<string>;
  private status: PostmortemStatus;

  /** `append` writes one event to the journal (fsynced) and returns it. */
  constructor(
    facts: Facts,
    private readonly write: <T extends RetroEventType>(type: T, data: EventData<T>) => JournalEvent,
  ) {
    this.findings = new Set(facts.retro.map((r) => `${r.section}\u0000${norm(r.text)}`));
    this.actions = new Set(currentActions(facts).map((a) => actionKey(a.action, a.kind, a.owner, a.due)));
    this.status = facts.status?.status ?? "draft";
    this.known = { ...facts.impact };
  }

  private readonly known: EventData<"business_impact">;

  get currentStatus(): PostmortemStatus {
    return this.status;
  }

  finding(section: RetroSection, text: string): void {
    const id = `${section}\u0000${norm(text)}`;
    if (this.findings.has(id)) return;
    this.findings.add(id);
    this.append("retro_item", { section, text });
  }

  action(a: NonNullable<RetroAnswers["action_items"]>[number]): void {
    const id = actionKey(a.action, a.type, a.owner, a.due);
    if (this.actions.has(id)) return;
    this.actions.add(id);
    this.append("action_item", {
      action: a.action,
      kind: a.type,
      ...(a.owner ? { owner: a.owner } : {}),
      ...(a.due ? { due: a.due } : {}),
    });
  }

  setStatus(status: PostmortemStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.append("postmortem_status", { status });
  }

  /** Everything in an answers file, in the file's order of sections. */
  answers(answers: RetroAnswers): void {
    for (const key of Object.keys(SECTION_OF) as (keyof typeof SECTION_OF)[])
      for (const text of answers[key] ?? []) this.finding(SECTION_OF[key], text);
    for (const a of answers.action_items ?? []) this.action(a);
    if (answers.business_impact) this.impact(answers.business_impact);
    if (answers.status) this.setStatus(answers.status);
  }

  /** The business impact; only fields that differ from what the journal holds are recorded. */
  impact(given: EventData<"business_impact">): void {
    const changed = Object.fromEntries(
      Object.entries(given).filter(([k, v]) => v !== undefined && this.known[k as keyof typeof this.known] !== v),
    );
    if (Object.keys(changed).length === 0) return;
    Object.assign(this.known, changed);
    this.append("business_impact", changed);
  }

  private append<T extends RetroEventType>(type: T, data: EventData<T>): void {
    this.recorded.push(this.write(type, data));
  }
}

const actionKey = (action: string, kind: string, owner: string | undefined, due: string | undefined) =>
  [norm(action), kind, owner?.trim() ?? "", due ?? ""].join("\u0000");

/** Asks the retrospective, one finding per answer (an empty answer moves on), recording each at once. */
export async function askRetro(prompter: Prompter, recorder: RetroRecorder): Promise<void> {
  for (const [key, question] of QUESTIONS) {
    for (;;) {
      const text = (
        await prompter.text({
          key: `retro.${key}`,
          message: `${question} (one at a time; Enter on an empty line moves on)`,
          escape: "none",
        })
      ).trim();
      if (text === "") break;
      recorder.finding(SECTION_OF[key], text);
    }
  }
  for (;;) {
    const action = (
      await prompter.text({
        key: "retro.action",
        message: "Action item, starting with a verb (Enter on an empty line to finish)",
        escape: "none",
      })
    ).trim();
    if (action === "") break;
    const type = await prompter.select({
      key: "retro.action_type",
      message: "Type of action",
      choices: ACTION_TYPES.map((t) => ({ value: t, name: t })),
      escape: "none",
    });
    const owner = (
      await prompter.text({
        key: "retro.action_owner",
        message: "Owner (a name; Enter to leave it open)",
        escape: "none",
      })
    ).trim();
    const due = (
      await prompter.text({
        key: "retro.action_due",
        message: "Due date, YYYY-MM-DD (Enter to leave it open)",
        escape: "none",
        validate: (v) =>
          v.trim() === "" || (DATE.test(v.trim()) && !Number.isNaN(Date.parse(v.trim())))
            ? true
            : "expected a date such as 2026-04-30, or nothing",
      })
    ).trim();
    recorder.action({ action, type, ...(owner ? { owner } : {}), ...(due ? { due } : {}) });
  }
  await askImpact(prompter, recorder);
  const status = await prompter.select({
    key: "retro.status",
    message: "Status of the post-mortem",
    choices: POSTMORTEM_STATUSES.map((s) => ({ value: s, name: s })),
    default: recorder.currentStatus,
    escape: "none",
  });
  recorder.setStatus(status);
}

/** The business impact, each field optional (Enter leaves it out). */
async function askImpact(prompter: Prompter, recorder: RetroRecorder): Promise<void> {
  const customers = (
    await prompter.text({
      key: "retro.impact.customers_affected",
      message: "Business impact: how many customers were affected? (a whole number; Enter if unknown)",
      validate: (v) => /^\s*\d*\s*$/.test(v) || "expected a whole number such as 1200, or nothing",
      escape: "none",
    })
  ).trim();
  const text = async (key: string, message: string) =>
    (
      await prompter.text({ key: `retro.impact.${key}`, message: `${message} (Enter to leave it out)`, escape: "none" })
    ).trim();
  const revenue = await text("revenue", "Revenue lost or at risk, as finance states it");
  const costs = await text("costs", "Costs: refunds, compensation, overtime, agencies");
  const other = await text("other", "Other business impact: churn, cancelled deals, regulatory exposure");
  recorder.impact({
    ...(customers !== "" ? { customers_affected: Number(customers) } : {}),
    ...(revenue ? { revenue } : {}),
    ...(costs ? { costs } : {}),
    ...(other ? { other } : {}),
  });
}
