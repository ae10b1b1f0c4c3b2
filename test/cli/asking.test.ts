import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli.js";
import { getPlaybook } from "../../src/core/playbook/catalog.js";
import { openIncident } from "../../src/services/incident/open.js";
import { readJournal } from "../../src/services/journal/store.js";
import { loadWorkspace } from "../../src/services/workspace/workspace.js";
import { clock, fakeIo, type FakeIoOptions } from "../helpers/io.js";
import { scriptedPrompter } from "../helpers/prompter.js";
import { tempDir } from "../helpers/tmp.js";
import { fixtureWorkspace } from "../helpers/workspace.js";

/**
 * Every command that asks, asked in process: a terminal's Io whose prompter answers from a script,
 * so each interactive path runs without a pseudo-terminal. The script has no answer for a question
 * nobody expected, so an extra or a missing question fails the test.
 */

/** A workspace with one open incident (just opened, nothing asked yet), and a way to run commands at a terminal. */
function workspaceWithIncident() {
  const cwd = fixtureWorkspace();
  const now = clock("2026-11-21T19:30:00.000Z", 0);
  const opener = fakeIo({ cwd, now });
  const ws = loadWorkspace(opener, {});
  openIncident(opener, ws, getPlaybook(ws.catalog, "fixture"), {
    title: "Asked in process",
    drill: false,
    actor: "Ana Ruiz",
  });
  now.advance(30 * 60_000);
  const run = async (args: string[], options: FakeIoOptions) => {
    const io = fakeIo({ cwd, now, tty: true, ...options });
    const code = await main(["node", "crisis", ...args], io);
    return { code, io };
  };
  const last = () => readJournal(path.join(cwd, "incidents", "2026-11-21-fixture")).events.at(-1);
  return { cwd, run, last };
}

describe("commands that ask, answered through the Io's prompter", () => {
  test("crisis checkin asks each number; an empty answer leaves that number out", async () => {
    const { run, last } = workspaceWithIncident();
    const { code, io } = await run(["checkin"], {
      answers: {
        "checkin.mentions_per_hour": 900,
        "checkin.negative_share": 42.5,
        "checkin.media_pickups": undefined,
        "checkin.support_tickets": 12.4,
      },
    });
    expect(code, io.err()).toBe(0);
    expect(io.asked.map((a) => [a.kind, a.key])).toEqual([
      ["number", "checkin.mentions_per_hour"],
      ["number", "checkin.negative_share"],
      ["number", "checkin.media_pickups"],
      ["number", "checkin.support_tickets"],
    ]);
    expect(io.prompted).toEqual([{}]);
    expect(last()).toMatchObject({
      type: "metric_snapshot",
      data: { mentions_per_hour: 900, negative_share: 42.5, support_tickets: 12 },
    });
    expect(io.err()).toContain("Check-in recorded in 2026-11-21-fixture: mentions per hour 900");
  });

  test("crisis decision asks why when --why is missing", async () => {
    const { run, last } = workspaceWithIncident();
    const { code, io } = await run(["decision", "Pause", "all", "ads"], {
      answers: { "decision.why": "  Tone-deaf now  " },
    });
    expect(code, io.err()).toBe(0);
    expect(io.asked.map((a) => a.message)).toEqual(["Why?"]);
    expect(last()).toMatchObject({ type: "decision", data: { what: "Pause all ads", why: "Tone-deaf now" } });
  });

  test("crisis severity asks the reason when --reason is missing", async () => {
    const { run, last } = workspaceWithIncident();
    const { code, io } = await run(["severity", "2"], { answers: { "severity.reason": "National news picked it up" } });
    expect(code, io.err()).toBe(0);
    expect(io.asked.map((a) => a.message)).toEqual(["Why SEV2?"]);
    expect(last()).toMatchObject({
      type: "severity_changed",
      data: { from: null, to: "SEV2", reason: "National news picked it up" },
    });
  });

  test("crisis start asks for the playbook and what happened (the title), then walks the steps", async () => {
    const cwd = fixtureWorkspace();
    const { prompter, asked } = scriptedPrompter({
      playbook: "fixture",
      "prompts.what_happened": "Asked at a terminal",
    });
    const io = fakeIo({ cwd, now: clock(), tty: true, prompter });
    expect(await main(["node", "crisis", "start"], io), io.err()).toBe(0);
    expect(asked.slice(0, 2).map((a) => [a.kind, a.key])).toEqual([
      ["search", "playbook"],
      ["text", "prompts.what_happened"],
    ]);
    expect(io.prompted).toEqual([{ dim: true, interrupted: expect.any(Function) as unknown }]);
    const events = readJournal(path.join(cwd, "incidents", "2026-11-21-fixture")).events;
    // Opened under the playbook's title, then named by the declaration's first answer.
    expect(events[0]).toMatchObject({ type: "incident_opened", data: { title: "Fixture crisis" } });
    expect(events.find((e) => e.type === "answer")).toMatchObject({
      data: { step: "declare", prompt: "what_happened", value: "Asked at a terminal" },
    });
    expect(readFileSync(path.join(cwd, "incidents", "2026-11-21-fixture", "incident-log.md"), "utf8")).toContain(
      "# Asked at a terminal",
    );
    expect(events.at(-1)?.type).toBe("resolved");
  });

  test("crisis init asks its questions on stderr, so stdout keeps only the --json report", async () => {
    const dir = tempDir();
    const io = fakeIo({
      cwd: dir,
      tty: true,
      answers: {
        "init.brand": "Acme",
        "init.channels": ["x"],
        "init.handle_x": "@acme",
        "init.support_contact": "",
        "init.media_contact": "",
        "init.hub_url": "https://acme.example/updates",
        "init.mentions_per_hour": 40,
        "init.negative_share": undefined,
        "init.keep_targets": true,
        "init.playbooks": [],
        "init.spine": false,
        "init.ci": false,
        "init.editor": false,
        "init.incidents": "ignore",
      },
    });
    const code = await main(["node", "crisis", "init", "--json"], io);
    expect(code, io.err()).toBe(0);
    expect(io.prompted).toEqual([{ output: "stderr", dim: true }]);
    expect(io.asked[0]?.key).toBe("init.brand");
    expect(JSON.parse(io.out())).toMatchObject({ created: expect.arrayContaining(["crisis.config.yaml"]) as unknown });
    const config = readFileSync(path.join(dir, "crisis.config.yaml"), "utf8");
    expect(config).toMatch(/^ {2}name: Acme$/m);
    expect(config).toMatch(/^ {2}mentions_per_hour: 40$/m);
    expect(existsSync(path.join(dir, ".github"))).toBe(false);
  });

  test("crisis postmortem asks the retrospective on stderr and records it in the journal", async () => {
    const { cwd, run } = workspaceWithIncident();
    const { code, io } = await run(["postmortem", "--output", "-"], {
      answers: {
        "retro.trigger": [""],
        "retro.root_cause": [""],
        "retro.five_whys": [""],
        "retro.resolution": [""],
        "retro.went_well": ["The holding statement went out early", ""],
        "retro.went_wrong": [""],
        "retro.lucky": [""],
        "retro.contributing_factors": ["No weekend cover", ""],
        "retro.mitigators": [""],
        "retro.action": ["Add weekend cover to the rota", ""],
        "retro.action_type": "process",
        "retro.action_owner": "Ana Ruiz",
        "retro.action_due": "",
        "retro.impact.customers_affected": "",
        "retro.impact.revenue": "",
        "retro.impact.costs": "",
        "retro.impact.other": "",
        "retro.status": "in-review",
      },
    });
    expect(code, io.err()).toBe(0);
    expect(io.prompted).toEqual([{ output: "stderr" }]);
    expect(io.out()).toContain("The holding statement went out early");
    expect(io.err()).toContain("Recorded 4 retrospective entries in the journal.");
    const events = readJournal(path.join(cwd, "incidents", "2026-11-21-fixture")).events.slice(-4);
    expect(events.map((e) => e.type)).toEqual(["retro_item", "retro_item", "action_item", "postmortem_status"]);
    expect(events[2]?.data).toEqual({ action: "Add weekend cover to the rota", kind: "process", owner: "Ana Ruiz" });
  });
});
