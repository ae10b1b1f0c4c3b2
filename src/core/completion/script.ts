import type { Command } from "commander";
import { bashScript } from "./bash.js";
import { fishScript } from "./fish.js";
import { describeProgram } from "./spec.js";
import { zshScript } from "./zsh.js";

const SCRIPTS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

/** The completion script for a shell, listing the program's commands and options as it parses them. */
export function completionScript(shell: keyof typeof SCRIPTS, program: Command, version: string): string {
  return SCRIPTS[shell](describeProgram(program), version);
}
