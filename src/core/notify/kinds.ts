/** What a notification tells of: the escalation protocol's moments (docs/notifications.md). */
export const NOTIFY_EVENTS = [
  "declared",
  "severity_changed",
  "approval_waiting",
  "update_due",
  "update_missed",
  "resolved",
] as const;

export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

/** The journal event types a notification can come from: appending one of them wakes the sender. */
export const NOTIFYING_TYPES: ReadonlySet<string> = new Set([
  "declared",
  "severity_changed",
  "approval_requested",
  "published",
  "cadence_missed",
  "resolved",
]);
