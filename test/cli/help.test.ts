import type { Command } from "commander";
import { describe, expect, test } from "vitest";
import { buildProgram, main } from "../../src/cli.js";
import { fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";

/** Every command registered in the program, nested ones and hidden ones included, as argv paths. */
function commandPaths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.flatMap((sub) => [[...prefix, sub.name()], ...commandPaths(sub, [...prefix, sub.name()])]);
}

const paths = commandPaths(buildProgram(fakeIo(), () => undefined));

describe("--help on every command", () => {
  test("the walk finds the commands (so the checks below are not vacuous)", () => {
    expect(paths.map((p) => p.join(" "))).toEqual(
      expect.arrayContaining(["playbooks", "playbooks show", "schema", "init", "completion", "__complete"]),
    );
  });

  test.each([[[] as string[]], ...paths.map((p) => [p])])(
    "crisis %j --help prints usage and examples on stdout",
    async (path) => {
      const io = fakeIo();
      const code = await main(["node", "crisis", ...path, "--help"], io);
      expect(code).toBe(0);
      expect(io.err()).toBe("");
      expect(io.out()).toMatch(/^Usage: crisis/);
      expect(io.out()).toMatch(/\nExamples:\n( {2}\$ crisis .+\n)+/);
    },
  );
});

describe("colour", () => {
  const run = async (env: Record<string, string | undefined>) => {
    const io = fakeIo({ cwd: tempDir(), env, tty: true });
    await main(["node", "crisis", "init", "--yes", "--dry-run"], io);
    return io.err();
  };
  // eslint-disable-next-line no-control-regex
  const ansi = /\u001b\[/;

  test("NO_COLOR turns colour off even on a terminal", async () => {
    expect(await run({ NO_COLOR: "1" })).not.toMatch(ansi);
  });

  test("FORCE_COLOR turns it on even when NO_COLOR is set, and FORCE_COLOR=0 off", async () => {
    expect(await run({ NO_COLOR: "1", FORCE_COLOR: "1" })).toMatch(ansi);
    expect(await run({ NO_COLOR: undefined, FORCE_COLOR: "0" })).not.toMatch(ansi);
  });

  test("a terminal without either gets colour; a pipe does not", async () => {
    expect(await run({ NO_COLOR: undefined })).toMatch(ansi);
    const io = fakeIo({ cwd: tempDir(), env: { NO_COLOR: undefined } });
    await main(["node", "crisis", "init", "--yes", "--dry-run"], io);
    expect(io.err()).not.toMatch(ansi);
  });
});
