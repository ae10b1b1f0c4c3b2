import type { Report } from "./report.js";

/**
 * Action items leaving the document: as JSON or CSV for a tracker's import, and as GitHub issues
 * (the request body for each). Pure: the HTTP calls are in services/postmortem/issues.ts.
 */

interface ActionRow {
  incident: string;
  action: string;
  type: string;
  owner: string;
  due: string;
  issue_url: string;
}

const COLUMNS: (keyof ActionRow)[] = ["incident", "action", "type", "owner", "due", "issue_url"];

function actionRows(report: Report): ActionRow[] {
  return report.action_items.map((a) => ({
    incident: report.incident.id ?? "",
    action: a.action,
    type: a.type,
    owner: a.owner ?? "",
    due: a.due ?? "",
    issue_url: a.issue_url ?? "",
  }));
}

export function actionsJson(report: Report): string {
  return `${JSON.stringify(actionRows(report), null, 2)}\n`;
}

/**
 * One CSV field as RFC 4180 has it: quoted when it holds a comma, a quote or a line break, quotes
 * doubled. A field a spreadsheet would run as a formula (=, +, -, @, a tab or a carriage return
 * first) gets a leading apostrophe, so an action item can never execute in whoever opens the file.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The action items as CSV: a header row, CRLF line ends (RFC 4180). */
export function actionsCsv(report: Report): string {
  const lines = [COLUMNS.join(","), ...actionRows(report).map((r) => COLUMNS.map((c) => csvField(r[c])).join(","))];
  return `${lines.join("\r\n")}\r\n`;
}

export interface IssueRequest {
  title: string;
  body: string;
  labels: string[];
}

/** The issue for one action item: the action as the title; where it comes from, its type, owner and due date in the body. */
export function issueRequest(
  report: Report,
  item: Report["action_items"][number],
  labels: readonly string[],
): IssueRequest {
  const inc = report.incident;
  const lines = [
    `Follow-up from the post-mortem of **${inc.title ?? inc.id ?? "an incident"}** (\`${inc.id ?? "unknown"}\`${inc.highest_severity ? `, ${inc.highest_severity}` : ""}).`,
    "",
    `- Type: ${item.type}`,
    `- Owner: ${item.owner ?? "not named yet"}`,
    `- Due: ${item.due ?? "not set yet"}`,
    "",
    "Opened by `crisis postmortem --issues`; the post-mortem records this issue's address, so running it again does not open it twice.",
  ];
  return {
    title: item.action.length > 240 ? `${item.action.slice(0, 237)}...` : item.action,
    body: lines.join("\n"),
    labels: [...new Set([...labels, item.type])],
  };
}
