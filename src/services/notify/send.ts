import path from "node:path";
import { acquireDirLock } from "../../adapters/fs/lock.js";
import type { Io } from "../../adapters/terminal/io.js";
import { buildMessage } from "../../core/notify/message.js";
import { MAX_ATTEMPTS, planNotifications, type Planned } from "../../core/notify/plan.js";
import { openSession } from "../incident/session.js";
import { localReplica } from "../sync/replica.js";
import type { Workspace } from "../workspace/workspace.js";
import { DEFAULT_TIMEOUT_SECONDS, deliver, missingEnv, retriable } from "./routes.js";

/**
 * The sender: delivers what an incident owes (core/notify/plan.ts) and records every attempt as a
 * notification_attempt event. One sender per incident at a time (a lock in the incident folder),
 * so a key is never attempted twice at once; each round re-reads the journal, so what another
 * sender delivered is never sent again. Failures are retried with backoff; what still fails when
 * the run ends is retried by the next crisis command.
 */

const LOCK = ".notify.lock";
const DEFAULT_ATTEMPTS = 4;
const DEFAULT_BACKOFF_SECONDS = 2;

export interface SendSummary {
  delivered: number;
  failed: number;
  /** True when another sender held the incident for too long and this one sent nothing. */
  busy: boolean;
}

export async function sendPending(
  io: Io,
  ws: Workspace,
  dir: string,
  options: { lockWaitMs?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<SendSummary> {
  const config = ws.config.config.notify;
  const summary: SendSummary = { delivered: 0, failed: 0, busy: false };
  if (!config) return summary;
  let release: () => void;
  try {
    release = acquireDirLock(path.join(dir, LOCK), {
      waitMs: options.lockWaitMs ?? 30_000,
      onBusy: () => new Error("busy"),
    });
  } catch (error) {
    if (error instanceof Error && error.message === "busy") return { ...summary, busy: true };
    throw error;
  }
  try {
    const session = openSession(ws, dir, io, "crisis", undefined, { notify: false });
    const replica = localReplica(path.dirname(dir), io.env).id;
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const titles = new Map([...ws.templates.templates.values()].map((t) => [t.id, t.meta.title]));
    const title = (id: string) => titles.get(id) ?? id;
    const rounds = config.attempts ?? DEFAULT_ATTEMPTS;
    const timeoutMs = (config.timeout_seconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
    for (let round = 0; round < rounds; round++) {
      session.refresh();
      const due = planNotifications(session.state, config, replica, io.now()).filter(
        (p) => p.status === "pending" && missingEnv(config.routes[p.route]!, io.env).length === 0,
      );
      if (due.length === 0) break;
      const results = await Promise.all(
        due.map(async (p) => ({
          p,
          r: await deliver(
            config.routes[p.route]!,
            buildMessage(session.state, p, io.now(), title),
            io.env,
            io.now(),
            timeoutMs,
          ),
        })),
      );
      let again = false;
      for (const { p, r } of results) {
        const retry = retriable(r) && p.attempts.length + 1 < MAX_ATTEMPTS;
        session.append("notification_attempt", attemptData(p, r, retry), { actor: "crisis" });
        if (r.ok) summary.delivered++;
        else summary.failed++;
        again ||= retry;
      }
      if (!again) break;
      if (round < rounds - 1) await sleep((config.backoff_seconds ?? DEFAULT_BACKOFF_SECONDS) * 1000 * 2 ** round);
    }
  } finally {
    release();
  }
  return summary;
}

function attemptData(p: Planned, r: { ok: boolean; status?: number; error?: string }, retry: boolean) {
  return {
    key: p.key,
    route: p.route,
    kind: p.kind,
    source: p.source,
    attempt: p.attempts.length + 1,
    outcome: r.ok ? ("delivered" as const) : ("failed" as const),
    ...(r.status !== undefined ? { status: r.status } : {}),
    ...(r.error !== undefined && !r.ok ? { error: r.error } : {}),
    retry: r.ok ? false : retry,
  };
}
