import { emitKeypressEvents } from "node:readline";
import { InterruptError } from "../../errors.js";
import { chosenEditor } from "./editor.js";
import { EscapePressed, HotkeyPressed, type EscapeMode, type Hotkey, type Prompter } from "./prompter.js";
import { oneLine } from "./sanitize.js";

export interface InquirerOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** Defaults to process.stdin / process.stdout; tests pass their own streams. */
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Dims the "esc" hints; identity when colour is off. */
  dim?: (text: string) => string;
  /** Checked before every prompt: a Ctrl+C that arrived between prompts stops at the next one. */
  interrupted?: () => boolean;
}

const ESC_REASON = "crisis:escape";
const HOTKEY_REASON = "crisis:hotkey:";
const CLOSED_REASON = "crisis:closed";

/**
 * The real terminal prompts. The @inquirer prompt packages are imported here only, and this module
 * is loaded only by commands that ask questions. Each prompt is its own package: the editor prompt
 * (and the character-set conversion its external editor pulls in, iconv-lite) loads only when a
 * responder who chose an editor is asked for a long answer. Ctrl+C (ExitPromptError) becomes an InterruptError; the
 * caller has already flushed every event, so it only has to say how to resume. Esc aborts the
 * prompt and becomes EscapePressed, which the runner turns into its action menu.
 */
export async function createInquirerPrompter(options: InquirerOptions): Promise<Prompter> {
  const [inputPrompt, select, search, checkbox, confirm, number] = await Promise.all([
    import("@inquirer/input"),
    import("@inquirer/select"),
    import("@inquirer/search"),
    import("@inquirer/checkbox"),
    import("@inquirer/confirm"),
    import("@inquirer/number"),
  ]);
  const p = {
    input: inputPrompt.default,
    select: select.default,
    search: search.default,
    checkbox: checkbox.default,
    confirm: confirm.default,
    number: number.default,
  };
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const dim = options.dim ?? ((t: string) => t);

  const run = async <T>(
    q: { escape?: EscapeMode | undefined; settle?: number | undefined; hotkeys?: readonly Hotkey[] | undefined },
    start: (context: {
      input: NodeJS.ReadableStream;
      output: NodeJS.WritableStream;
      signal: AbortSignal;
    }) => Promise<T>,
    outside?: AbortSignal,
  ): Promise<T> => {
    if (options.interrupted?.()) throw new InterruptError("interrupted");
    if (q.settle) {
      // Keys typed while the new screen appeared were meant for what came before it: take them in
      // (raw, so the terminal hands over what it holds) and let them go before the question listens.
      const tty = input as NodeJS.ReadableStream & { setRawMode?: (on: boolean) => unknown };
      tty.setRawMode?.(true);
      input.resume();
      await new Promise((resolve) => setTimeout(resolve, q.settle));
      input.pause();
    }
    const controller = new AbortController();
    // Closed from outside (the answer arrived from another machine): the prompt goes, the caller knows why.
    const onOutside = () => controller.abort(CLOSED_REASON);
    if (outside?.aborted) onOutside();
    outside?.addEventListener("abort", onOutside, { once: true });
    const mode = q.escape ?? "actions";
    emitKeypressEvents(input);
    const onKey = (_: unknown, key: { name?: string; sequence?: string } | undefined) => {
      if (mode !== "none" && key?.name === "escape") controller.abort(ESC_REASON);
      const hot = q.hotkeys?.find((h) => key?.sequence === h.key);
      if (hot) controller.abort(`${HOTKEY_REASON}${hot.key}`);
    };
    input.on("keypress", onKey);
    try {
      return await start({ input, output, signal: controller.signal });
    } catch (error) {
      if (error instanceof Error && error.name === "AbortPromptError" && controller.signal.reason === ESC_REASON)
        throw new EscapePressed();
      const reason: unknown = controller.signal.reason;
      if (typeof reason === "string" && reason.startsWith(HOTKEY_REASON))
        throw new HotkeyPressed(reason.slice(HOTKEY_REASON.length));
      if (controller.signal.reason === CLOSED_REASON) throw new Error("the question was closed", { cause: error });
      if (error instanceof Error && (error.name === "ExitPromptError" || error.name === "AbortPromptError"))
        throw new InterruptError("interrupted");
      throw error;
    } finally {
      input.removeListener("keypress", onKey);
      outside?.removeEventListener("abort", onOutside);
    }
  };

  const hint = (escape: EscapeMode | undefined) =>
    escape === "none" ? "" : escape === "cancel" ? "esc back" : "esc actions";
  /** Prompts without a help line get the Esc hint after the question. */
  const theme = (escape: EscapeMode | undefined) => ({
    style: {
      message: (text: string, status: string) =>
        status === "done" || !hint(escape) ? text : `${text} ${dim(`(${hint(escape)})`)}`,
      defaultAnswer: (text: string) => dim(`(${oneLine(text)})`),
    },
  });
  /** Prompts with a help line of keys get the Esc hint there. */
  const keysTheme = (escape: EscapeMode | undefined, hotkeys: readonly Hotkey[] = []) => ({
    style: {
      keysHelpTip: (keys: [string, string][]) =>
        [
          ...keys,
          ...hotkeys.map((h): [string, string] => [h.key, h.action]),
          ...(hint(escape) ? [hint(escape).split(" ") as [string, string]] : []),
        ]
          .map(([k, a]) => `${k} ${dim(a)}`)
          .join(dim(" • ")),
    },
  });
  const required = (needed: boolean | undefined) => (value: string) =>
    needed && value.trim() === "" ? "An answer is required." : true;
  const show = (value: string) => oneLine(value);
  const choices = <T extends string>(
    list: readonly { value: T; name: string; description?: string; checked?: boolean }[],
  ) =>
    list.map((c) => ({
      ...c,
      name: oneLine(c.name),
      ...(c.description !== undefined ? { description: oneLine(c.description) } : {}),
    }));

  return {
    text: (q) =>
      run(q, (ctx) =>
        p.input(
          {
            message: oneLine(q.message),
            ...(q.default !== undefined ? { default: q.default } : {}),
            ...(q.prefill ? { prefill: "editable" as const } : {}),
            theme: theme(q.escape),
            transformer: (value: string, { isFinal }: { isFinal: boolean }) =>
              isFinal && q.display ? oneLine(q.display(value)) : show(value),
            validate: (v) => {
              const r = required(q.required)(v);
              return r === true && q.validate ? q.validate(v) : r;
            },
          },
          ctx,
        ),
      ),
    longText: (q) =>
      run(q, async (ctx) => {
        if (chosenEditor(options.env) !== undefined) {
          const { default: editor } = await import("@inquirer/editor");
          return editor(
            {
              message: oneLine(q.message),
              default: q.default ?? "",
              validate: required(q.required),
              waitForUserInput: true,
              theme: theme(q.escape),
            },
            ctx,
          );
        }
        // Without an editor the text is typed on one line; \n starts a new line.
        const value = await p.input(
          {
            message: `${oneLine(q.message)} ${dim("(one line; type \\n for a new line)")}`,
            default: (q.default ?? "").replace(/\n/g, "\\n"),
            prefill: q.default ? "editable" : "tab",
            theme: theme(q.escape),
            transformer: show,
            validate: required(q.required),
          },
          ctx,
        );
        return value.replace(/\\n/g, "\n");
      }),
    select: (q) =>
      run(
        q,
        (ctx) =>
          p.select(
            {
              message: oneLine(q.message),
              choices: choices(q.choices),
              ...(q.default !== undefined ? { default: q.default } : {}),
              loop: false,
              pageSize: 12,
              theme: keysTheme(q.escape, q.hotkeys),
            },
            ctx,
          ),
        q.signal,
      ),
    search: (q) =>
      run(q, (ctx) =>
        p.search(
          {
            message: oneLine(q.message),
            theme: keysTheme(q.escape),
            pageSize: 12,
            source: (term) => {
              // Matches in the name first, then in the id, then in the description: typing
              // "complaint" finds the complaint playbook before those that mention complaints.
              const needle = (term ?? "").toLowerCase();
              const rank = (c: { name: string; value: string; description?: string }) =>
                !needle
                  ? 0
                  : c.name.toLowerCase().includes(needle)
                    ? 1
                    : c.value.toLowerCase().includes(needle)
                      ? 2
                      : (c.description ?? "").toLowerCase().includes(needle)
                        ? 3
                        : 4;
              return choices(q.choices)
                .map((c) => ({ c, r: rank(c) }))
                .filter((x) => x.r < 4)
                .sort((a, b) => a.r - b.r)
                .map((x) => x.c);
            },
          },
          ctx,
        ),
      ),
    checkbox: (q) =>
      run(q, (ctx) =>
        p.checkbox(
          {
            message: oneLine(q.message),
            choices: choices(q.choices),
            required: q.required ?? false,
            loop: false,
            pageSize: 14,
            theme: keysTheme(q.escape),
          },
          ctx,
        ),
      ),
    confirm: (q) =>
      run(q, (ctx) =>
        p.confirm({ message: oneLine(q.message), default: q.default ?? false, theme: theme(q.escape) }, ctx),
      ),
    number: (q) =>
      run(q, (ctx) =>
        p.number(
          {
            message: oneLine(q.message),
            ...(q.default !== undefined ? { default: q.default } : {}),
            required: q.required ?? false,
            ...(q.min !== undefined ? { min: q.min } : {}),
            ...(q.max !== undefined ? { max: q.max } : {}),
            step: "any",
            theme: theme(q.escape),
          },
          ctx,
        ),
      ),
  };
}
