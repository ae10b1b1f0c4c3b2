import { describe, expect, test } from "vitest";
import { evaluate } from "../../src/core/expr/evaluate.js";
import { ConditionSyntaxError, namesIn, parseCondition } from "../../src/core/expr/parse.js";

const scope = (
  answers: Record<string, string | number | boolean | string[] | null>,
  severity: "SEV1" | "SEV2" | "SEV3" | "SEV4" = "SEV3",
) => ({
  answers,
  severity,
  drill: false,
});
const run = (src: string, s = scope({})) => evaluate(parseCondition(src), s);

describe("when: conditions", () => {
  test("severity comparisons mean 'this level or worse'", () => {
    expect(run("severity >= SEV2", scope({}, "SEV1"))).toBe(true);
    expect(run("severity >= SEV2", scope({}, "SEV2"))).toBe(true);
    expect(run("severity >= SEV2", scope({}, "SEV3"))).toBe(false);
    expect(run("severity < SEV3", scope({}, "SEV4"))).toBe(true);
    expect(run("severity < SEV3", scope({}, "SEV2"))).toBe(false);
    expect(run("severity == SEV4", scope({}, "SEV4"))).toBe(true);
  });

  test("answers, logic and precedence", () => {
    const s = scope({ personal_data: true, claim_true: "partly", injuries: 3, channels: ["x", "reddit"] });
    expect(run('personal_data and claim_true != "no"', s)).toBe(true);
    expect(run("not personal_data or injuries > 5", s)).toBe(false);
    expect(run("(not personal_data or injuries > 2) and channels contains 'reddit'", s)).toBe(true);
    expect(run('claim_true in ["yes", "partly"]', s)).toBe(true);
  });

  test("an unanswered prompt is null: equal to nothing, never ordered", () => {
    expect(run("injuries > 0")).toBe(false);
    expect(run("injuries <= 0")).toBe(false);
    expect(run('claim_true != "yes"')).toBe(true);
    expect(run("missing")).toBe(false);
  });

  test("names referenced are listed for the linter", () => {
    expect(namesIn(parseCondition("a == 1 and (b or not c) and severity > SEV3")).map((n) => n.name)).toEqual([
      "a",
      "b",
      "c",
      "severity",
    ]);
  });

  test.each([
    ["a = 1", 2, '"=" is not an operator'],
    ["a == ", 5, "expected a name or a value"],
    ["(a == 1", 7, 'expected ")"'],
    ["a == 'x", 5, "string is not closed"],
    ["a b", 2, 'unexpected "b"'],
    ["process.exit(1)", 0, "not a valid name"],
    ["a == 1 and", 10, "expected a name or a value"],
  ])("%s is a syntax error at offset %i", (src, offset, message) => {
    try {
      parseCondition(src);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConditionSyntaxError);
      expect((error as ConditionSyntaxError).offset).toBe(offset);
      expect((error as Error).message).toContain(message);
    }
  });

  test("nothing is ever evaluated as code", () => {
    // Looks like JavaScript, but is only ever compared as names and strings.
    expect(() => parseCondition("constructor.constructor('return 1')()")).toThrow(ConditionSyntaxError);
    expect(run("constructor == 'x'")).toBe(false);
  });

  test("deep nesting is refused rather than overflowing the stack", () => {
    expect(() => parseCondition(`${"(".repeat(500)}a${")".repeat(500)}`)).toThrow(/nested too deeply/);
    expect(() => parseCondition("not ".repeat(300) + "a")).toThrow(/nested too deeply/);
  });
});
