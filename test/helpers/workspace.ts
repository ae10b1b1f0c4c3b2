import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { onTestFinished } from "vitest";
import { loadWorkspace, type Workspace } from "../../src/commands/context.js";
import { channelsOf } from "../../src/incident/workspace.js";
import { openIncident } from "../../src/incident/open.js";
import type { IncidentSession } from "../../src/incident/session.js";
import { getPlaybook } from "../../src/playbook/catalog.js";
import { driveIncident } from "../../src/runner/drive.js";
import type { Io } from "../../src/ui/output.js";
import type { Prompter } from "../../src/ui/prompter.js";
import { Chalk } from "chalk";

export const FIXTURES = path.resolve(import.meta.dirname, "../fixtures");

/** A temporary folder with the given files, removed when the test ends. */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "crisis-test-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A copy of test/fixtures/runner (config, the fixture playbook, its templates) in a temporary folder. */
export function fixtureWorkspace(extra: Record<string, string> = {}): string {
  const dir = tempDir(extra);
  cpSync(path.join(FIXTURES, "runner"), dir, { recursive: true });
  for (const [name, text] of Object.entries(extra)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** A clock that starts at `start` and moves on `stepMs` each time it is read. */
export function clock(start = "2026-11-21T19:30:00.000Z", stepMs = 1000) {
  let t = new Date(start).getTime();
  const now = () => {
    const d = new Date(t);
    t += stepMs;
    return d;
  };
  return Object.assign(now, { advance: (ms: number) => (t += ms), peek: () => new Date(t) });
}

export interface TestIo extends Io {
  out: () => string;
  err: () => string;
}

export function testIo(cwd: string, now: () => Date = clock(), env: Record<string, string> = {}): TestIo {
  let out = "";
  let err = "";
  return {
    cwd,
    env: { CRISIS_ACTOR: "Tess Tester", NO_COLOR: "1", ...env },
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdinIsTTY: false,
    now,
    debug: false,
    out: () => out,
    err: () => err,
  };
}

/** Opens an incident of `playbookId` in the workspace at io.cwd and drives it with `prompter`. */
export async function runInProcess(
  io: TestIo,
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
  const code = await drive(io, ws, session, prompter);
  return { code, session, ws, playbook };
}

export async function drive(io: TestIo, ws: Workspace, session: IncidentSession, prompter: Prompter) {
  const playbook = getPlaybook(ws.catalog, session.state.playbook.id);
  return driveIncident({
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
