// @module-tag slow (every fixture and hundreds of generated inputs, each linted twice)
import { readFileSync } from "node:fs";
import { Chalk } from "chalk";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parse, stringify } from "yaml";
import { formatResult } from "../../src/core/lint/format/index.js";
import { FORMATS, type LintInput } from "../../src/core/lint/types.js";
import { fastParseYaml } from "../../src/core/yaml/fast-parse.js";
import { parseYaml } from "../../src/core/yaml/parse.js";
import { CASES, editedSeed, filesUnder, lint, WORKSPACE } from "./helpers.js";
import { MUTATIONS } from "./mutations.js";

/**
 * The fast path (js-yaml for clean files, a positioned Document only where a rule asks for a place)
 * must say exactly what the positioned path says: the same findings, byte for byte, in every format.
 * Each input is linted both ways and every format's output compared.
 */

const chalk = new Chalk({ level: 0 });

function outputs(inputs: LintInput[], positioned: boolean): string[] {
  const result = lint(inputs, { positioned });
  return FORMATS.map((f) => formatResult(f, result, { chalk, version: "0.0.0", cwd: "/" }));
}

function same(inputs: LintInput[]): void {
  expect(outputs(inputs, false)).toEqual(outputs(inputs, true));
}

const bundled = filesUnder("playbooks").filter((f) => f.endsWith(".yaml"));
const seeds = [...bundled, `${CASES}/clean.yaml`].map((f) => readFileSync(f, "utf8"));

describe("the fast path says what the positioned path says", () => {
  test("on every lint fixture and every bundled playbook", () => {
    const files = [...filesUnder(CASES), ...bundled].filter((f) => /\.(ya?ml|txt)$/.test(f));
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) same([{ path: file, text: readFileSync(file) }]);
  });

  test("on the mutation corpus (a team's realistic mistakes)", () => {
    for (const m of MUTATIONS) {
      if (m.copyOf !== undefined || !m.file.endsWith(".yaml")) continue;
      const text = readFileSync(`test/fixtures/lint-team/${m.file}`, "utf8");
      if (!text.includes(m.find)) continue;
      same([{ path: m.file, text: text.replace(m.find, m.replace) }]);
    }
  });

  test("on what js-yaml reads and yaml refuses: a comment straight after a bracket or quote, a collection as a flow key", () => {
    const seed = seeds[0] ?? "";
    for (const tail of [
      "{a: b}#[ c: d",
      "[a, b]# note",
      "'quoted'# note",
      '"quoted"#note',
      "{ a: b,{}, c: d }",
      "{ [a]: b }",
    ]) {
      const text = seed.replace(/^title: .*$/m, (line) => `${line}\nextra: ${tail}`);
      expect(text).toContain(tail);
      expect(fastParseYaml(text, "comment.yaml")).toBeUndefined();
      same([{ path: "comment.yaml", text }]);
    }
    // An opening quote before a '#' is text, not a comment: the fast path keeps such a file.
    const tagged = (seeds[0] ?? "").replace(/^title: .*$/m, (line) => `${line}\nextra: "#crisis-room"`);
    expect(fastParseYaml(tagged, "tagged.yaml")).toBeDefined();
  });

  test("on the bundled playbooks with random text edits (the fuzz corpus)", () => {
    const alphabet = /^[a-z_{}[\]:,\-#&*!?%'"|> \n\t0-9.~<]{0,60}$/;
    fc.assert(
      fc.property(editedSeed(seeds, alphabet, 4), (text) => {
        same([{ path: "fuzz.yaml", text }]);
      }),
      { numRuns: Number(process.env.FAST_PATH_RUNS ?? 150) },
    );
  });

  test("on the bundled playbooks with keys written twice (the fast path reports those itself)", () => {
    let handled = 0;
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), (seed, picks) => {
        const lines = seed.split("\n");
        const keyLines = lines.flatMap((l, i) => (/^ *(?:- )?[a-z_]+:/.test(l) ? [i] : []));
        // Each pick copies a key line (without its "- ") just below itself: the same key twice in one map.
        for (const p of [...picks].sort((a, b) => b - a)) {
          const i = keyLines[p % keyLines.length] ?? 0;
          const line = lines[i] ?? "";
          lines.splice(i + 1, 0, line.replace(/^( *)- /, "$1  "));
        }
        const text = lines.join("\n");
        const fast = fastParseYaml(text, "twice.yaml");
        if (fast) {
          handled++;
          expect(fast.issues).toEqual(parseYaml(text, "twice.yaml").issues);
        }
        same([{ path: "twice.yaml", text }]);
      }),
      { numRuns: 60 },
    );
    expect(handled).toBeGreaterThan(20);
  });

  test("on random values in random places of a real playbook (valid YAML, broken playbooks)", () => {
    const base = parse(seeds[1] ?? "") as Record<string, unknown>;
    const keys = Object.keys(base);
    fc.assert(
      fc.property(fc.nat(), fc.jsonValue({ maxDepth: 3 }), (k, replacement) => {
        const key = keys[k % keys.length] ?? "title";
        same([{ path: "values.yaml", text: stringify({ ...base, [key]: replacement }) }]);
      }),
      { numRuns: 150 },
    );
  });

  test("on scalars yaml's core schema reads in its own way", () => {
    const scalars = ["0o17", "0x1F", "+12", "-0", "1_000", "0b101", ".5", "5.", "1e3", "+.inf", ".NaN", "~", "Null"];
    scalars.push("yes", "on", "2026-11-21", "12:30", "TRUE", "True", "tRUE", "0.10", "1.0e+3", "-.inf", "007");
    for (const s of scalars) {
      const text = `${seeds[1] ?? ""}\n`.replace(/^version: .*$/m, `version: ${s}`);
      same([{ path: "scalar.yaml", text }]);
      const fast = fastParseYaml(`a: ${s}\nb: [${s}]\n${s}: c\n`, "s.yaml");
      const slow = parseYaml(`a: ${s}\nb: [${s}]\n${s}: c\n`, "s.yaml");
      if (fast) expect(fast.value, s).toEqual(slow.value);
    }
  });
});

describe("the fast path leaves to yaml what only yaml reports", () => {
  const hostile: Record<string, string> = {
    anchor: "a: &x 1\nb: *x\n",
    tag: "a: !!str 1\n",
    "non-specific tag": "a: ! 1\n",
    "custom tag": "a: !Ref x\n",
    "verbatim tag": "a: !<crisis:implicit:int> 1\n",
    "duplicate key": "a: 1\na: 2\n",
    "null key": "null: 1\n",
    "proto key": "__proto__: 1\n",
    "flow key": "[a, b]: 1\n",
    "explicit key": "? a\n: 1\n",
    tab: "a:\n\tb: 1\n",
    directive: "%YAML 1.2\n---\na: 1\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "deep nesting": `a: ${"[".repeat(70)}${"]".repeat(70)}\n`,
    "long key": `${"k".repeat(1100)}: 1\n`,
    "merge key": "a: 1\n<<: {b: 2}\n",
    "not a map": "- a\n- b\n",
    empty: "",
  };
  test.each(Object.entries(hostile))("%s", (_, text) => {
    if (_ === "duplicate key") expect(fastParseYaml(text, "h.yaml")?.issues).toEqual(parseYaml(text, "h.yaml").issues);
    else if (_ !== "merge key") expect(fastParseYaml(text, "h.yaml")).toBeUndefined();
    same([{ path: "h.yaml", text }]);
  });

  test("a clean file gets its positions only when a rule asks for one", () => {
    const fast = fastParseYaml(seeds[0] ?? "", "p.yaml");
    expect(fast?.value).toEqual(parseYaml(seeds[0] ?? "", "p.yaml").value);
    const lazy = fast ? Object.getOwnPropertyDescriptor(fast, "doc") : undefined;
    expect(lazy && "get" in lazy && typeof lazy.get).toBe("function");
    expect(fast?.doc?.contents).toBeTruthy();
  });

  test("a playbook linted with its spine and templates in context", () => {
    same([...bundled.map((f) => ({ path: f, text: readFileSync(f) })), ...WORKSPACE]);
  });
});
