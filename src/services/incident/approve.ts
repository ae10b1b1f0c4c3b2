import type { Io } from "../../adapters/terminal/io.js";
import { oneLine, neutralise } from "../../adapters/terminal/sanitize.js";
import { waitingTexts, type WaitingText } from "../../core/incident/waiting.js";
import type { IncidentState } from "../../core/journal/fold.js";
import { logUtc } from "../../core/time.js";
import { CrisisError, EXIT } from "../../errors.js";
import { loadWorkspace, type WorkspaceOptions } from "../workspace/workspace.js";
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

function show(io: Io, w: WaitingText): void {
  io.stdout.write(
    `\n${oneLine(w.template)} for ${w.channels.map(oneLine).join(", ")} (step ${oneLine(w.step)}), asked by ${oneLine(w.requestedBy)} at ${logUtc(w.requestedAt)}\n` +
      `sha256 ${w.hash}\n\n${neutralise(w.text)
        .split("\n")
        .map((l) => `    ${l}`)
        .join("\n")}\n\n`,
  );
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
  if (mine.length === 0) {
    io.stderr.write(`Nothing in ${oneLine(session.id)} waits for ${oneLine(role)}.\n`);
    return;
  }
  if ((options.yes || options.reject !== undefined) && mine.length > 1 && options.hash === undefined)
    throw new CrisisError(
      `${mine.length} texts wait for ${oneLine(role)}; name one with --hash`,
      EXIT.usage,
      mine.map((w) => `--hash ${w.hash.slice(0, 12)}  ${oneLine(w.template)}`).join("\n"),
    );
  let recorded = 0;
  for (const w of mine) {
    show(io, w);
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
        message: `As ${role}, approve this exact text?`,
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
      `${decision === "approve" ? "Approved" : "Rejected"} as ${oneLine(role)} by ${oneLine(actor)} (sha256 ${w.hash.slice(0, 12)}…) in ${oneLine(session.id)}.\n`,
    );
  }
  if (recorded > 0 && ws.config.config.sync) await syncQuietly(io, ws, found.id, "the decision is recorded here");
}
