// @module-tag slow (the built CLI in a pseudo-terminal)
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readJournal } from "../../src/services/journal/store.js";
import { BIN, KEY, spawnCrisis } from "../helpers/pty.js";
import { fixtureWorkspace } from "../helpers/workspace.js";

beforeAll(() => {
  if (!existsSync(BIN.replace(/bin\/crisis\.js$/, "dist/cli.js"))) throw new Error("build first: npm run build");
});

describe("crisis start in a real terminal", () => {
  it("takes a responder from declaration to resolution with keystrokes, Esc actions included", async () => {
    const cwd = fixtureWorkspace();
    const t = spawnCrisis(["start", "fixture"], cwd);
    await t.expect("DECLARE AND ASSEMBLE · step 1 of 8");
    await t.expect("Esc at any question: note · decision · check-in · severity");
    await t.answer("What happened, in one sentence", `Checkout errors${KEY.enter}`);
    await t.answer("Who leads the response", KEY.enter);
    await t.answer("When did we first notice it?", KEY.enter);
    await t.answer("Best estimate of when it began", KEY.enter);
    // Esc opens the actions; a note goes into the journal; then the question comes back.
    await t.answer("Where is the team coordinating?", KEY.esc);
    await t.answer("Action (Esc returns to the question)", KEY.enter);
    await t.answer("Note (start with TODO: for a follow-up)", `Journalist called${KEY.enter}`);
    await t.answer("When did it happen?", KEY.enter);
    // Esc → Log: a journalist's enquiry, with its deadline, into the journal.
    await t.answer("Where is the team coordinating?", KEY.esc);
    await t.answer("Action (Esc returns to the question)", `${KEY.down}${KEY.down}${KEY.down}${KEY.enter}`);
    await t.answer("Log what?", KEY.enter);
    await t.answer("Outlet (publication, programme", `Daily Ledger${KEY.enter}`);
    await t.answer("Reporter or contact (optional)", `Sam Ortiz${KEY.enter}`);
    await t.answer("What did they ask?", `Is card data affected?${KEY.enter}`);
    await t.answer("Their deadline, UTC", `+1h${KEY.enter}`);
    await t.answer("Answered yet?", KEY.enter);
    await t.expect("Logged.");
    await t.answer("Where is the team coordinating?", `#pty-room${KEY.enter}`);
    await t.answer("How did we find out?", `${KEY.down}${KEY.enter}`);
    await t.answer("Severity now?", KEY.enter);
    await t.expect("Declared at SEV4: Checkout errors.");
    await t.answer("Checklist: tick what is done", `${KEY.space}${KEY.enter}`);
    await t.answer("Score it now?", KEY.enter);
    await t.answer("How many people have seen it?", KEY.enter);
    await t.answer("Could anyone be harmed?", KEY.enter);
    await t.expect("If you are unsure between two levels, choose the more severe one.");
    await t.answer("Severity", KEY.enter);
    // Triage offers the optional roles once; Enter names nobody (later: Esc → roles).
    await t.answer("Name anyone else now?", KEY.enter);
    await t.answer("What do we know for certain?", `Some card payments fail.${KEY.enter}`);
    await t.answer("Did we cause it?", KEY.enter);
    // Nothing is ticked that the responder did not name: X and Bluesky are ticked by hand.
    await t.answer("Holding statement: for which channels?", `${KEY.space}${KEY.down}${KEY.space}${KEY.enter}`);
    await t.expect(/X \d+\/280 ✓/);
    await t.answer("Holding statement: what now?", KEY.enter);
    await t.answer("approves this exact text", KEY.enter);
    await t.expect("Copy this to X (c copies it exactly):");
    // c copies the exact text (OSC 52 to this terminal; the system clipboard where there is one), then asks again.
    await t.expect("c copy text");
    t.write("c");
    await t.expect(/(Sent|Copied) the exact text/);
    await t.answer("Published on X?", KEY.enter);
    await t.answer("Link to the post on X (optional)", `https://x.example/status/1${KEY.enter}`);
    // The new promise is announced once, with the first channel.
    await t.expect("crisis keeps track of it.");
    await t.answer("Published on Bluesky?", KEY.enter);
    await t.answer("Link to the post on Bluesky (optional)", KEY.enter);
    await t.answer("Checklist: tick what is done", KEY.enter);
    await t.answer("Is the harm stopped for now?", `y${KEY.enter}`);
    await t.answer("What has changed since the last update?", `Fixed for most customers.${KEY.enter}`);
    await t.answer("Update: what now?", KEY.enter);
    await t.answer("approves this exact text", KEY.enter);
    await t.answer("Published on X?", KEY.enter);
    await t.answer("Link to the post on X (optional)", KEY.enter);
    await t.answer("again now, or move on?", KEY.enter);
    await t.answer("When is the review meeting?", KEY.enter);
    await t.expect("All steps are done.");
    await t.answer("What now?", `${KEY.up}${KEY.enter}`);
    await t.answer("Which exit criteria are met?", `${KEY.space}${KEY.down}${KEY.space}${KEY.enter}`);
    await t.answer("A line or two on how it ended", `Quiet again.${KEY.enter}`);
    await t.expect("Resolved: Checkout errors.");
    // The post-mortem is offered at the end: a short retrospective, then the draft is written.
    await t.answer("Write the post-mortem draft now?", KEY.enter);
    await t.answer("What triggered it?", `A payment provider change.${KEY.enter}`);
    await t.answer("What triggered it?", KEY.enter);
    await t.answer("What was the root cause?", KEY.enter);
    await t.answer("Five whys", KEY.enter);
    await t.answer("How was it resolved?", KEY.enter);
    await t.answer("What went well?", `Status page went out fast.${KEY.enter}`);
    await t.answer("What went well?", KEY.enter);
    await t.answer("What went wrong?", KEY.enter);
    await t.answer("Where did we get lucky?", KEY.enter);
    await t.answer("What contributed to it?", `A payment provider change without a rollback plan.${KEY.enter}`);
    await t.answer("What contributed to it?", KEY.enter);
    await t.answer("What limited the damage?", KEY.enter);
    await t.answer("Action item, starting with a verb", `Add a rollback plan to provider changes${KEY.enter}`);
    await t.answer("Type of action", KEY.enter);
    await t.answer("Owner (a name", `Sam Lee${KEY.enter}`);
    await t.answer("Due date, YYYY-MM-DD", `2026-12-15${KEY.enter}`);
    await t.answer("Action item, starting with a verb", KEY.enter);
    await t.answer("how many customers were affected?", `300${KEY.enter}`);
    await t.answer("Revenue lost or at risk", KEY.enter);
    await t.answer("Costs: refunds", KEY.enter);
    await t.answer("Other business impact", KEY.enter);
    await t.answer("Status of the post-mortem", KEY.enter);
    expect(await t.exited()).toBe(0);

    const id = /Incident (\S+) opened/.exec(t.text())![1]!;
    const dir = path.join(cwd, "incidents", id);
    const events = readJournal(dir).events;
    expect(events[0]).toMatchObject({
      type: "incident_opened",
      actor: "Pat Tester",
      data: { title: "Fixture crisis", drill: false },
    });
    expect(events.filter((e) => e.type === "note").map((e) => e.data)).toEqual([
      { text: "Journalist called", step: "declare" },
    ]);
    const answers = Object.fromEntries(
      events.flatMap((e) => (e.type === "answer" ? [[e.data.prompt, e.data.value]] : [])),
    );
    expect(answers).toMatchObject({
      war_room: "#pty-room",
      detected_how: "A customer told us",
      confirmed_facts: "Some card payments fail.",
      mitigated: true,
    });
    // The OSC 52 sequence the copy key sent: ESC ] 52 ; c ; <base64> BEL.
    const raw = t.raw();
    expect(raw).toContain("\u001b]52;c;");
    const from = raw.indexOf("\u001b]52;c;") + "\u001b]52;c;".length;
    const osc = raw.slice(from, raw.indexOf("\u0007", from));
    const xPost = events.find((e) => e.type === "published" && e.data.channel === "x");
    const xDraft = events.find(
      (e) => e.type === "draft_created" && xPost?.type === "published" && e.data.hash === xPost.data.hash,
    );
    expect(Buffer.from(osc, "base64").toString("utf8")).toBe(xDraft?.type === "draft_created" && xDraft.data.text);
    expect(
      events
        .filter((e) => e.type === "published")
        .map((e) => e.type === "published" && [e.data.channel, e.data.url ?? null]),
    ).toEqual([
      ["x", "https://x.example/status/1"],
      ["bluesky", null],
      ["x", null],
    ]);
    expect(events.find((e) => e.type === "resolved")).toMatchObject({ data: { summary: "Quiet again." } });
    expect(events.filter((e) => e.type === "retro_item").map((e) => e.type === "retro_item" && e.data.section)).toEqual(
      ["trigger", "went_well", "contributing_factor"],
    );
    expect(events.find((e) => e.type === "media_enquiry")).toMatchObject({
      data: { outlet: "Daily Ledger", reporter: "Sam Ortiz", question: "Is card data affected?", status: "open" },
    });
    expect(events.find((e) => e.type === "business_impact")).toMatchObject({ data: { customers_affected: 300 } });
    const log = readFileSync(path.join(dir, "incident-log.md"), "utf8");
    expect(log).toContain("# Checkout errors");
    expect(log).toContain("| Status | resolved");
    expect(log).toContain("media enquiry, open");
    expect(log).toContain("Journalist called");
    const postmortem = readFileSync(path.join(dir, "postmortem.md"), "utf8");
    expect(postmortem).toContain("Status page went out fast.");
    expect(postmortem).toContain("Add a rollback plan to provider changes");
    expect(postmortem).toContain("Sam Lee");
  });

  it("Ctrl+C keeps the journal and says how to resume; crisis resume continues at that question", async () => {
    const cwd = fixtureWorkspace();
    const t = spawnCrisis(["start", "fixture"], cwd);
    await t.answer("What happened, in one sentence", `Interrupted run${KEY.enter}`);
    await t.answer("Who leads the response", `Ana Ruiz${KEY.enter}`);
    await t.answer("When did we first notice it?", `-10m${KEY.enter}`);
    await t.answer("Best estimate of when it began", KEY.enter);
    await t.answer("Where is the team coordinating?", `#room${KEY.enter}`);
    await t.answer("How did we find out?", KEY.ctrlC);
    await t.expect(/Continue with: crisis resume (\S+)/);
    expect(await t.exited()).toBe(130);
    const id = /Continue with: crisis resume (\S+)/.exec(t.text())![1]!;
    const dir = path.join(cwd, "incidents", id);
    const before = readJournal(dir).events;
    expect(before.at(-1)).toMatchObject({ type: "session_paused", data: { how: "interrupted", step: "declare" } });
    expect(readFileSync(path.join(dir, "incident-log.md"), "utf8")).toContain("| Status | open, paused");

    const r = spawnCrisis(["resume"], cwd);
    await r.expect("Resuming Interrupted run");
    await r.expect("(resumed where you stopped)");
    await r.answer("How did we find out?", KEY.enter);
    await r.answer("Severity now?", KEY.esc);
    // Typing the first letters of an action picks it.
    await r.answer("Action (Esc returns to the question)", `pau${KEY.enter}`);
    await r.expect(`Paused. Everything so far is recorded. Continue with: crisis resume ${id}`);
    expect(await r.exited()).toBe(0);
    const after = readJournal(dir).events;
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((e) => e.type)).toEqual(["session_resumed", "answer", "session_paused"]);
  });
});
