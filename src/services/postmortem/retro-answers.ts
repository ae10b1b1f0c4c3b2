import { parseRetroAnswers, type RetroAnswers } from "../../core/postmortem/retro-answers.js";
import { readTextFile } from "../files.js";

/** Reads and checks a retrospective answers file; every problem is reported as file:line:column. */
export function loadRetroAnswers(file: string): RetroAnswers {
  return parseRetroAnswers(readTextFile(file, { what: "the answers file" }), file);
}
