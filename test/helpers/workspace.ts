import { cpSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Chalk } from "chalk";
import type { Io } from "../../src/adapters/terminal/io.js";
import type { Prompter } from "../../src/adapters/terminal/prompter.js";
import { getPlaybook } from "../../src/core/playbook/catalog.js";
import { driveIncident, type DriveInput } from "../../src/core/runner/drive.js";
import { openIncident } from "../../src/services/incident/open.js";
import type { IncidentSession } from "../../src/services/incident/session.js";
import { channelsOf, loadWorkspace, type Workspace } from "../../src/services/workspace/workspace.js";
import { tempDir } from "./tmp.js";

export const FIXTURES = path.resolve(import.meta.dirname, "../fixtures");

/** A copy of test/fixtures/runner (config, the fixture playbook, its templates) in a temporary folder. */
export function fixtureWorkspace(extra: Record<string, string | Buffer> = {}): string {
  const dir = tempDir(extra);
  cpSync(path.join(FIXTURES, "runner"), dir, { recursive: true });
  for (const [name, text] of Object.entries(extra)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/**
 * Opens an incident of `playbookId` in the workspace at io.cwd and drives it with `prompter`. A
 * `title` is recorded as the declaration's first answer (what happened), as if typed.
 */
export async function runInProcess(
  io: Io,
  playbookId: string,
  prompter: Prompter,
  options: { title?: string; drill?: boolean; ws?: Workspace } = {},
) {
  const ws = options.ws ?? loadWorkspace(io, {});
  const playbook = getPlaybook(ws.catalog, playbookId);
  const session = openIncident(io, ws, playbook, {
    title: options.title ?? `Test of ${playbookId}`,
    drill: options.drill ?? false,
    actor: "Tess Tester",
  });
  if (options.title !== undefined)
    session.append("answer", {
      step: playbook.steps[0]?.id ?? "declare",
      prompt: "what_happened",
      value: options.title,
    });
  const code = await drive(io, ws, session, prompter);
  return { code, session, ws, playbook };
}

export async function drive(
  io: Io,
  ws: Workspace,
  session: IncidentSession,
  prompter: Prompter,
  timer: Pick<DriveInput, "every" | "status" | "copy"> = {},
) {
  const playbook = getPlaybook(ws.catalog, session.state.playbook.id);
  return driveIncident({
    ...timer,
    session,
    playbook,
    config: ws.config.config,
    templates: ws.templates,
    channels: channelsOf(ws),
    prompter,
    now: io.now,
    out: (t) => io.stderr.write(`${t}\n`),
    c: new Chalk({ level: 0 }),
    shownDir: path.relative(io.cwd, session.dir),
  });
}
