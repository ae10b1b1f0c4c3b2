import type { Io } from "../../adapters/terminal/io.js";
import { oneLine, neutralise } from "../../adapters/terminal/sanitize.js";
import { waitingTexts, type WaitingText } from "../../core/incident/waiting.js";
import type { IncidentState } from "../../core/journal/fold.js";
import { logUtc } from "../../core/time.js";
import { CrisisError, EXIT } from "../../errors.js";
import { wrap } from "../../core/runner/message-review.js";
import { channelsOf, loadWorkspace, type Workspace, type WorkspaceOptions } from "../workspace/workspace.js";
import { incidentsRoot } from "../workspace/incidents-dir.js";
import { resolveActor } from "./actor.js";
import { activeIncident } from "./registry.js";
import { openSession } from "./session.js";
import { syncQuietly } from "../sync/quiet.js";

/**
 * crisis approve: on the approver's own machine, each text waiting for this person's role, with
 * its exact text, channels and sha256; approve, or reject with a reason. Recorded with the
 * approver's own name and replica, then synced, so the lead's crisis start picks it up.
 */

export interface ApproveOptions {
  incident?: string | undefined;
  role?: string | undefined;
  hash?: string | undefined;
  yes?: boolean | undefined;
  reject?: string | undefined;
  actor?: string | undefined;
}

/** The role this person approves as: --role, else the one they hold that a text waits for, else asked. */
async function chooseRole(io: Io, state: IncidentState, waiting: WaitingText[], actor: string, role?: string) {
  const wanted = [...new Set(waiting.flatMap((w) => w.roles))];
  if (role !== undefined) return role;
  const held = Object.entries(state.roles)
    .filter(([r, person]) => person === actor && wanted.includes(r))
    .map(([r]) => r);
  if (held.length === 1) return held[0]!;
  if (!io.stdinIsTTY || wanted.length === 0)
    throw new CrisisError(
      `say which role you approve as: texts wait for ${wanted.map((r) => oneLine(r)).join(", ")}`,
      EXIT.usage,
      `crisis approve --role ${oneLine(wanted[0] ?? "legal")}`,
    );
  return (await io.prompter()).select({
    key: "approve.role",
    message: "Which role do you approve as?",
    choices: wanted.map((r) => ({ value: r, name: `${r}${state.roles[r] ? ` (held by ${state.roles[r]})` : ""}` })),
    escape: "none",
  });
}

/** What people call things: template, step and role titles, channel names (ids when unknown). */
function namesFor(ws: Workspace, state: IncidentState) {
  const playbook = ws.catalog.playbooks.get(state.playbook.id);
  const channels = channelsOf(ws);
  return {
    template: (id: string) => ws.templates.templates.get(id)?.meta.title ?? id,
    step: (id: string) => playbook?.steps.find((x) => x.id === id)?.title ?? id,
    role: (id: string) => playbook?.roles.find((r) => r.id === id)?.title ?? id,
    channel: (id: string) => channels[id]?.label ?? id,
  };
}

/** One waiting text, framed and wrapped as the runner shows drafts, with its sha256 in full. */
function show(io: Io, n: ReturnType<typeof namesFor>, w: WaitingText, index: number, of: number): void {
  const width = Math.max(40, Math.min(100, (io.stdout as { columns?: number }).columns ?? 100));
  const lines = [
    "",
    `${of > 1 ? `${index + 1} of ${of}: ` : ""}${oneLine(n.template(w.template))}, for ${w.channels.map((c) => oneLine(n.channel(c))).join(", ")}`,
    `  step: ${oneLine(n.step(w.step))}; asked by ${oneLine(w.requestedBy)} at ${logUtc(w.requestedAt)}`,
    `  sha256 ${w.hash}`,
    `  ┌${"─".repeat(Math.min(60, width - 4))}`,
    ...neutralise(w.text)
      .split("\n")
      .flatMap((line) => wrap(line, width - 6))
      .map((part) => `  │ ${part}`),
    `  └${"─".repeat(Math.min(60, width - 4))}`,
    "",
  ];
  io.stdout.write(`${lines.join("\n")}\n`);
}

export async function approveTexts(io: Io, global: WorkspaceOptions, options: ApproveOptions): Promise<void> {
  const ws = loadWorkspace(io, global);
  const root = incidentsRoot(ws.config);
  const found = activeIncident(root, options.incident);
  const actor = resolveActor(io, options.actor);
  // The latest drafts first: an approval binds to the exact text.
  if (ws.config.config.sync) await syncQuietly(io, ws, found.id, "before showing the texts");
  const session = openSession(ws, found.dir, io, actor, undefined);
  let waiting = waitingTexts(session.state);
  if (options.hash !== undefined) waiting = waiting.filter((w) => w.hash.startsWith(options.hash ?? ""));
  if (waiting.length === 0) {
    io.stderr.write(
      `Nothing in ${oneLine(session.id)} waits for an approval${options.hash ? ` with sha256 ${oneLine(options.hash)}…` : ""}.\n`,
    );
    return;
  }
  const role = await chooseRole(io, session.state, waiting, actor, options.role);
  const mine = waiting.filter((w) => w.roles.includes(role));
  const n = namesFor(ws, session.state);
  if (mine.length === 0) {
    io.stderr.write(`Nothing in ${oneLine(session.id)} waits for ${oneLine(n.role(role))}.\n`);
    return;
  }
  io.stderr.write(
    `${oneLine(session.id)}: ${oneLine(session.state.title)}\n${mine.length} text${mine.length === 1 ? "" : "s"} wait${mine.length === 1 ? "s" : ""} for your approval as ${oneLine(n.role(role))} (${oneLine(actor)}).\n`,
  );
  if ((options.yes || options.reject !== undefined) && mine.length > 1 && options.hash === undefined)
    throw new CrisisError(
      `${mine.length} texts wait for ${oneLine(role)}; name one with --hash`,
      EXIT.usage,
      mine.map((w) => `--hash ${w.hash.slice(0, 12)}  ${oneLine(w.template)}`).join("\n"),
    );
  let recorded = 0;
  for (const [index, w] of mine.entries()) {
    show(io, n, w, index, mine.length);
    let decision: "approve" | "reject" | "skip";
    let reason = options.reject?.trim() ?? "";
    if (options.reject !== undefined) decision = "reject";
    else if (options.yes) decision = "approve";
    else if (!io.stdinIsTTY)
      throw new CrisisError(
        "approving needs a terminal, or --yes or --reject",
        EXIT.usage,
        "crisis approve --yes --hash <sha256>",
      );
    else {
      const p = await io.prompter();
      decision = await p.select({
        key: "approve.decision",
        message: `As ${n.role(role)}, approve this exact text (sha ${w.hash.slice(0, 12)})?`,
        choices: [
          { value: "approve", name: "Approve this exact text" },
          { value: "reject", name: "Reject it, with a reason (it goes back to the drafter)" },
          { value: "skip", name: "Not now" },
        ],
        escape: "none",
      });
      if (decision === "reject")
        reason = (
          await p.text({
            key: "approve.reason",
            message: "Why? (the drafter sees this)",
            required: true,
            escape: "none",
          })
        ).trim();
    }
    if (decision === "skip") continue;
    if (decision === "reject" && reason === "")
      throw new CrisisError("a rejection needs its reason", EXIT.usage, 'crisis approve --reject "what must change"');
    if (decision === "approve") session.append("approved", { hash: w.hash, role, by: actor });
    else session.append("rejected", { hash: w.hash, role, by: actor, reason });
    recorded++;
    io.stderr.write(
      `${decision === "approve" ? "Approved" : "Rejected"} as ${oneLine(n.role(role))} by ${oneLine(actor)} (sha ${w.hash.slice(0, 12)}) in ${oneLine(session.id)}.\n`,
    );
  }
  if (recorded > 0 && ws.config.config.sync) await syncQuietly(io, ws, found.id, "the decision is recorded here");
}
