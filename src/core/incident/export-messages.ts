import type { IncidentState } from "../journal/fold.js";

/**
 * The approved texts of an incident, one per channel, as `crisis export --messages` writes them:
 * the exact text that was cleared to go (approved by every role it needed, or published), so the
 * social lead can paste it into each channel's tool. File names come from journal data (which
 * can arrive from other machines through sync), so they are reduced to a safe alphabet and can
 * never name a path outside the folder.
 */

export interface ExportedMessage {
  /** The file name inside the export folder, e.g. 01-acknowledge.viral-complaint-holding-reply.x.txt. */
  file: string;
  step: string;
  template: string;
  channel: string;
  hash: string;
  text: string;
  status: "published" | "approved";
  approvals: { role: string; by: string; at: string }[];
  published_at?: string;
  url?: string;
  next_update_due?: string;
}

/** Lower-case letters, digits and single dashes only: no dots, slashes or anything a shell or a path reads. */
export function safeName(part: string): string {
  const s = part
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return s === "" ? "x" : s;
}

/** Roles whose latest decision on the text is an approval; undefined when a role it needs has not approved it. */
function approvalsOf(state: IncidentState, hash: string): ExportedMessage["approvals"] | undefined {
  const a = state.approvals[hash];
  if (!a?.requested) return undefined;
  const out: ExportedMessage["approvals"] = [];
  for (const role of a.requested.roles) {
    const yes = a.approved.filter((x) => x.role === role).at(-1);
    const no = a.rejected.filter((x) => x.role === role).at(-1);
    if (!yes || (no && no.seq > yes.seq)) return undefined;
    out.push({ role, by: yes.by, at: yes.at });
  }
  return out;
}

/** Every text cleared to go, per channel, in the order it was cleared; published ones carry their time and link. */
export function approvedMessages(state: IncidentState): ExportedMessage[] {
  const rows: (Omit<ExportedMessage, "file"> & { order: number })[] = [];
  for (const [hash, draft] of Object.entries(state.drafts)) {
    const published = state.publications.filter((p) => p.hash === hash);
    const approvals = approvalsOf(state, hash);
    if (!approvals && published.length === 0) continue;
    const order = Math.min(state.approvals[hash]?.requested?.seq ?? Infinity, ...published.map((p) => p.seq));
    const channels = [...new Set([...draft.channels, ...published.map((p) => p.channel)])];
    for (const channel of channels) {
      const pub = published.filter((p) => p.channel === channel).at(-1);
      const skipped = state.skippedMessages.some(
        (m) =>
          m.template === draft.template &&
          m.channels.includes(channel) &&
          m.seq > (state.approvals[hash]?.requested?.seq ?? 0),
      );
      if (!pub && skipped) continue;
      rows.push({
        order,
        step: draft.step,
        template: draft.template,
        channel,
        hash,
        text: draft.text,
        status: pub ? "published" : "approved",
        approvals: approvals ?? [],
        ...(pub ? { published_at: pub.at } : {}),
        ...(pub?.url ? { url: pub.url } : {}),
        ...(draft.next_update_due ? { next_update_due: draft.next_update_due } : {}),
      });
    }
  }
  rows.sort((a, b) => a.order - b.order);
  const orders = [...new Set(rows.map((r) => r.order))];
  const width = Math.max(2, String(orders.length).length);
  return rows.map(({ order, ...r }) => ({
    file: `${String(orders.indexOf(order) + 1).padStart(width, "0")}-${safeName(r.step)}.${safeName(r.template)}.${safeName(r.channel)}.txt`,
    ...r,
  }));
}
