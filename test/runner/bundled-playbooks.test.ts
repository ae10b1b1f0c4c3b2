// @module-tag slow (every bundled playbook driven end to end, calm and severe)
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { evaluate } from "../../src/core/expr/evaluate.js";
import { parseCondition } from "../../src/core/expr/parse.js";
import { foldEvents } from "../../src/core/journal/fold.js";
import { readJournal } from "../../src/services/journal/store.js";
import { sha256 } from "../../src/core/runner/drafts.js";
import { logRenderer } from "../../src/services/incident/incident-log.js";
import { scriptedPrompter } from "../helpers/prompter.js";
import { runInProcess } from "../helpers/workspace.js";
import { clock, fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";
import { TEAM_CONFIG } from "../helpers/drill.js";

/** Whatever `crisis playbooks` lists: the test covers every bundled playbook, however many there are. */
async function bundledIds(): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "crisis-list-"));
  const io = fakeIo({ cwd: dir, now: clock() });
  await main(["node", "crisis", "playbooks", "--json"], io);
  rmSync(dir, { recursive: true });
  return (JSON.parse(io.out()) as { playbooks: { id: string; source: string }[] }).playbooks
    .filter((p) => p.source === "bundled")
    .map((p) => p.id);
}

const ids = await bundledIds();

// None of our own channels is down (the scripted responder would otherwise tick every one).
const channelsUp = { "prompts.unusable_channels": [] };
const profiles = {
  // Defaults and first choices, with a team config: a contained incident.
  calm: { ...channelsUp },
  // Every override answered yes: the most severe path, where more roles and approvals are needed.
  severe: {
    ...channelsUp,
    "severity.safety_risk": true,
    "severity.personal_data": true,
    "severity.legal_exposure": true,
    "severity.executive_involved": true,
  },
} as const;

describe("every bundled playbook runs from declaration to resolution with scripted answers", () => {
  it("finds the bundled playbooks", () => {
    expect(ids.length).toBeGreaterThanOrEqual(1);
  });

  for (const id of ids) {
    for (const [profile, script] of Object.entries(profiles)) {
      it(`${id} (${profile})`, async () => {
        const cwd = tempDir(profile === "calm" ? { "crisis.config.yaml": TEAM_CONFIG } : {});
        const io = fakeIo({ cwd, now: clock("2026-11-21T19:30:00.000Z", 2000) });
        const { prompter, asked } = scriptedPrompter(script);
        const { code, session, playbook, ws } = await runInProcess(io, id, prompter, { title: `Drill for ${id}` });
        expect(code, io.err()).toBe(0);
        const state = session.state;
        expect(state.status).toBe("resolved");

        // Every step was either worked through or skipped because its condition was false.
        for (const step of playbook.steps) {
          const rec = state.steps[step.id];
          expect(rec, `step ${step.id}`).toBeDefined();
          if (rec?.status === "skipped") {
            expect(rec.skip?.by).toBe("condition");
            expect(step.when).toBeDefined();
          } else {
            expect(rec?.status).toBe("completed");
          }
        }
        // Conditions were judged on the answers as they stood.
        for (const e of state.events) {
          if (e.type === "step_skipped") {
            const step = playbook.steps.find((s) => s.id === e.data.step)!;
            const before = foldEvents(state.events.filter((x) => x.seq < e.seq));
            expect(
              evaluate(parseCondition(step.when!), {
                answers: before.answers,
                severity: before.severity!,
                drill: false,
              }),
            ).toBe(false);
          }
        }
        if (profile === "severe") expect(state.severity).toBe("SEV1");

        // Every public message was approved, on its exact text, by each role the policy named at the
        // severity in force when it was accepted; a text the team approved in advance, by the lead.
        const publicPubs = state.publications.filter((p) => p.audience === "public");
        for (const p of publicPubs) {
          const draft = state.drafts[p.hash]!;
          expect(sha256(draft.text)).toBe(p.hash);
          const request = state.events.findLast(
            (e) => e.type === "approval_requested" && e.data.hash === p.hash && e.seq < p.seq,
          );
          expect(request?.type, `${draft.template} was accepted`).toBe("approval_requested");
          if (request?.type !== "approval_requested") continue;
          const then = foldEvents(state.events.filter((x) => x.seq < request.seq));
          const needed = request.data.preapproved ? ["lead"] : (playbook.approval[then.severity!] ?? []);
          const approvedRoles = state.approvals[p.hash]?.approved.map((a) => a.role) ?? [];
          for (const role of needed) expect(approvedRoles, `${draft.template} approved by ${role}`).toContain(role);
          expect(p.next_update_due === null || p.next_update_due > p.at).toBe(true);
        }
        // With the brand's facts configured, the holding statements went out as approved in advance.
        if (profile === "calm") {
          const holding = publicPubs.filter((p) => p.kind === "holding");
          expect(holding.length, "a holding statement went out").toBeGreaterThan(0);
          for (const p of holding)
            expect(
              state.events.some((e) => e.type === "approval_requested" && e.data.hash === p.hash && e.data.preapproved),
              `${p.template} pre-approved`,
            ).toBe(true);
        }
        // The screens showed the playbooks' example answers as hints, and their guidance as text, never raw markdown.
        expect(io.err()).toMatch(/^ {2}e\.g\. \S/m);
        expect(io.err()).not.toMatch(/\*\*\S/);
        // Nothing asked more than once per key except in deliberate loops.
        expect(asked.filter((a) => a.key === "title")).toHaveLength(0);

        // The journal on disk is complete and in order, and the log matches it.
        const read = readJournal(session.dir);
        expect(read.torn).toBeUndefined();
        expect(read.invalid).toEqual([]);
        expect(read.events.map((e) => e.seq)).toEqual(read.events.map((_, i) => i));
        const log = readFileSync(path.join(session.dir, "incident-log.md"), "utf8");
        expect(log).toBe(logRenderer(ws, playbook)(foldEvents(read.events)));
        expect(log).toContain(`# Drill for ${id}`);
        expect(log).toMatch(/\| Status \| resolved/);
      });
    }
  }
});

describe("the spine's media step logs enquiries and the spokesperson through the journal", () => {
  it("records each enquiry the responder logs, and the spokesperson brief lists them", async () => {
    const { drill } = await import("../helpers/drill.js");
    const run = await drill("viral-complaint", {
      ...channelsUp,
      "prompts.media_interest": true,
      "log.media.media_enquiry": ["log", "done"],
      "comms.media_enquiry.outlet": "Daily Ledger",
      "comms.media_enquiry.reporter": "Sam Ortiz",
      "comms.media_enquiry.question": "Will the customer be refunded?",
      "comms.media_enquiry.deadline": "+2h",
      "comms.media_enquiry.status": "open",
      "log.media.spokesperson_appearance": ["done"],
    });
    const events = run.state.events;
    const enquiry = events.find((e) => e.type === "media_enquiry");
    expect(enquiry?.data).toMatchObject({ outlet: "Daily Ledger", reporter: "Sam Ortiz", status: "open" });
    const brief = Object.values(run.state.drafts).find((d) => d.template === "common/spokesperson-brief");
    expect(brief?.text).toMatch(
      /Enquiries so far\n- Daily Ledger \(Sam Ortiz\), asked 21 Nov 2026 \d\d:\d\d UTC, deadline .*, open: Will the customer be refunded\?/,
    );
  });
});
