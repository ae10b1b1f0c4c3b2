import { render } from "@inquirer/testing";
import { describe, expect, it } from "vitest";
import { InterruptError } from "../../src/errors.js";
import { createInquirerPrompter } from "../../src/adapters/terminal/inquirer-prompter.js";
import { EscapePressed, type Prompter } from "../../src/adapters/terminal/prompter.js";

/** Renders one question of the real prompter against @inquirer/testing's virtual terminal. */
function ask<T>(question: (p: Prompter) => Promise<T>, env: Record<string, string> = {}) {
  const prompt = (_config: unknown, context: { input?: NodeJS.ReadableStream; output?: NodeJS.WritableStream }) =>
    createInquirerPrompter({ env, input: context.input!, output: context.output! }).then(question) as Promise<T> & {
      cancel: () => void;
    };
  return render(prompt as never, {}) as unknown as ReturnType<typeof render<T, object>>;
}

describe("the terminal prompter", () => {
  it("shows untrusted question text neutralised, with the Esc hint", async () => {
    const { getScreen, events, answer } = await ask((p) => p.text({ message: "Title \u001b[2J\u001b]0;x\u0007 here" }));
    expect(getScreen()).toContain("Title ␛[2J␛]0;x␇ here (esc actions)");
    events.type("Checkout errors");
    events.keypress("enter");
    await expect(answer).resolves.toBe("Checkout errors");
  });

  it("turns Esc into EscapePressed, so the runner can open its action menu", async () => {
    const { events, answer } = await ask((p) =>
      p.select({ message: "How did we find out?", choices: [{ value: "a", name: "Alert" }] }),
    );
    events.keypress("escape");
    await expect(answer).rejects.toBeInstanceOf(EscapePressed);
  });

  it("ignores Esc where it has no meaning, and names the actions in the key help", async () => {
    const { events, answer, getScreen } = await ask((p) =>
      p.select({ message: "Playbook", choices: [{ value: "a", name: "Alert" }], escape: "none" }),
    );
    expect(getScreen()).not.toContain("esc");
    events.keypress("escape");
    events.keypress("enter");
    await expect(answer).resolves.toBe("a");
    const second = await ask((p) => p.select({ message: "Next", choices: [{ value: "a", name: "Alert" }] }));
    expect(second.getScreen()).toContain("esc actions");
    second.events.keypress("enter");
    await second.answer;
  });

  it("turns Ctrl+C into InterruptError", async () => {
    const { events, answer } = await ask((p) => p.confirm({ message: "Go?" }));
    events.keypress({ name: "c", ctrl: true });
    await expect(answer).rejects.toBeInstanceOf(InterruptError);
  });

  it("validates as the runner asks, and shows the interpreted answer when done", async () => {
    const { events, answer, getScreen, nextRender } = await ask((p) =>
      p.text({
        message: "When?",
        validate: (v) => (v === "-10m" ? true : "expected a time"),
        display: (v) => `${v} (21 Nov 2026 20:02 UTC)`,
      }),
    );
    events.type("soon");
    events.keypress("enter");
    await nextRender();
    expect(getScreen()).toContain("expected a time");
    events.keypress({ name: "u", ctrl: true });
    events.type("-10m");
    events.keypress("enter");
    await expect(answer).resolves.toBe("-10m");
    expect(getScreen()).toContain("When? -10m (21 Nov 2026 20:02 UTC)");
  });

  it("takes a long text inline without an editor, with \\n for new lines", async () => {
    const { events, answer } = await ask((p) => p.longText({ message: "Facts" }), {});
    events.type("First line\\nSecond line");
    events.keypress("enter");
    await expect(answer).resolves.toBe("First line\nSecond line");
  });
});
