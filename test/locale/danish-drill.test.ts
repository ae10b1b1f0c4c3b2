// @module-tag slow (drives a whole incident through the step engine, in process)
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { parseTemplate } from "../../src/core/templates/parse.js";
import { stampTemplate } from "../../src/core/templates/preapproval.js";
import { tempDir } from "../helpers/tmp.js";
import { fakeIo } from "../helpers/io.js";
import { drill } from "../helpers/drill.js";
import { hotkey } from "../helpers/prompter.js";
import { DANISH_CONFIG } from "./danish-config.js";

/** Every published text, in order, as "template → channel" and the text: what the public read. */
function published(state: Awaited<ReturnType<typeof drill>>["state"]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of state.publications) {
    const text = state.drafts[p.hash]?.text ?? "";
    const channels = state.publications.filter((q) => q.hash === p.hash).map((q) => q.channel);
    if (seen.has(p.hash)) continue;
    seen.add(p.hash);
    out.push(`## ${p.template} → ${channels.join(", ")} (${p.audience})\n\n${text}\n`);
  }
  return out.join("\n");
}

describe("a drill with a Danish team config", () => {
  // Winter: Copenhagen is UTC+1, so 19:30 UTC is 20:30 there.
  const now = () => new Date("2026-11-21T19:30:00.000Z");

  it("publishes Danish messages with Copenhagen times, and keeps the journal in UTC", async () => {
    const { state, io } = await drill(
      "viral-complaint",
      {
        "prompts.unusable_channels": [],
        "prompts.what_happened": "En kunde deler en video af en cykel, der knækkede efter en uge.",
        "prompts.public_description": "en cykel, der knækkede efter en uge",
        "prompts.what_changed": "Kunden har fået en ny cykel, og vi gennemgår vores kvalitetskontrol.",
      },
      { config: DANISH_CONFIG, now },
    );
    const text = published(state);
    await expect(text).toMatchFileSnapshot("../golden/locale/viral-complaint.da.md");
    // The holding reply is the Danish variant, with the promise (SEV3: 4 h, 23:30 UTC) in Copenhagen time.
    expect(text).toContain("Tak, fordi du siger det.");
    expect(text).toContain("senest 22. november 2026 kl. 00:30.");
    // An English fallback (the internal notices) writes its times in English, in the brand's zone.
    expect(text).toContain("Our next public update is due by 22 November 2026 at 00:30.");
    expect(text).not.toMatch(/\bUTC\b/);
    expect(text).toContain("Vi undskylder.");
    // The journal keeps UTC ISO times.
    expect(state.nextUpdateDue ?? state.publications.at(-1)?.at).toMatch(/Z$/);
    expect(state.publications.find((p) => p.template === "viral-complaint/holding-reply")?.next_update_due).toBe(
      "2026-11-21T23:30:00.000Z",
    );
    // crisis export --messages writes each approved text per channel, exactly, with an index.
    const exp = fakeIo({ cwd: io.cwd, now: () => new Date("2026-11-22T08:00:00.000Z") });
    expect(await main(["node", "crisis", "export", "--messages"], exp), exp.err()).toBe(0);
    const files = exp.out().trim().split("\n");
    const dir = path.dirname(path.join(io.cwd, files[0]!));
    const index = readFileSync(path.join(dir, "messages.json"), "utf8");
    await expect(
      `${files.map((f) => path.basename(f)).join("\n")}\n\n${index.replace(/"incident": "[^"]+"/, '"incident": "ID"').replace(/"dir": "[^"]+"/, '"dir": "DIR"')}`,
    ).toMatchFileSnapshot("../golden/locale/export-viral-complaint.da.txt");
    const holding = state.publications.find(
      (p) => p.template === "viral-complaint/holding-reply" && p.channel === "x",
    )!;
    const holdingFile = files.find((f) => f.endsWith(".viral-complaint-holding-reply.x.txt"))!;
    expect(readFileSync(path.join(io.cwd, holdingFile), "utf8")).toBe(`${state.drafts[holding.hash]?.text}\n`);
    expect(exp.err()).toMatch(/^Exported \d+ approved texts as \d+ files \(one per channel\) and messages.json/);
    // The responder's screen stays English, and shows both zones for the promise.
    expect(io.err()).toContain(
      "Next public update promised for 21 Nov 2026 23:30 UTC (22. november 2026 kl. 00:30 in the message)",
    );
  });

  it("in crisis start, c at an approved text copies exactly the text that is then recorded as published", async () => {
    const copies: string[] = [];
    const key = "message.viral-complaint/holding-reply.publish.x";
    const { state, io, asked } = await drill(
      "viral-complaint",
      { "prompts.unusable_channels": [], [key]: [hotkey("c"), "now"] },
      {
        config: DANISH_CONFIG,
        until: "message.viral-complaint/holding-reply.url.x",
        copy: async (text) => {
          copies.push(text);
          return { ok: true, line: `Copied the exact text (${[...text].length} characters) to the system clipboard.` };
        },
      },
    );
    const draft = Object.values(state.drafts).find((d) => d.template === "viral-complaint/holding-reply");
    expect(copies).toEqual([draft?.text]);
    expect(draft?.text).toContain("Tak, fordi du siger det.");
    // The question is asked again after the copy; the screen said how to copy and that it did.
    expect(asked.filter((a) => a.key === key).map((a) => a.answer)).toEqual([{ hotkey: "c" }, "now"]);
    expect(io.err()).toContain("Copy this to X (c copies it exactly):");
    expect(io.err()).toMatch(/Copied the exact text \(\d+ characters\) to the system clipboard\./);
  });

  it("a Danish variant pre-approved on its own (crisis preapprove x.da) needs only the lead's confirmation", async () => {
    const text = readFileSync("templates/messages/viral-complaint/holding-reply.da.txt", "utf8");
    const parsed = parseTemplate(text, "holding-reply.da.txt", "viral-complaint/holding-reply.da", "local").template!;
    const stamped = stampTemplate(text, parsed, { by: "Morgan Ellis", role: "legal", at: "2026-11-20" })!.text;
    const dir = tempDir({ "messages/viral-complaint/holding-reply.da.txt": stamped });
    const { state } = await drill(
      "viral-complaint",
      { "prompts.unusable_channels": [] },
      {
        config: `${DANISH_CONFIG}template_dirs: [${JSON.stringify(dir)}]\n`,
        now,
        until: "message.viral-complaint/holding-reply.publish",
      },
    );
    const draft = Object.values(state.drafts).find((d) => d.template === "viral-complaint/holding-reply")!;
    expect(draft.text).toContain("Tak, fordi du siger det.");
    const requested = Object.values(state.approvals).map((a) => a.requested);
    expect(requested[0]?.preapproved).toMatchObject([{ by: "Morgan Ellis", role: "legal" }]);
    expect(requested[0]?.roles).toEqual(["lead"]);
  });
});
