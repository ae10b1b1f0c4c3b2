import { readFileSync } from "node:fs";
import { parseAnswers, type LoadedAnswers } from "../../core/runner/answers-file.js";
import { CrisisError, EXIT } from "../../errors.js";

/** Reads and checks an answers file for crisis start/resume --answers (docs/start.md). */
export function loadAnswers(file: string): LoadedAnswers {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new CrisisError(
      `cannot read the answers file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      EXIT.usage,
    );
  }
  return parseAnswers(text, file);
}
