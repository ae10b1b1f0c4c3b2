import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { lintFiles } from "../../src/core/lint/engine.js";
import { formatStylish } from "../../src/core/lint/format/stylish.js";
import { Chalk } from "chalk";
import { filesUnder } from "./helpers.js";

const files = [...filesUnder("playbooks"), ...filesUnder("templates/messages")]
  .filter((f) => /\.(ya?ml|txt)$/.test(f))
  .map((p) => ({ path: p, text: readFileSync(p) }));

// A month after the most recent review: the bundled playbooks are judged as freshly reviewed.
const reviewed = files
  .flatMap((f) => /^last_reviewed: (\d{4}-\d{2}-\d{2})/m.exec(f.text.toString("utf8"))?.[1] ?? [])
  .sort();
const now = new Date(Date.parse(`${reviewed[reviewed.length - 1] ?? "2026-11-21"}T00:00:00Z`) + 30 * 24 * 3600 * 1000);

describe("the bundled playbooks", () => {
  test("bundled playbooks lint clean: the eight playbooks, the spine and every template", () => {
    const result = lintFiles(files, { config: {}, now });
    expect(result.files.filter((f) => f.kind === "playbook")).toHaveLength(8);
    expect(result.files.filter((f) => f.kind === "spine")).toHaveLength(1);
    expect(result.files.filter((f) => f.kind === "template").length).toBeGreaterThanOrEqual(40);
    expect(formatStylish(result, new Chalk({ level: 0 }))).toBe("");
    expect(result.suppressed).toEqual([]);
  });
});
