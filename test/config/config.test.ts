import path from "node:path";
import { describe, expect, test } from "vitest";
import { loadConfig } from "../../src/services/workspace/config.js";
import { configVariables } from "../../src/core/templates/variables.js";
import { InputError } from "../../src/errors.js";
import { tempDir } from "../helpers/tmp.js";

const CONFIG = `brand:
  name: Northwind
  handles: { x: "@northwind", bluesky: "@northwind.example" }
  support_contact: help@northwind.example
  hub_url: https://northwind.example/updates
baselines: { mentions_per_hour: 40, negative_share: 12 }
`;

describe("configuration", () => {
  test("is found by walking up from the working folder", () => {
    const dir = tempDir({ "crisis.config.yaml": CONFIG, "a/b/c/.keep": "" });
    const loaded = loadConfig(path.join(dir, "a/b/c"), {});
    expect(loaded.file).toBe(path.join(dir, "crisis.config.yaml"));
    expect(loaded.root).toBe(dir);
    expect(loaded.config.brand?.name).toBe("Northwind");
  });

  test("--config wins over $CRISIS_CONFIG, which wins over the walk", () => {
    const dir = tempDir({
      "crisis.config.yaml": CONFIG,
      "other.yaml": "brand: { name: Other }\n",
      "env.yaml": "brand: { name: Env }\n",
    });
    expect(loadConfig(dir, { CRISIS_CONFIG: "env.yaml" }).config.brand?.name).toBe("Env");
    expect(loadConfig(dir, { CRISIS_CONFIG: "env.yaml" }, "other.yaml").config.brand?.name).toBe("Other");
  });

  test("a missing named config is a clear usage error", () => {
    expect(() => loadConfig(tempDir(), {}, "nope.yaml")).toThrow(/config file not found/);
  });

  test("invalid values are reported at their place", () => {
    const dir = tempDir({ "crisis.config.yaml": "brand:\n  hub_url: not a url\nbaselines:\n  negative_share: 140\n" });
    try {
      loadConfig(dir, {});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).problems.map((p) => [p.line, p.column])).toEqual([
        [2, 12],
        [4, 19],
      ]);
    }
  });

  test("brand facts become template variables; missing ones are clear placeholders", () => {
    const dir = tempDir({ "crisis.config.yaml": CONFIG });
    const vars = configVariables(loadConfig(dir, {}).config);
    expect(vars).toMatchObject({
      brand: "Northwind",
      handle_x: "@northwind",
      handles: "@northwind, @northwind.example",
      media_contact: "[media contact]",
    });
    expect(configVariables({})).toMatchObject({ brand: "[brand name]", hub_url: "[crisis hub link]" });
  });

  test("without a config file the tool still works", () => {
    const loaded = loadConfig(tempDir(), {});
    expect(loaded).toMatchObject({ config: {}, file: undefined });
  });
});
