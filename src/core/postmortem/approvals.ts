import type { Facts } from "./facts.js";

/**
 * Approval records: the first request for each exact text (by hash), the approvals that answered
 * it, and when the last role it needed signed off. Later requests for the same text are ignored,
 * so the work stays linear in the journal.
 */

export interface ApprovalRecord {
  hash: string;
  template?: string;
  /** Every channel the text was drafted for: one approval covers them all. */
  channels: string[];
  requested_at: number;
  roles: string[];
  /** The template's advance approvals, when the text was sent as approved in advance. */
  preapproved?: { by: string; role: string; at: string }[];
  approvals: { role: string; by: string; at: number }[];
  rejections: { role: string; by: string; at: number; reason: string }[];
  /** When the last needed role approved; undefined while any is missing. */
  completed_at?: number;
  latency_ms?: number;
}

export function approvalRecords(facts: Facts): ApprovalRecord[] {
  const byHash = new Map<string, ApprovalRecord>();
  for (const r of [...facts.approvalRequests].sort((a, b) => a.at - b.at || a.seq - b.seq)) {
    // An empty role list means the text needed no approval: there is nothing to wait for.
    if (r.roles.length === 0 || byHash.has(r.hash)) continue;
    const draft = facts.drafts.get(r.hash);
    byHash.set(r.hash, {
      hash: r.hash,
      ...(draft ? { template: draft.template } : {}),
      channels: facts.draftChannels.get(r.hash) ?? [],
      requested_at: r.at,
      roles: r.roles,
      ...(r.preapproved ? { preapproved: r.preapproved.map(({ by, role, at }) => ({ by, role, at })) } : {}),
      approvals: [],
      rejections: [],
    });
  }
  for (const a of facts.approvals) {
    const rec = byHash.get(a.hash);
    if (rec && a.at >= rec.requested_at) rec.approvals.push({ role: a.role, by: a.by, at: a.at });
  }
  for (const r of facts.rejections) {
    const rec = byHash.get(r.hash);
    if (rec) rec.rejections.push({ role: r.role, by: r.by, at: r.at, reason: r.reason });
  }
  for (const rec of byHash.values()) {
    rec.approvals.sort((a, b) => a.at - b.at);
    const firstByRole = new Map<string, number>();
    for (const a of rec.approvals) if (!firstByRole.has(a.role)) firstByRole.set(a.role, a.at);
    if (rec.roles.every((role) => firstByRole.has(role))) {
      rec.completed_at = Math.max(...rec.roles.map((role) => firstByRole.get(role) ?? 0));
      rec.latency_ms = rec.completed_at - rec.requested_at;
    }
  }
  return [...byHash.values()];
}

/** What an approval was for, as people read it: "data-breach/holding for x, bluesky". */
export function approvalSubject(template: string | undefined, channels: readonly string[], hash: string): string {
  if (!template) return `text ${hash.slice(0, 12)}`;
  return channels.length > 0 ? `${template} for ${channels.join(", ")}` : template;
}

type Statement = Facts["published"][number];

/**
 * The first public response: the first public statement published once its text's approvals were
 * complete (or that needed none). A statement published before its approvals (an approval typed in
 * later, or one that never came) is not the response the team signed off, so it cannot be the
 * first one; such statements are returned apart for the checks to name.
 */
export function firstResponse(
  statements: readonly Statement[],
  approvals: readonly ApprovalRecord[],
): { first?: Statement; unapproved: Statement[] } {
  const byHash = new Map(approvals.map((a) => [a.hash, a]));
  const unapproved: Statement[] = [];
  let first: Statement | undefined;
  for (const s of statements) {
    const record = byHash.get(s.hash);
    const approvedBy = record ? record.completed_at : s.at;
    if (approvedBy === undefined || approvedBy > s.at) unapproved.push(s);
    else first ??= s;
  }
  return { ...(first ? { first } : {}), unapproved };
}
