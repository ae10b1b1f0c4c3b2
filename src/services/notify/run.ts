import path from "node:path";
import { writeJson, type Io } from "../../adapters/terminal/io.js";
import { oneLine } from "../../adapters/terminal/sanitize.js";
import type { NotifyConfig } from "../../core/notify/config.js";
import type { NotifyMessage } from "../../core/notify/message.js";
import { planNotifications } from "../../core/notify/plan.js";
import { suggest } from "../../core/suggest.js";
import { logUtc } from "../../core/time.js";
import { CrisisError, EXIT } from "../../errors.js";
import { activeIncident, type IncidentSummary } from "../incident/registry.js";
import { localReplica } from "../sync/replica.js";
import { incidentsRoot } from "../workspace/incidents-dir.js";
import { loadWorkspace, type Workspace, type WorkspaceOptions } from "../workspace/workspace.js";
import { DEFAULT_TIMEOUT_SECONDS, deliver, missingEnv } from "./routes.js";
import { sendPending } from "./send.js";

/** crisis notify send, status and test (docs/notifications.md). */

function notifyConfig(ws: Workspace): NotifyConfig {
  const config = ws.config.config.notify;
  if (!config)
    throw new CrisisError(
      `no notify: routes in ${ws.config.file ?? "crisis.config.yaml (none found)"}`,
      EXIT.usage,
      "add notify.routes to crisis.config.yaml: see docs/notifications.md",
    );
  return config;
}

/** crisis notify send [id]: delivers what the incident owes now, in the foreground (or quietly, --background). */
export async function sendNow(
  io: Io,
  global: WorkspaceOptions,
  options: { id?: string | undefined; background?: boolean | undefined },
): Promise<number> {
  const ws = loadWorkspace(io, global);
  notifyConfig(ws);
  const found = activeIncident(incidentsRoot(ws.config), options.id);
  const r = await sendPending(io, ws, found.dir);
  if (options.background) return EXIT.ok;
  if (r.busy) io.stderr.write("Another sender is still working on this incident; try again in a minute.\n");
  else
    io.stderr.write(
      r.delivered + r.failed === 0
        ? `Nothing to send for ${found.id}.\n`
        : `${found.id}: ${r.delivered} delivered, ${r.failed} failed (crisis notify status lists them).\n`,
    );
  return r.failed > 0 ? EXIT.usage : EXIT.ok;
}

/** crisis notify status [id] [--json]: each notification the incident owes, and every attempt at it. */
export function printNotifyStatus(
  io: Io,
  global: WorkspaceOptions,
  options: { id?: string | undefined; json?: boolean | undefined },
): void {
  const ws = loadWorkspace(io, global);
  const config = notifyConfig(ws);
  const found: IncidentSummary = activeIncident(incidentsRoot(ws.config), options.id);
  const replica = localReplica(path.dirname(found.dir), io.env).id;
  const planned = planNotifications(found.state, config, replica, io.now()).filter((p) => p.status !== "not-yet");
  const missing = Object.entries(config.routes)
    .map(([name, route]) => ({ route: name, missing: missingEnv(route, io.env) }))
    .filter((r) => r.missing.length > 0);
  if (options.json) {
    writeJson(io, {
      version: 1,
      incident: found.id,
      replica,
      unconfigured: missing,
      notifications: planned.map((p) => ({
        key: p.key,
        route: p.route,
        event: p.kind,
        at: p.at,
        status: p.status,
        sender: p.sender,
        attempts: p.attempts,
      })),
    });
    return;
  }
  for (const r of missing)
    io.stderr.write(`crisis: warning: notify route ${r.route}: $${r.missing.join(" and $")} not set\n`);
  if (planned.length === 0) {
    io.stderr.write(`No notifications for ${found.id} yet.\n`);
    return;
  }
  const rows = planned.map((p) => {
    const last = p.attempts[p.attempts.length - 1];
    return [
      p.status,
      p.route,
      p.kind,
      logUtc(p.at),
      String(p.attempts.length),
      last
        ? last.outcome === "delivered"
          ? `delivered${last.status ? ` (HTTP ${last.status})` : ""}`
          : oneLine(last.error ?? "failed")
        : "",
    ];
  });
  const header = ["STATUS", "ROUTE", "EVENT", "AT (UTC)", "ATTEMPTS", "LAST"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [header, ...rows])
    io.stdout.write(
      `${r
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd()}\n`,
    );
}

/** crisis notify test [route]: one test message to each route (or the one named), in the foreground. */
export async function testRoutes(io: Io, global: WorkspaceOptions, only: string | undefined): Promise<number> {
  const ws = loadWorkspace(io, global);
  const config = notifyConfig(ws);
  const names = Object.keys(config.routes);
  if (only !== undefined && !names.includes(only)) {
    const guess = suggest(only, names);
    throw new CrisisError(
      `no notify route named ${only}${guess ? `; did you mean ${guess}?` : ""}`,
      EXIT.usage,
      `routes: ${names.join(", ")}`,
    );
  }
  let failed = 0;
  for (const name of only ? [only] : names) {
    const route = config.routes[name]!;
    const now = io.now();
    const message: NotifyMessage = {
      key: `test@${now.toISOString()}/${name}`,
      kind: "test",
      title: `Test notification from crisis: route ${name} works`,
      incident: { id: "test", title: "Test notification", severity: null, drill: true, playbook: "none" },
      at: now.toISOString(),
      facts: [{ label: "Route", value: `${name} (${route.type})` }],
    };
    const r = await deliver(route, message, io.env, now, (config.timeout_seconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000);
    if (!r.ok) failed++;
    io.stderr.write(`${name}: ${r.ok ? `delivered (HTTP ${r.status ?? "?"})` : `failed: ${r.error ?? "no answer"}`}\n`);
  }
  return failed > 0 ? EXIT.usage : EXIT.ok;
}
