import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli.js";
import { checkFile } from "../../src/core/playbook/catalog.js";
import { fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";

const fixture = (name: string) => `test/fixtures/playbooks/invalid/${name}.yaml`;
const check = (name: string) => checkFile(readFileSync(fixture(name), "utf8"), fixture(name), "local").problems;

describe("a playbook that fails to load is reported at the right line and column", () => {
  test("a wrong type points at the value and says what was expected", () => {
    expect(check("wrong-type")).toEqual([
      {
        file: fixture("wrong-type"),
        line: 16,
        column: 14,
        message: 'steps.0.prompts: expected array, got "what happened?"',
      },
    ]);
  });

  test("an unknown key points at the key and suggests the right one", () => {
    const problem = check("unknown-key").find((p) => p.message.startsWith("unknown key"));
    expect(problem).toMatchObject({ line: 15, column: 5 });
    expect(problem?.message).toMatch(/^unknown key "titel" \(did you mean "title"\?\)/);
  });

  test("a YAML syntax error is located", () => {
    const problems = check("syntax-error");
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ file: fixture("syntax-error"), line: 5 });
  });

  test("a duplicate key points at the second occurrence", () => {
    expect(check("duplicate-key")).toEqual([
      expect.objectContaining({ line: 16, column: 5, message: expect.stringMatching(/^duplicate key/) as unknown }),
    ]);
  });

  test("every schema problem is reported, not only the first", () => {
    const problems = checkFile("id: Bad Id\ntitle: 3\nsteps: []\n", "x.yaml", "local").problems;
    expect(problems.map((p) => p.line)).toEqual(expect.arrayContaining([1, 2, 3]));
    expect(problems.length).toBeGreaterThanOrEqual(8);
  });

  test("tags, aliases past the limit and prototype keys are refused", () => {
    expect(checkFile("id: !!js/function x\n", "t.yaml", "local").problems[0]?.message).toMatch(/tag .* is not allowed/);
    expect(checkFile("__proto__: {}\n", "p.yaml", "local").problems[0]?.message).toMatch(/not allowed/);
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 9; i++)
      bomb.push(
        `${"bcdefghij"[i]}: &${"bcdefghij"[i]} [${Array(9)
          .fill(`*${i === 0 ? "a" : "bcdefghij"[i - 1]}`)
          .join(", ")}]`,
      );
    expect(checkFile(`${bomb.join("\n")}\n`, "bomb.yaml", "local").problems[0]?.message).toMatch(/aliases/);
  });
});

describe("the CLI reports load errors one line per problem, without a stack trace", () => {
  test("crisis playbooks show on a broken local playbook exits 2 with file:line:column lines", async () => {
    const dir = tempDir({
      "crisis.config.yaml": "playbook_dirs: [mine]\n",
      "mine/unknown-key.yaml": readFileSync(fixture("unknown-key"), "utf8"),
    });
    const io = fakeIo({ cwd: dir });
    const code = await main(["node", "crisis", "playbooks", "show", "unknown-key"], io);
    expect(code).toBe(2);
    expect(io.err()).toMatch(/mine\/unknown-key\.yaml:15:5: unknown key "titel"/);
    expect(io.err()).not.toMatch(/\n\s+at /);
  });

  test("a broken config file is reported with its position", async () => {
    const dir = tempDir({ "crisis.config.yaml": "brand:\n  nmae: Acme\n" });
    const io = fakeIo({ cwd: dir });
    expect(await main(["node", "crisis", "playbooks"], io)).toBe(2);
    expect(io.err()).toMatch(/crisis\.config\.yaml:2:3: unknown key "nmae" \(did you mean "name"\?\)/);
  });
});
