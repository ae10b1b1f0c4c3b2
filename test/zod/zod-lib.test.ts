import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "../../src/core/zod/zod-lib.js";

const require = createRequire(import.meta.url);
const localeIndex = path.join(path.dirname(require.resolve("zod")), "v4", "locales", "index.cjs");

/**
 * zod is loaded as CommonJS through core/zod/zod-lib.ts, with its locale index put off until a
 * locale is read (issue 15: half of zod's load time). The deferred index must offer what the real
 * one does.
 */
describe("zod through core/zod/zod-lib.ts", () => {
  it("is zod's CommonJS build, the one every module of crisis gets", () => {
    expect(z).toBe((require("zod") as { z: unknown }).z);
    expect(z.object({ a: z.string() }).safeParse({ a: 1 }).success).toBe(false);
  });

  it("puts off the locales, then gives the real ones under the same names", async () => {
    expect(require.cache[localeIndex]?.loaded).toBe(true);
    const { z: esm } = await import("zod");
    expect(Object.keys(z.locales).sort()).toEqual(Object.keys(esm.locales).sort());
    const de = z.locales.de();
    expect(typeof de.localeError).toBe("function");
    // Reading one loaded the real index in place of the stand-in.
    expect(Object.keys(require.cache[localeIndex]?.exports as object).sort()).toEqual(Object.keys(z.locales).sort());
  });
});
