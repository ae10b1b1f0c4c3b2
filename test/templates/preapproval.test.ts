import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli.js";
import { lintFiles } from "../../src/core/lint/engine.js";
import { parseTemplate } from "../../src/core/templates/parse.js";
import { stampTemplate, templateHash, validStamps } from "../../src/core/templates/preapproval.js";
import { fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";

const FILE = `---
title: Holding statement
# reviewed with legal
kind: holding
audience: public
---
We know about {{what_happened}} and we are on it. Next update by {{next_update_time}}.
`;

const parse = (text: string) => parseTemplate(text, "h.txt", "acme/holding", "local").template!;

describe("stamping a template as approved in advance", () => {
  test("adds the stamp to the front matter and changes nothing else in the file", () => {
    const result = stampTemplate(FILE, parse(FILE), { by: "Jordan Lee", role: "legal", at: "2026-11-20" })!;
    const hash = templateHash(parse(FILE).body);
    expect(result.text).toBe(
      FILE.replace(
        "audience: public\n",
        `audience: public\npreapproved:\n  by: Jordan Lee\n  role: legal\n  at: 2026-11-20\n  sha256: ${hash}\n`,
      ),
    );
    const stamped = parse(result.text);
    expect(stamped.body).toBe(parse(FILE).body);
    expect(validStamps(stamped)).toEqual([{ by: "Jordan Lee", role: "legal", at: "2026-11-20", sha256: hash }]);
  });

  test("a second role is added beside the first; a new text voids the stamps given for the old one", () => {
    const one = stampTemplate(FILE, parse(FILE), { by: "Jordan Lee", role: "legal", at: "2026-11-20" })!.text;
    const two = stampTemplate(one, parse(one), { by: "Sam O'Neil: VP", role: "approver", at: "2026-11-21" })!;
    expect(validStamps(parse(two.text)).map((s) => [s.by, s.role])).toEqual([
      ["Jordan Lee", "legal"],
      ["Sam O'Neil: VP", "approver"],
    ]);
    const edited = two.text.replace("we are on it", "we are working on it");
    expect(validStamps(parse(edited))).toEqual([]);
    const again = stampTemplate(edited, parse(edited), { by: "Jordan Lee", role: "legal", at: "2026-11-22" })!;
    expect(again.voided.map((s) => s.role)).toEqual(["approver"]);
    expect(validStamps(parse(again.text)).map((s) => s.role)).toEqual(["legal"]);
  });

  test("keeps Windows line endings as they were", () => {
    const crlf = FILE.replace(/\n/g, "\r\n");
    const result = stampTemplate(crlf, parse(crlf), { by: "Jordan Lee", role: "legal", at: "2026-11-20" })!;
    expect(result.text.replace(/\r\n/g, "")).not.toContain("\n");
    expect(validStamps(parse(result.text))).toHaveLength(1);
  });

  test("crisis lint reports a text edited after its approval, and an old approval", () => {
    const stamped = stampTemplate(FILE, parse(FILE), { by: "Jordan Lee", role: "legal", at: "2026-01-02" })!.text;
    const lint = (text: string) =>
      lintFiles([{ path: "templates/messages/acme/holding.txt", text: Buffer.from(text) }], {
        config: {},
        now: new Date("2026-11-21T12:00:00Z"),
      }).findings.map((f) => [f.rule, f.severity]);
    expect(lint(stamped)).toEqual([["hygiene/preapproval-age", "warning"]]);
    expect(lint(stamped.replace("on it", "onto it"))).toEqual([
      ["hygiene/preapproval-hash", "error"],
      ["hygiene/preapproval-age", "warning"],
    ]);
  });
});

describe("crisis preapprove", () => {
  const workspace = () =>
    tempDir({
      "crisis.config.yaml": "template_dirs: [templates]\n",
      "templates/messages/acme/holding.txt": FILE,
    });

  test("stamps a template named by id, today, and says so", async () => {
    const cwd = workspace();
    const io = fakeIo({ cwd, now: new Date("2026-11-21T12:00:00Z") });
    const code = await main(["node", "crisis", "preapprove", "acme/holding", "--by", "Jordan Lee", "--role", "legal"], io);
    expect(code, io.err()).toBe(0);
    expect(io.out()).toMatch(/acme\/holding \(.*holding\.txt\): pre-approved by Jordan Lee as legal on 2026-11-21/);
    const text = readFileSync(path.join(cwd, "templates/messages/acme/holding.txt"), "utf8");
    expect(validStamps(parse(text))).toEqual([
      { by: "Jordan Lee", role: "legal", at: "2026-11-21", sha256: templateHash(parse(FILE).body) },
    ]);
  });

  test("a bundled template is stamped as the team's own copy, never inside the installed crisis", async () => {
    const bundled = path.resolve(import.meta.dirname, "../../templates/messages/data-breach/holding-short.txt");
    const before = readFileSync(bundled, "utf8");
    const cwd = workspace();
    const io = fakeIo({ cwd, now: new Date("2026-11-21T12:00:00Z") });
    const args = ["preapprove", "data-breach/holding-short", "--by", "Jordan Lee", "--role", "legal"];
    expect(await main(["node", "crisis", ...args], io), io.err()).toBe(0);
    expect(readFileSync(bundled, "utf8")).toBe(before);
    const copy = readFileSync(path.join(cwd, "templates/messages/data-breach/holding-short.txt"), "utf8");
    expect(validStamps(parse(copy)).map((s) => s.by)).toContain("Jordan Lee");
    expect(io.err()).toContain("the stamped copy is your team's version now");
    // Without a template folder of the team's own there is nowhere to keep it: say how to add one.
    const bare = tempDir({ "crisis.config.yaml": "brand: { name: Northwind }\n" });
    const io2 = fakeIo({ cwd: bare });
    expect(await main(["node", "crisis", ...args], io2)).toBe(2);
    expect(io2.err()).toContain("add your template folder to crisis.config.yaml");
    expect(readFileSync(bundled, "utf8")).toBe(before);
  });

  test("refuses an unknown role or template, and a missing --by", async () => {
    const cwd = workspace();
    const run = async (...args: string[]) => {
      const io = fakeIo({ cwd });
      return { code: await main(["node", "crisis", "preapprove", ...args], io), err: io.err() };
    };
    expect(await run("acme/holding", "--by", "Jo", "--role", "lawyer")).toMatchObject({
      code: 2,
      err: expect.stringContaining('no playbook has a role "lawyer"') as unknown,
    });
    expect(await run("acme/holdng", "--by", "Jo", "--role", "legal")).toMatchObject({
      code: 4,
      err: expect.stringContaining("did you mean acme/holding?") as unknown,
    });
    expect((await run("acme/holding", "--role", "legal")).err).toContain("crisis preapprove needs --by <name>");
    expect(readFileSync(path.join(cwd, "templates/messages/acme/holding.txt"), "utf8")).toBe(FILE);
  });
});
