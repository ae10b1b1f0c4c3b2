import { InterruptError } from "../errors.js";
import type { Prompter } from "./prompter.js";

/**
 * The real terminal prompts. @inquirer/prompts is imported here only, and this module is loaded
 * only by commands that ask questions. Ctrl+C (ExitPromptError) becomes an InterruptError; the
 * caller has already flushed every event, so it only has to say how to resume.
 */
export async function createInquirerPrompter(): Promise<Prompter> {
  const p = await import("@inquirer/prompts");
  const guard = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof Error && (error.name === "ExitPromptError" || error.name === "AbortPromptError")) {
        throw new InterruptError("interrupted");
      }
      throw error;
    }
  };
  const required = (needed: boolean | undefined) => (value: string) => (needed && value.trim() === "" ? "An answer is required." : true);
  return {
    text: (q) =>
      guard(() =>
        p.input({
          message: q.message,
          ...(q.default !== undefined ? { default: q.default } : {}),
          validate: (v) => {
            const r = required(q.required)(v);
            return r === true && q.validate ? q.validate(v) : r;
          },
        }),
      ),
    longText: (q) =>
      guard(async () => {
        if (process.env.VISUAL || process.env.EDITOR) {
          return p.editor({ message: q.message, default: q.default ?? "", validate: required(q.required), waitForUserInput: false });
        }
        return p.input({ message: `${q.message} (one paragraph; use \\n for a new line)`, default: q.default ?? "", validate: required(q.required) }).then((v) =>
          v.replace(/\\n/g, "\n"),
        );
      }),
    select: (q) => guard(() => p.select({ message: q.message, choices: [...q.choices], ...(q.default !== undefined ? { default: q.default } : {}), loop: false, pageSize: 12 })),
    search: (q) =>
      guard(() =>
        p.search({
          message: q.message,
          source: (term) => {
            const needle = (term ?? "").toLowerCase();
            return q.choices.filter((c) => !needle || c.name.toLowerCase().includes(needle) || c.value.toLowerCase().includes(needle) || (c.description ?? "").toLowerCase().includes(needle));
          },
        }),
      ),
    checkbox: (q) => guard(() => p.checkbox({ message: q.message, choices: [...q.choices], required: q.required ?? false, loop: false, pageSize: 14 })),
    confirm: (q) => guard(() => p.confirm({ message: q.message, default: q.default ?? false })),
    number: (q) =>
      guard(() =>
        p.number({
          message: q.message,
          ...(q.default !== undefined ? { default: q.default } : {}),
          required: q.required ?? false,
          ...(q.min !== undefined ? { min: q.min } : {}),
          ...(q.max !== undefined ? { max: q.max } : {}),
        }),
      ),
  };
}
