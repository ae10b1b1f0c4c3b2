import type { Command } from "commander";
import { describe, expect, test } from "vitest";
import { buildProgram, main, reportError } from "../../src/cli.js";
import { fakeIo } from "../helpers/io.js";

/**
 * main() wires only the command a line names (the other commands' options cost every start-up);
 * what any line prints and returns must be what the whole program gives it: help, a bad flag, a
 * missing argument, an unknown command.
 */

function commandPaths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.flatMap((sub) => [[...prefix, sub.name()], ...commandPaths(sub, [...prefix, sub.name()])]);
}

/** The line run against the whole program, as main() ran it before. */
async function whole(argv: string[]) {
  const io = fakeIo();
  let code = 0;
  try {
    await buildProgram(io, (c) => (code = c)).parseAsync(["node", "crisis", ...argv]);
  } catch (error) {
    code = reportError(io, error);
  }
  return { code, out: io.out(), err: io.err() };
}

async function lazy(argv: string[]) {
  const io = fakeIo();
  const code = await main(["node", "crisis", ...argv], io);
  return { code, out: io.out(), err: io.err() };
}

const paths = commandPaths(buildProgram(fakeIo(), () => undefined));
const lines = paths.flatMap((p) => [
  [...p, "--help"],
  [...p, "--no-such-flag"],
]);

describe("the program wired for one command", () => {
  test("only that command is wired, unless it describes the CLI", () => {
    expect(buildProgram(fakeIo(), () => undefined, "note").commands.map((c) => c.name())).toEqual(["note"]);
    expect(buildProgram(fakeIo(), () => undefined, "completion").commands.length).toBe(
      paths.filter((p) => p.length === 1).length,
    );
    expect(buildProgram(fakeIo(), () => undefined, "--debug").commands.length).toBeGreaterThan(10);
  });

  test.each([
    ...lines,
    ["nte", "x"],
    ["help", "note"],
    ["--debug", "note", "--help"],
    ["approve", "--help"],
    ["severity"],
  ])("crisis %j: the same output and exit code as with every command wired", async (...argv) => {
    expect(await lazy(argv)).toEqual(await whole(argv));
  });
});
