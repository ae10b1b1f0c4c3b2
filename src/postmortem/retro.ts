import { readFileSync } from "node:fs";
import { z } from "zod";
import { CrisisError, EXIT, InputError } from "../errors.js";
import type { EventData, JournalEvent } from "../journal/events.js";
import { appendEvent } from "../journal/store.js";
import { validate } from "../playbook/validate.js";
import type { Prompter } from "../ui/prompter.js";
import { parseYaml } from "../yaml/parse.js";
import { currentActions, type Facts } from "./facts.js";
import { POSTMORTEM_STATUSES, type PostmortemStatus, type RetroSection } from "./report.js";

/**
 * The retrospective: what went well, wrong and lucky, the contributing factors, the mitigators and
 * the action items, asked through the Prompter or read from an answers file, and recorded as
 * journal events (retro_item, action_item, postmortem_status) so that regenerating keeps them.
 * An item already in the journal with the same text is not recorded twice, so running the same
 * answers file again changes nothing.
 */

export const ACTION_TYPES = ["prevent", "mitigate", "detect", "process", "comms"] as const;

const items = z.array(z.string().trim().min(1, "expected a non-empty finding")).optional();

export const retroAnswersSchema = z
  .strictObject({
    went_well: items.describe("What went well."),
    went_wrong: items.describe("What went wrong."),
    lucky: items.describe("Where we got lucky (near misses)."),
    contributing_factors: items.describe("Conditions that together made it possible: never a person."),
    mitigators: items.describe("What limited the damage."),
    action_items: z
      .array(
        z.strictObject({
          action: z.string().trim().min(1, "expected an action that starts with a verb"),
          type: z.enum(ACTION_TYPES),
          owner: z.string().trim().min(1).optional(),
          due: z.iso.date("expected a date such as 2026-04-30").optional(),
        }),
      )
      .optional(),
    status: z.enum(POSTMORTEM_STATUSES).optional().describe("The post-mortem's review status."),
  })
  .describe("Retrospective answers for crisis postmortem --answers.");

export type RetroAnswers = z.infer<typeof retroAnswersSchema>;

const SECTION_OF: Record<Exclude<keyof RetroAnswers, "action_items" | "status">, RetroSection> = {
  went_well: "went_well",
  went_wrong: "went_wrong",
  lucky: "lucky",
  contributing_factors: "contributing_factor",
  mitigators: "mitigator",
};

/** Reads and checks an answers file; every problem is reported as file:line:column. */
export function loadRetroAnswers(file: string): RetroAnswers {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new CrisisError(`cannot read the answers file ${file}: ${(error as Error).message}`, EXIT.usage);
  }
  const parsed = parseYaml(text, file);
  if (parsed.problems.length > 0)
    throw new InputError(file, parsed.problems, "fix the answers file (see docs/postmortem.md)");
  const result = validate(retroAnswersSchema, parsed.value ?? {}, parsed);
  if (!result.ok) throw new InputError(file, result.problems, "see docs/postmortem.md for the answers file format");
  return result.data;
}

const QUESTIONS: [keyof typeof SECTION_OF, string][] = [
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

  constructor(
    private readonly dir: string,
    facts: Facts,
    private readonly actor: string,
    private readonly now: () => Date,
  ) {
    this.findings = new Set(facts.retro.map((r) => `${r.section}\u0000${norm(r.text)}`));
    this.actions = new Set(currentActions(facts).map((a) => actionKey(a.action, a.kind, a.owner, a.due)));
    this.status = facts.status?.status ?? "draft";
  }

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
    if (answers.status) this.setStatus(answers.status);
  }

  private append<T extends "retro_item" | "action_item" | "postmortem_status">(type: T, data: EventData<T>): void {
    this.recorded.push(appendEvent(this.dir, { type, data, actor: this.actor }, this.now()));
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
  const status = await prompter.select({
    key: "retro.status",
    message: "Status of the post-mortem",
    choices: POSTMORTEM_STATUSES.map((s) => ({ value: s, name: s })),
    default: recorder.currentStatus,
    escape: "none",
  });
  recorder.setStatus(status);
}
