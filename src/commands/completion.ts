import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { buildProgram, type CommandInput } from "../cli.js";
import { bashScript } from "../completion/bash.js";
import { fishScript } from "../completion/fish.js";
import { describeProgram } from "../completion/spec.js";
import { zshScript } from "../completion/zsh.js";
import { packageRoot } from "../paths.js";
import type { Io } from "../ui/output.js";

const inputSchema = z.object({ args: z.tuple([z.enum(["bash", "zsh", "fish"])]) });

const SCRIPTS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

/** Prints the completion script; the command and option lists come from the real program, so they cannot drift. */
export async function run(io: Io, input: CommandInput) {
  const [shell] = inputSchema.parse(input).args;
  const spec = describeProgram(buildProgram(io, () => undefined));
  const version = (JSON.parse(readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string })
    .version;
  io.stdout.write(SCRIPTS[shell](spec, version));
}
