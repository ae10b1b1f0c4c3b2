import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { main } from "../../src/cli.js";
import { JOURNAL_FILE, LOG_FILE } from "../../src/core/incident/folder.js";
import { getPlaybook } from "../../src/core/playbook/catalog.js";
import { openIncident } from "../../src/services/incident/open.js";
import { openSession, type IncidentSession } from "../../src/services/incident/session.js";
import { readJournal } from "../../src/services/journal/store.js";
import { loadWorkspace } from "../../src/services/workspace/workspace.js";
import { clock, fakeIo, type FakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";

/**
 * A crisis team for sync tests: a bare git repository as the remote (in a temporary folder, no
 * network) and one folder per person, each with its own crisis.config.yaml, CRISIS_ACTOR and
 * replica, as if on its own laptop.
 */

export interface Member {
  name: string;
  host: string;
  dir: string;
  env: Record<string, string>;
  io: (extra?: Parameters<typeof fakeIo>[0]) => FakeIo;
  /** Runs a crisis command line in process; returns the exit code and the output. */
  run: (...argv: string[]) => Promise<{ code: number; out: string; err: string }>;
  journal: (id: string) => string;
  log: (id: string) => string;
  ids: (id: string) => string[];
  session: (id: string) => IncidentSession;
}

export function makeTeam(people: { name: string; host: string }[]) {
  const base = tempDir();
  const remote = path.join(base, "remote.git");
  execFileSync("git", ["init", "--bare", "--quiet", remote]);
  const members = people.map((p, i): Member => {
    const dir = path.join(base, p.host);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "crisis.config.yaml"), `incidents_dir: incidents\nsync:\n  remote: ${remote}\n`);
    const env = { CRISIS_ACTOR: p.name, CRISIS_REPLICA: `${p.host}.${"abcd"[i % 4]!.repeat(4)}` };
    // Each laptop's clock runs on its own, a little apart, so times differ between machines.
    const now = clock(`2026-11-21T19:3${i}:00.000Z`, 7000);
    const io = (extra: Parameters<typeof fakeIo>[0] = {}) => fakeIo({ cwd: dir, env, now, ...extra });
    const incident = (id: string) => path.join(dir, "incidents", id);
    return {
      name: p.name,
      host: p.host,
      dir,
      env,
      io,
      async run(...argv) {
        const x = io();
        const code = await main(["node", "crisis", ...argv], x);
        return { code, out: x.out(), err: x.err() };
      },
      journal: (id) => readFileSync(path.join(incident(id), JOURNAL_FILE), "utf8"),
      log: (id) => readFileSync(path.join(incident(id), LOG_FILE), "utf8"),
      ids: (id) =>
        readJournal(incident(id))
          .events.map((e) => e.id)
          .sort(),
      session: (id) => {
        const x = io();
        return openSession(loadWorkspace(x, {}), incident(id), x, p.name, undefined);
      },
    };
  });
  return { remote, members };
}

/** Opens an incident on a member's machine as crisis start does, and returns its session. */
export function openOn(member: Member, playbookId: string, title: string): IncidentSession {
  const io = member.io();
  const ws = loadWorkspace(io, {});
  return openIncident(io, ws, getPlaybook(ws.catalog, playbookId), { title, drill: true, actor: member.name });
}

/** The refs the remote holds (name → commit). */
export function remoteRefs(remote: string): Record<string, string> {
  const out = execFileSync("git", ["--git-dir", remote, "for-each-ref", "--format=%(refname) %(objectname)"], {
    encoding: "utf8",
  });
  return Object.fromEntries(
    out
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split(" ") as [string, string]),
  );
}

/** A member's folded state as JSON, without each line's local seq (a position in one machine's file). */
export function foldedState(member: Member, id: string): string {
  const state = member.session(id).state;
  return JSON.stringify({ ...state, events: state.events.map(({ seq: _seq, ...e }) => e) });
}
