import type { Prompter } from "../../src/adapters/terminal/prompter.js";
import type { DriveInput } from "../../src/core/runner/drive.js";
import { getPlaybook } from "../../src/core/playbook/catalog.js";
import { openIncident } from "../../src/services/incident/open.js";
import { loadWorkspace } from "../../src/services/workspace/workspace.js";
import { clock, fakeIo } from "./io.js";
import { beforeEachQuestion, scriptedPrompter, type Asked } from "./prompter.js";
import { tempDir } from "./tmp.js";
import { drive } from "./workspace.js";

/** A team's crisis.config.yaml: the brand's facts, so the bundled holding statements are pre-approved. */
export const TEAM_CONFIG = `brand:
  name: Northwind
  handles: { x: "@northwind", bluesky: "@northwind.example", instagram: "@northwind.outdoors" }
  hub_url: https://northwind.example/updates
  status_page_url: https://status.northwind.example
  support_contact: help.northwind.example
  media_contact: press@northwind.example
baselines: { mentions_per_hour: 100, negative_share: 20 }
`;

/** Thrown by a prompter to end a run at a question, as a test that has seen enough. */
class StopHere extends Error {}

/**
 * Opens an incident of a bundled playbook in a folder with the team's config (or `config`) and
 * drives it with scripted answers (the rest answered as a careful responder would) until the
 * question `until` (a key prefix) is asked, or to the end.
 */
export async function drill(
  id: string,
  script: Record<string, unknown>,
  options: {
    until?: string;
    config?: string;
    now?: () => Date;
    wrap?: (p: Prompter) => Prompter;
    env?: Record<string, string>;
    copy?: DriveInput["copy"];
  } = {},
) {
  const cwd = tempDir({ "crisis.config.yaml": options.config ?? TEAM_CONFIG });
  const io = fakeIo({
    cwd,
    now: options.now ?? clock("2026-11-21T19:30:00.000Z", 1000),
    ...(options.env ? { env: options.env } : {}),
  });
  const scripted = scriptedPrompter({ "prompts.what_happened": `Something happened to ${id}.`, ...script });
  const ws = loadWorkspace(io, {});
  const playbook = getPlaybook(ws.catalog, id);
  const session = openIncident(io, ws, playbook, { title: playbook.title, drill: false, actor: "Tess Tester" });
  const until = options.until;
  const answering = options.wrap ? options.wrap(scripted.prompter) : scripted.prompter;
  const prompter = until
    ? beforeEachQuestion(answering, (key) => (key.startsWith(until) ? new StopHere(key) : undefined))
    : answering;
  let stopped: string | undefined;
  try {
    await drive(io, ws, session, prompter, options.copy ? { copy: options.copy } : {});
  } catch (error) {
    if (!(error instanceof StopHere)) throw error;
    stopped = error.message;
  }
  const asked: Asked[] = scripted.asked;
  const keys = asked.map((a) => a.key);
  return { io, ws, playbook, session, state: session.state, asked, keys, stopped };
}
