import type { IncidentState } from "../journal/fold.js";
import { logUtc } from "../time.js";
import type { Planned } from "./plan.js";

/**
 * What a notification says, before any format: a title, a few facts, the exact text waiting for
 * approval and the command that approves it. The formats (Slack, Teams, generic JSON) escape
 * every value for their own markup; nothing here is markup.
 */
export interface NotifyMessage {
  key: string;
  kind: Planned["kind"] | "test";
  title: string;
  incident: { id: string; title: string; severity: string | null; drill: boolean; playbook: string };
  at: string;
  facts: { label: string; value: string }[];
  approval?: { hash: string; template: string; channels: string[]; roles: string[]; text: string; command: string };
  due?: string;
}

const clock = (iso: string) => `${logUtc(iso).slice(11, 16)} UTC`;

function roleTitles(state: IncidentState): (id: string) => string {
  const opened = state.events.find((e) => e.type === "incident_opened");
  const roles = opened?.type === "incident_opened" ? (opened.data.roles ?? []) : [];
  return (id) => roles.find((r) => r.id === id)?.title ?? id;
}

export function buildMessage(
  state: IncidentState,
  n: Planned,
  now: Date,
  templateTitle: (id: string) => string = (id) => id,
): NotifyMessage {
  const e = n.event;
  const role = roleTitles(state);
  const drill = state.drill ? "[DRILL] " : "";
  const facts: { label: string; value: string }[] = [
    { label: "Incident", value: state.title },
    { label: "Severity", value: n.severity ?? "not set" },
  ];
  const lead = state.roles.lead;
  if (lead) facts.push({ label: "Lead", value: lead });
  let title = "";
  let approval: NotifyMessage["approval"];
  switch (n.kind) {
    case "declared":
      title = `Crisis declared at ${n.severity ?? "?"}`;
      facts.push({ label: "Playbook", value: state.playbook.title });
      break;
    case "severity_changed":
      if (e?.type === "severity_changed") {
        title = `Severity changed: ${e.data.from ?? "none"} → ${e.data.to}`;
        facts.push({ label: "Reason", value: e.data.reason });
      }
      break;
    case "approval_waiting":
      if (e?.type === "approval_requested") {
        const draft = state.drafts[e.data.hash];
        const roles = e.data.roles.map((r) => `${role(r)}${state.roles[r] ? ` (${state.roles[r]})` : ""}`);
        title = `Approval waiting: ${draft ? templateTitle(draft.template) : "a message"}`;
        facts.push({ label: "Approval by", value: roles.join(", ") });
        approval = {
          hash: e.data.hash,
          template: draft?.template ?? e.data.template ?? "message",
          channels: draft?.channels ?? [],
          roles: e.data.roles,
          text: draft?.text ?? "",
          command: `crisis approve ${state.id} --hash ${e.data.hash.slice(0, 12)}`,
        };
        facts.push({ label: "Channels", value: approval.channels.join(", ") || "none named" });
      }
      break;
    case "update_due": {
      const left = Math.max(0, Math.round((Date.parse(n.due ?? n.at) - now.getTime()) / 60_000));
      title = `Public update due in ${left} min (${clock(n.due ?? n.at)})`;
      break;
    }
    case "update_missed":
      title = `Public update missed: it was promised for ${clock(n.at)}`;
      break;
    case "resolved":
      title = "Crisis resolved";
      if (e?.type === "resolved" && e.data.summary) facts.push({ label: "Summary", value: e.data.summary });
      break;
  }
  return {
    key: n.key,
    kind: n.kind,
    title: `${drill}${title} · ${state.title}`,
    incident: {
      id: state.id,
      title: state.title,
      severity: state.severity,
      drill: state.drill,
      playbook: state.playbook.id,
    },
    at: n.at,
    facts,
    ...(approval ? { approval } : {}),
    ...(n.due ? { due: n.due } : {}),
  };
}
