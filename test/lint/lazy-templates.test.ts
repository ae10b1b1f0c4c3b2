import { readFileSync } from "node:fs";
import { describe, expect, test, vi } from "vitest";
import { lintFiles } from "../../src/core/lint/engine.js";
import { LazyTemplates } from "../../src/core/lint/lazy-templates.js";
import type { TemplateEntry } from "../../src/core/lint/rule.js";
import type * as TemplateParse from "../../src/core/templates/parse.js";
import { filesUnder } from "./helpers.js";

// Counts the templates the linter parses, without changing what parsing does.
const parsed = vi.hoisted(() => new Set<string>());
vi.mock("../../src/core/templates/parse.js", async (importOriginal) => {
  const actual = await importOriginal<typeof TemplateParse>();
  return {
    ...actual,
    parseTemplate: (...args: Parameters<typeof actual.parseTemplate>) => {
      parsed.add(args[1]);
      return actual.parseTemplate(...args);
    },
  };
});

const read = (p: string) => ({ path: p, text: readFileSync(p), source: "bundled" as const });

describe("message templates are parsed when a check first needs one", () => {
  test("crisis lint <one playbook> parses the templates it and its spine name, not every bundled one", () => {
    parsed.clear();
    const templates = filesUnder("templates/messages").filter((f) => f.endsWith(".txt"));
    const workspace = [...filesUnder("playbooks"), ...templates].filter((f) => /\.(ya?ml|txt)$/.test(f)).map(read);
    const text = readFileSync("playbooks/account-hijack.yaml", "utf8");
    const result = lintFiles([{ path: "playbooks/account-hijack.yaml", text }], {
      config: {},
      now: new Date("2026-12-01T00:00:00Z"),
      workspace,
    });
    expect(result.files).toEqual([{ file: "playbooks/account-hijack.yaml", kind: "playbook" }]);
    const named = new Set(
      [text, readFileSync("playbooks/spine/common.yaml", "utf8")].flatMap((t) =>
        [...t.matchAll(/template:\s*([\w/.-]+)/g)].map((m) => `templates/messages/${m[1]}`),
      ),
    );
    expect(parsed.size).toBeGreaterThan(0);
    // Each parsed template is one the playbook or its spine names, or a language variant of one.
    for (const file of parsed) expect([...named].some((n) => file.startsWith(n.replace(/\.txt$/, "")))).toBe(true);
    expect(parsed.size).toBeLessThan(templates.length / 4);
  });

  test("an id keeps the place of its first file and the entry of its last, like Map.set", () => {
    const made: string[] = [];
    const lazy = new LazyTemplates(
      [
        ["a", "a1"],
        ["b", "b1"],
        ["a", "a2"],
      ] as const,
      (file): TemplateEntry => {
        made.push(file);
        return { id: file.slice(0, 1), file };
      },
    );
    expect([...lazy.keys()]).toEqual(["a", "b"]);
    expect(lazy.has("b") && !lazy.has("c") && lazy.size === 2).toBe(true);
    expect(made).toEqual([]);
    expect(lazy.get("a")?.file).toBe("a2");
    expect(lazy.get("a")?.file).toBe("a2");
    expect(made).toEqual(["a2"]);
    expect([...lazy].map(([id, e]) => `${id}=${e.file}`)).toEqual(["a=a2", "b=b1"]);
    expect(made).toEqual(["a2", "b1"]);
  });
});
