import { readFileSync } from "node:fs";
import { parseRetroAnswers, type RetroAnswers } from "../../core/postmortem/retro-answers.js";
import { CrisisError, EXIT } from "../../errors.js";

/** Reads and checks a retrospective answers file; every problem is reported as file:line:column. */
export function loadRetroAnswers(file: string): RetroAnswers {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new CrisisError(`cannot read the answers file ${file}: ${(error as Error).message}`, EXIT.usage);
  }
  return parseRetroAnswers(text, file);
}
