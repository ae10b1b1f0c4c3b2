import { logUtc } from "../time.js";
import type { NotifyMessage } from "./message.js";

/**
 * The three wire formats. Text from answers (a title, a reason, the text to approve) is escaped for
 * the markup it lands in, so it can neither format nor mention: Slack's mrkdwn gets &, < and >
 * escaped (no <!channel>, no links) and its formatting marks broken with a zero-width space, and
 * the exact text goes in plain_text; Teams' markdown gets every markdown character backslashed.
 */

const ZWSP = "\u200b";

export function escapeSlack(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[*_~`]/g, (c) => `${ZWSP}${c}${ZWSP}`);
}

export function escapeTeams(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|>~<]/g, (c) => `\\${c}`);
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function slackPayload(m: NotifyMessage): unknown {
  const plain = (text: string, max = 3000) => ({ type: "plain_text", text: clip(text, max), emoji: false });
  const blocks: unknown[] = [
    { type: "header", text: plain(m.title, 150) },
    {
      type: "section",
      fields: m.facts
        .slice(0, 10)
        .map((f) => ({ type: "mrkdwn", text: clip(`*${f.label}*\n${escapeSlack(f.value)}`, 2000) })),
    },
  ];
  if (m.approval) {
    blocks.push(
      { type: "section", text: { type: "mrkdwn", text: "*The exact text waiting for approval:*" } },
      { type: "section", text: plain(m.approval.text || "(empty)") },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `*To approve it on your machine:*\n\`${escapeSlack(m.approval.command).replace(/`/g, "")}\``,
        },
      },
    );
  }
  blocks.push({
    type: "context",
    elements: [plain(`crisis · ${m.incident.id} · ${logUtc(m.at)}`, 2000)],
  });
  const fallback = [m.title, ...m.facts.map((f) => `${f.label}: ${f.value}`)].join("\n");
  return { text: escapeSlack(clip(fallback, 3000)), blocks };
}

export function teamsPayload(m: NotifyMessage): unknown {
  const body: unknown[] = [
    {
      type: "TextBlock",
      text: escapeTeams(m.title),
      size: "Large",
      weight: "Bolder",
      wrap: true,
      ...(m.kind === "declared" || m.kind === "update_missed" ? { color: "Attention" } : {}),
    },
    { type: "FactSet", facts: m.facts.map((f) => ({ title: escapeTeams(f.label), value: escapeTeams(f.value) })) },
  ];
  if (m.approval) {
    body.push(
      { type: "TextBlock", text: "The exact text waiting for approval:", weight: "Bolder", wrap: true },
      {
        type: "Container",
        style: "emphasis",
        items: m.approval.text
          .split("\n")
          .map((line) => ({ type: "TextBlock", text: escapeTeams(line) || " ", wrap: true, spacing: "None" })),
      },
      { type: "TextBlock", text: "To approve it on your machine:", weight: "Bolder", wrap: true },
      { type: "TextBlock", text: escapeTeams(m.approval.command), fontType: "Monospace", wrap: true },
    );
  }
  body.push({
    type: "TextBlock",
    text: escapeTeams(`crisis · ${m.incident.id} · ${logUtc(m.at)}`),
    isSubtle: true,
    size: "Small",
    wrap: true,
  });
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          msteams: { width: "Full" },
          body,
        },
      },
    ],
  };
}

/** The generic JSON body: plain data, no markup; the receiver formats it. */
export function genericPayload(m: NotifyMessage, sentAt: Date): unknown {
  return {
    type: "crisis.notification",
    version: 1,
    key: m.key,
    event: m.kind,
    title: m.title,
    occurred_at: m.at,
    sent_at: sentAt.toISOString(),
    incident: m.incident,
    facts: Object.fromEntries(m.facts.map((f) => [f.label.toLowerCase().replace(/ /g, "_"), f.value])),
    ...(m.approval ? { approval: m.approval } : {}),
    ...(m.due ? { update_due: m.due } : {}),
  };
}
