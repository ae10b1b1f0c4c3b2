import type { IncidentState } from "../journal/fold.js";

/**
 * The texts still waiting for an approval: accepted by the drafter (approval_requested), not yet
 * published, still the latest draft of their message (an approval binds to the exact text, so an
 * old text is never offered), and with roles that have neither approved nor rejected it.
 */
export interface WaitingText {
  hash: string;
  template: string;
  step: string;
  channels: string[];
  text: string;
  /** Roles that have not decided yet. */
  roles: string[];
  requestedBy: string;
  requestedAt: string;
}

export function waitingTexts(state: IncidentState): WaitingText[] {
  const published = new Set(state.publications.map((p) => p.hash));
  const out: WaitingText[] = [];
  for (const [hash, a] of Object.entries(state.approvals)) {
    const draft = state.drafts[hash];
    if (!a.requested || a.requested.roles.length === 0 || !draft || published.has(hash)) continue;
    if (!draft.channels.some((c) => state.latestDrafts[`${draft.template}#${c}`] === hash)) continue;
    const decided = new Set([...a.approved.map((x) => x.role), ...a.rejected.map((x) => x.role)]);
    const roles = a.requested.roles.filter((r) => !decided.has(r));
    if (roles.length === 0) continue;
    out.push({
      hash,
      template: draft.template,
      step: draft.step,
      channels: draft.channels,
      text: draft.text,
      roles,
      requestedBy: a.requested.actor,
      requestedAt: a.requested.at,
    });
  }
  return out.sort((x, y) => (x.requestedAt < y.requestedAt ? -1 : x.requestedAt > y.requestedAt ? 1 : 0));
}
