import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LOG_TEMPLATE } from "../../src/core/incident-log/render.js";
import { planLog } from "../../src/core/incident-log/sections.js";
import { TemplateError } from "../../src/core/templates/render.js";
import { cachedLogPlan } from "../../src/services/incident/log-plan-cache.js";
import { tempDir } from "../helpers/tmp.js";

/**
 * The incident log's plan is kept in the cache folder (services/incident/log-plan-cache.ts): a
 * writing command takes it from there instead of parsing the template. What it takes must be what
 * parsing gives, for this template only.
 */

const FILE = path.resolve(import.meta.dirname, "../../templates", LOG_TEMPLATE);
const BODY = readFileSync(FILE, "utf8");

function setup() {
  const cache = tempDir();
  const env = { CRISIS_CACHE_DIR: cache };
  const kept = () => readdirSync(path.join(cache, "log-plan")).map((f) => path.join(cache, "log-plan", f));
  return { env, kept };
}

describe("the incident log's plan from the cache", () => {
  it("is the plan parsing gives, kept at the first use and read at the next", () => {
    const { env, kept } = setup();
    const parsed = planLog(BODY, FILE);
    expect(parsed).toBeDefined();
    expect(cachedLogPlan(BODY, FILE, env)).toEqual(parsed);
    expect(kept()).toHaveLength(1);
    // Marked in the cache: a plan read from it carries the mark, one parsed again would not.
    const file = kept()[0]!;
    const data = JSON.parse(readFileSync(file, "utf8")) as { tokens: unknown[] };
    data.tokens.push(["text", "from the cache", 0, 0]);
    writeFileSync(file, JSON.stringify(data));
    expect(cachedLogPlan(BODY, FILE, env)?.tokens.at(-1)).toEqual(["text", "from the cache", 0, 0]);
  });

  it("another template is another key; a damaged kept file is parsed again and written again", () => {
    const { env, kept } = setup();
    cachedLogPlan(BODY, FILE, env);
    const other = `${BODY}\nOne more line.\n`;
    expect(cachedLogPlan(other, FILE, env)).toEqual(planLog(other, FILE));
    expect(kept()).toHaveLength(2);
    for (const file of kept()) writeFileSync(file, '{"tokens": ');
    expect(cachedLogPlan(BODY, FILE, env)).toEqual(planLog(BODY, FILE));
    expect(cachedLogPlan(other, FILE, env)).toEqual(planLog(other, FILE));
    expect(kept().map((f) => JSON.parse(readFileSync(f, "utf8")) as unknown)).toHaveLength(2);
  });

  it("a template rendered whole is kept as such; one that fails its check fails every time", () => {
    const { env } = setup();
    // A kept list named outside its section: the log cannot be rendered in pieces.
    const whole = `${BODY}\n{{#notes}}{{no_such_key}}{{/notes}}\n`;
    expect(planLog(whole, FILE)).toBeUndefined();
    expect(cachedLogPlan(whole, FILE, env)).toBeUndefined();
    expect(cachedLogPlan(whole, FILE, env)).toBeUndefined();
    const bad = `${BODY}\n{{> partial}}\n`;
    expect(() => cachedLogPlan(bad, FILE, env)).toThrow(TemplateError);
    expect(() => cachedLogPlan(bad, FILE, env)).toThrow(TemplateError);
  });

  it("without a cache folder, parses as before", () => {
    expect(cachedLogPlan(BODY, FILE, { CRISIS_CACHE_DIR: "off" })).toEqual(planLog(BODY, FILE));
  });
});
