import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { safeName } from "../../src/core/incident/export-messages.js";
import { fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";

describe("crisis export --messages", () => {
  it("builds file names from a safe alphabet: journal data can never lead out of the folder", () => {
    expect(safeName("../../etc/passwd")).toBe("etc-passwd");
    expect(safeName("viral-complaint/holding-reply")).toBe("viral-complaint-holding-reply");
    expect(safeName("Ærø\u0000..\\x")).toBe("r-x");
    expect(safeName("...")).toBe("x");
    expect(safeName("a".repeat(500))).toHaveLength(60);
  });

  it("says what to export, and that there is nothing to work on without incidents", async () => {
    const cwd = tempDir({ "crisis.config.yaml": "brand: { name: X }\n" });
    const bare = fakeIo({ cwd });
    expect(await main(["node", "crisis", "export"], bare)).toBe(2);
    expect(bare.err()).toContain("say what to export: --messages");
    const none = fakeIo({ cwd });
    expect(await main(["node", "crisis", "export", "--messages"], none)).toBe(4);
    expect(none.err()).toMatch(/no open incident/);
  });
});
