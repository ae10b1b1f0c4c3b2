/**
 * The one prompt facade. The runner and the retrospective ask through this interface, so tests
 * pass scripted answers and only inquirer-prompter.ts touches @inquirer/prompts.
 *
 * Every question may carry a `key`: a stable name such as `prompts.confirmed_facts` or
 * `roles.lead`. Scripted prompters and the answers file (crisis start --answers) answer by key.
 */

export interface Choice<T extends string = string> {
  value: T;
  name: string;
  description?: string;
}

type Validator<T> = (value: T) => true | string;

/**
 * What Esc does at this prompt: "actions" (the default) makes the prompt throw EscapePressed so
 * the runner can open its action menu; "cancel" throws it too, and the caller backs out of what it
 * was doing; "none" ignores the key.
 */
export type EscapeMode = "actions" | "cancel" | "none";

interface Base {
  message: string;
  key?: string;
  escape?: EscapeMode;
  /**
   * Milliseconds during which keys already typed are dropped before the question takes input:
   * the first question under a new step's screen, so an Enter meant for the step before (its
   * last question, a checklist it did not have) cannot answer it.
   */
  settle?: number;
  /** Closes the question from outside (an answer that arrived from another machine): it then rejects. */
  signal?: AbortSignal;
}

export interface Prompter {
  /** `display` shows the answer once given, e.g. a typed "-10m" with the time it means. */
  text(
    q: Base & {
      default?: string;
      required?: boolean;
      validate?: Validator<string>;
      prefill?: boolean;
      display?: (value: string) => string;
    },
  ): Promise<string>;
  /** Multi-line text: $EDITOR when one is set, otherwise typed inline. */
  longText(q: Base & { default?: string; required?: boolean }): Promise<string>;
  /**
   * `required`: an answers file must answer it (its first choice is never taken for it).
   * `hotkeys`: single keys shown in the key hints that do something without answering: the
   * prompt then throws HotkeyPressed, and the caller acts and asks again.
   */
  select<T extends string>(
    q: Base & { choices: readonly Choice<T>[]; default?: T; required?: boolean; hotkeys?: readonly Hotkey[] },
  ): Promise<T>;
  /** A long list the responder can type into to filter (e.g. choosing a playbook). */
  search<T extends string>(q: Base & { choices: readonly Choice<T>[] }): Promise<T>;
  checkbox<T extends string>(
    q: Base & { choices: readonly (Choice<T> & { checked?: boolean })[]; required?: boolean },
  ): Promise<T[]>;
  confirm(q: Base & { default?: boolean; required?: boolean }): Promise<boolean>;
  number(q: Base & { default?: number; required?: boolean; min?: number; max?: number }): Promise<number | undefined>;
}

/** A key that acts at a question without answering it, e.g. { key: "c", action: "copy text" }. */
export interface Hotkey {
  key: string;
  action: string;
}

/** Thrown by a select when the responder pressed one of its hotkeys. */
export class HotkeyPressed extends Error {
  override name = "HotkeyPressed";
  constructor(readonly key: string) {
    super(`hotkey ${key}`);
  }
}

/** Thrown by a prompt when the responder pressed Esc (see EscapeMode). */
export class EscapePressed extends Error {
  override name = "EscapePressed";
  constructor() {
    super("escape pressed");
  }
}
