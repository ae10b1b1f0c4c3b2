import { describe, expect, test } from "vitest";
import { chosenEditor } from "../../src/adapters/terminal/editor.js";

const npx = { npm_command: "exec", npm_execpath: "/usr/lib/node_modules/npm/bin/npm-cli.js" };

describe("which editor long answers open", () => {
  test("none when the responder set neither $VISUAL nor $EDITOR", () => {
    expect(chosenEditor({}, "linux")).toBeUndefined();
    expect(chosenEditor({ EDITOR: " " }, "linux")).toBeUndefined();
  });

  test("$VISUAL first, then $EDITOR, as Unix tools read them", () => {
    expect(chosenEditor({ VISUAL: "code --wait", EDITOR: "nano" }, "linux")).toBe("code --wait");
    expect(chosenEditor({ EDITOR: "nano" }, "linux")).toBe("nano");
    expect(chosenEditor({ EDITOR: "vi" }, "linux")).toBe("vi");
  });

  test("under npx, the vi that npm exports when nobody chose an editor is not a choice", () => {
    expect(chosenEditor({ ...npx, EDITOR: "vi" }, "linux")).toBeUndefined();
    expect(chosenEditor({ ...npx, EDITOR: "notepad.exe" }, "win32")).toBeUndefined();
  });

  test("under npx, an editor the responder chose still opens (npm passes $EDITOR or $VISUAL through)", () => {
    expect(chosenEditor({ ...npx, EDITOR: "nano" }, "linux")).toBe("nano");
    expect(chosenEditor({ ...npx, VISUAL: "vi", EDITOR: "vi" }, "linux")).toBe("vi");
  });
});
