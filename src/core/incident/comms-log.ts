import type { EscapeMode, Prompter } from "../../adapters/terminal/prompter.js";
import type { EventData, JournalEvent } from "../journal/events.js";
import { humanUtc, parseFuture } from "../time.js";
import type { CommsKind } from "./comms-kinds.js";

/**
 * The comms record the runner cannot infer: media enquiries, spokesperson appearances, stakeholder
 * notices and evidence. Asked the same way from the runner's Esc menu and from a step that records
 * them (the spine's media step), so each becomes the same journal event as `crisis log …` writes.
 */

export { COMMS_KINDS, type CommsKind } from "./comms-kinds.js";

export const COMMS_LABELS: Record<CommsKind, string> = {
  media_enquiry: "Media enquiry: outlet, question, deadline, answered or not",
  spokesperson_appearance: "Spokesperson on the record: who, where, what was said",
  stakeholder_notice: "Stakeholder informed: staff, regulator, board, partners …",
  evidence: "Evidence: a screenshot, an archived post, an export (URL or file)",
};

const APPEARANCE_FORMATS = ["interview", "statement", "briefing", "press-conference", "other"] as const;

/** What one log entry of each kind records. */
export type CommsData<K extends CommsKind> = EventData<K>;

const optional = (text: string) => {
  const t = text.trim();
  return t === "" ? undefined : t;
};

export async function askComms<K extends CommsKind>(
  prompter: Prompter,
  kind: K,
  escape: EscapeMode,
  now: Date,
): Promise<CommsData<K>> {
  const text = async (key: string, message: string, required = false) =>
    (await prompter.text({ key: `comms.${kind}.${key}`, message, required, escape })).trim();
  switch (kind) {
    case "media_enquiry": {
      const outlet = await text("outlet", "Outlet (publication, programme, or the influencer's handle)", true);
      const reporter = optional(await text("reporter", "Reporter or contact (optional)"));
      const question = await text("question", "What did they ask?", true);
      const deadline = await prompter.text({
        key: `comms.${kind}.deadline`,
        message: "Their deadline, UTC (e.g. 21:00, +2h; empty if none)",
        validate: (v) =>
          v.trim() === "" ||
          parseFuture(v, now) !== undefined ||
          "expected a time still to come, such as 21:00 or +2h, or nothing",
        escape,
      });
      const status = await prompter.select({
        key: `comms.${kind}.status`,
        message: "Answered yet?",
        choices: [
          { value: "open", name: "Not yet: open" },
          { value: "answered", name: "Answered" },
          { value: "declined", name: "Declined to answer" },
        ],
        escape,
      });
      const response = status === "open" ? undefined : optional(await text("response", "What did we say? (optional)"));
      const due = deadline.trim() === "" ? undefined : parseFuture(deadline, now);
      return {
        outlet,
        ...(reporter ? { reporter } : {}),
        question,
        ...(due ? { deadline: due.toISOString() } : {}),
        status: status,
        ...(response ? { response } : {}),
      } as CommsData<K>;
    }
    case "spokesperson_appearance": {
      const spokesperson = await text("spokesperson", "Who spoke?", true);
      const outlet = await text("outlet", "Where (outlet, programme, event)?", true);
      const format = await prompter.select({
        key: `comms.${kind}.format`,
        message: "What kind of appearance?",
        choices: APPEARANCE_FORMATS.map((f) => ({ value: f, name: f })),
        escape,
      });
      const summary = optional(await text("summary", "What was said, in a line (optional)"));
      return { spokesperson, outlet, format, ...(summary ? { summary } : {}) } as CommsData<K>;
    }
    case "stakeholder_notice": {
      const stakeholder = await text("stakeholder", "Who was told (staff, regulator, board, partners …)?", true);
      const channel = optional(await text("channel", "How (e-mail, call, meeting, portal; optional)?"));
      const summary = optional(await text("summary", "What were they told, in a line (optional)?"));
      return { stakeholder, ...(channel ? { channel } : {}), ...(summary ? { summary } : {}) } as CommsData<K>;
    }
    default: {
      const link = await text("link", "URL, or a file in the incident folder", true);
      const description = await text("description", "What it shows", true);
      return { link, description } as CommsData<K>;
    }
  }
}

/** An enquiry is the same one when logged again for the same outlet and reporter (case and spaces aside). */
export function enquiryKey(d: { outlet: string; reporter?: string | undefined }): string {
  const norm = (t: string) => t.trim().replace(/\s+/g, " ").toLowerCase();
  return `${norm(d.outlet)}\u0000${norm(d.reporter ?? "")}`;
}

/** Each enquiry as it stands (its latest record) and when it was first logged, in the order first logged. */
function latestEnquiries(events: readonly JournalEvent[]): { first_at: string; data: EventData<"media_enquiry"> }[] {
  const latest = new Map<string, { first_at: string; data: EventData<"media_enquiry"> }>();
  for (const e of events) {
    if (e.type !== "media_enquiry") continue;
    const key = enquiryKey(e.data);
    latest.set(key, { first_at: latest.get(key)?.first_at ?? e.at, data: e.data });
  }
  return [...latest.values()];
}

/** The media enquiries logged so far, one line each, as the spokesperson brief lists them. */
export function enquiryLines(events: readonly JournalEvent[]): string {
  return latestEnquiries(events)
    .map(({ first_at, data: d }) => {
      const who = d.reporter ? `${d.outlet} (${d.reporter})` : d.outlet;
      const deadline = d.deadline ? `, deadline ${humanUtc(d.deadline)}` : "";
      return `- ${who}, asked ${humanUtc(first_at)}${deadline}, ${d.status}: ${d.question}`;
    })
    .join("\n");
}
