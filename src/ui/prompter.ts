/**
 * The one prompt facade. The runner and the retrospective ask through this interface, so tests
 * pass scripted answers and only inquirer-prompter.ts touches @inquirer/prompts.
 */

export interface Choice<T extends string = string> {
  value: T;
  name: string;
  description?: string;
}

export type Validator<T> = (value: T) => true | string;

export interface Prompter {
  text(q: { message: string; default?: string; required?: boolean; validate?: Validator<string> }): Promise<string>;
  /** Multi-line text: $EDITOR when one is set, otherwise typed inline. */
  longText(q: { message: string; default?: string; required?: boolean }): Promise<string>;
  select<T extends string>(q: { message: string; choices: readonly Choice<T>[]; default?: T }): Promise<T>;
  /** A long list the responder can type into to filter (e.g. choosing a playbook). */
  search<T extends string>(q: { message: string; choices: readonly Choice<T>[] }): Promise<T>;
  checkbox<T extends string>(q: { message: string; choices: readonly (Choice<T> & { checked?: boolean })[]; required?: boolean }): Promise<T[]>;
  confirm(q: { message: string; default?: boolean }): Promise<boolean>;
  number(q: { message: string; default?: number; required?: boolean; min?: number; max?: number }): Promise<number | undefined>;
}
