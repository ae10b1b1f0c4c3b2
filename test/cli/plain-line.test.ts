import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { buildProgram, main, reportError } from "../../src/cli.js";
import type { AnyCommand, OptionSpec } from "../../src/commands/define.js";
import { COMMANDS, PROGRAM } from "../../src/commands/index.js";
import { readPlainLine, type RawInput } from "../../src/commands/plain-line.js";
import { EXIT } from "../../src/errors.js";
import { fakeIo } from "../helpers/io.js";

/**
 * A plain command line is read without commander (src/commands/plain-line.ts); it must be read as
 * commander reads it, and every other line must be left to commander. Held on every command with
 * random lines made of the command's own flags, the program's, words, values, and the forms the
 * plain reading refuses (short and unknown flags, --x=y, "--", help, --version).
 */

/** What commander hands the action for `words` after the command's name; undefined when it refuses the line. */
async function commanderReading(spec: AnyCommand, words: readonly string[]): Promise<RawInput | undefined> {
  let read: RawInput | undefined;
  const io = fakeIo();
  const program = buildProgram(
    io,
    () => undefined,
    spec.name,
    (_, raw) => {
      read = raw;
      return Promise.resolve(EXIT.ok);
    },
  );
  try {
    await program.parseAsync(["node", "crisis", spec.name, ...words]);
  } catch (error) {
    reportError(io, error);
    return undefined;
  }
  return read;
}

/** The long flags of a command's options, as a user would type them. */
function flagsOf(options: Readonly<Record<string, OptionSpec>>): string[] {
  return Object.values(options).flatMap((o) => o.flags.split(/[ ,]+/).filter((f) => f.startsWith("-")));
}

function wordsFor(spec: AnyCommand) {
  const flags = [...flagsOf(spec.options as Record<string, OptionSpec>), ...flagsOf(PROGRAM.options)];
  const choices = Object.values(spec.options as Record<string, OptionSpec>).flatMap((o) => o.choices ?? []);
  // Mostly what a plain line is made of, so that many lines are plain and both readings are compared.
  const word = fc.oneof(
    { arbitrary: fc.constantFrom(...flags), weight: 4 },
    {
      arbitrary: fc.constantFrom("SEV1", "2", "hello world", "", "help", "show", "data-breach", "1200", ...choices),
      weight: 4,
    },
    {
      arbitrary: fc.constantFrom("--", "-", "-h", "--help", "-V", "--nope", "-x", "--json=1", "--at=-1h", "--no-json"),
      weight: 1,
    },
    { arbitrary: fc.string({ maxLength: 6 }), weight: 1 },
  );
  return fc.array(word, { maxLength: 7 });
}

describe("a plain command line read without commander", () => {
  test.each(COMMANDS.map((c) => [c.name, c] as const))(
    "crisis %s: read as commander reads it, or left to commander",
    async (_, spec) => {
      await fc.assert(
        fc.asyncProperty(wordsFor(spec), async (words) => {
          const plain = readPlainLine(spec, PROGRAM.options, words);
          if (plain === undefined) return;
          const read = await commanderReading(spec, words);
          expect(read).toBeDefined();
          expect(plain.processedArgs).toEqual(read!.processedArgs);
          expect(plain.given).toEqual({ ...read!.given });
          expect(plain.programGiven).toEqual({ ...read!.programGiven });
        }),
        { numRuns: 300 },
      );
    },
  );

  test.each([
    ["note", "Journalist", "called", "--at", "15:04", "--debug"],
    ["checkin", "--mentions", "1200", "--negative", "40"],
    ["decision", "Pause", "ads", "--why", "tone", "--alternatives", "none"],
    ["severity", "SEV1", "--reason", "press pickup"],
    ["status", "--json"],
    ["list", "--open"],
    ["playbooks", "--json"],
  ])("the bench's lines are plain: crisis %s …", (name, ...words) => {
    const spec = COMMANDS.find((c) => c.name === name)!;
    expect(readPlainLine(spec, PROGRAM.options, words)).toBeDefined();
  });

  test.each([
    ["note", "--at", "-15m", "x"],
    ["note", "x", "--help"],
    ["note", "--", "-x"],
    ["severity"],
    ["status", "a", "b"],
    ["playbooks", "show", "data-breach"],
    ["playbooks", "help"],
    ["note", "x", "-c", "crisis.config.yaml"],
    ["completion", "bash"],
  ])("left to commander: crisis %s …", (name, ...words) => {
    const spec = COMMANDS.find((c) => c.name === name)!;
    expect(readPlainLine(spec, PROGRAM.options, words)).toBeUndefined();
  });

  test.each(["--tag <tags...>", "--tag [tag]", "--no-tag"])(
    "a command with an option commander reads its own way (%s) is left to commander",
    (flags) => {
      const note = COMMANDS.find((c) => c.name === "note")!;
      const options: Record<string, OptionSpec> = { ...(note.options as Record<string, OptionSpec>) };
      options["tag"] = { flags, help: "a tag" };
      const spec = { ...note, options } as AnyCommand;
      expect(readPlainLine(note, PROGRAM.options, ["x"])).toBeDefined();
      expect(readPlainLine(spec, PROGRAM.options, ["x"])).toBeUndefined();
    },
  );

  test("a plain line's bad value gets the same message and exit code as commander's reading", async () => {
    const run = async (argv: string[]) => {
      const io = fakeIo();
      const code = await main(["node", "crisis", ...argv], io);
      return { code, out: io.out(), err: io.err() };
    };
    // --mentions abc is plain (the value check is crisis's own, after the reading); --mentions=abc is commander's.
    expect(await run(["checkin", "--mentions", "abc"])).toEqual(await run(["checkin", "--mentions=abc"]));
    expect((await run(["checkin", "--mentions", "abc"])).code).toBe(EXIT.usage);
  });
});
