import { parseAnswers, type LoadedAnswers } from "../../core/runner/answers-file.js";
import { readTextFile } from "../files.js";

/** Reads and checks an answers file for crisis start/resume --answers (docs/start.md). */
export function loadAnswers(file: string): LoadedAnswers {
  return parseAnswers(readTextFile(file, { what: "the answers file" }), file);
}
