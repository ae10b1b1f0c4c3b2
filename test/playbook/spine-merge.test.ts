import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { mergeSpine, type Located } from "../../src/core/playbook/spine-merge.js";
import type { PlaybookFile, SpineFile } from "../../src/core/playbook/schema.js";

/**
 * mergeSpine copies each spine step without its placement once per spine step and reuses that copy
 * for every playbook that extends the spine: a playbook's patches must never reach the spine or
 * the next playbook merged with it.
 */
const located = <T>(file: string): Located<T> => ({
  data: parse(readFileSync(file, "utf8")) as T,
  file,
  source: "bundled",
  locate: () => ({ line: 1, column: 1 }),
});

describe("mergeSpine with one spine for many playbooks", () => {
  test("each merge is what a merge with a fresh copy of the spine gives", () => {
    const spine = located<SpineFile>("playbooks/spine/common.yaml");
    const pristine = structuredClone(spine.data);
    const files = ["playbooks/account-hijack.yaml", "playbooks/data-breach.yaml", "playbooks/account-hijack.yaml"];
    const merged = files.map((f) => mergeSpine(located<PlaybookFile>(f), spine));
    for (const [i, f] of files.entries()) {
      const fresh = mergeSpine(located<PlaybookFile>(f), located<SpineFile>("playbooks/spine/common.yaml"));
      expect(merged[i]).toEqual(fresh);
    }
    expect(spine.data).toEqual(pristine);
    // The steps carry no placement, and a patched step is the playbook's own copy.
    const steps = merged[0]?.playbook.steps ?? [];
    expect(steps.some((s) => "after" in s || "before" in s)).toBe(false);
    const patched = steps.find((s) => s.patchedBy.length > 0);
    expect(patched).toBeDefined();
    expect(merged[1]?.playbook.steps.find((s) => s.id === patched?.id)).not.toBe(patched);
  });
});
