import { spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { HEAP_GROWTH_FLAG, heapGrowthFlag } from "../../src/services/lint/heap.js";

describe("the heap's growth over a long lint run", () => {
  test("is bounded for a run over many files, and left to V8 for a few", () => {
    expect(heapGrowthFlag(1000)).toBe(HEAP_GROWTH_FLAG);
    expect(heapGrowthFlag(1)).toBeUndefined();
    // A flag this Node's V8 knows: an unknown one would be ignored without a word.
    const name = /^--([a-z-]+)=\d+$/.exec(HEAP_GROWTH_FLAG)?.[1] ?? "";
    expect(spawnSync(process.execPath, ["--v8-options"], { encoding: "utf8" }).stdout).toContain(`--${name} `);
  });
});
