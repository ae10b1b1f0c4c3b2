import { describe, expect, test } from "vitest";
import { loadCatalog } from "../../src/services/workspace/workspace.js";
import { scoreSeverity } from "../../src/core/severity/score.js";

const catalog = loadCatalog([
  { dir: "playbooks", source: "bundled" },
  { dir: "test/fixtures/playbooks/valid", source: "local" },
]);
const model = catalog.playbooks.get("sample")?.severity;
if (!model) throw new Error("sample playbook missing");
const baselines = { mentions_per_hour: 40, negative_share: 12 };
const calm = { reach: "Under 10,000", mentions_per_hour: 40, negative_share: 12, media_pickup: "Nobody yet" };

describe("severity scoring: the worst dimension wins", () => {
  test("normal levels score SEV4", () => {
    expect(scoreSeverity(model, calm, baselines).level).toBe("SEV4");
  });

  test("velocity against the baseline: 10× is SEV1, and the reason says so", () => {
    const result = scoreSeverity(model, { ...calm, mentions_per_hour: 400 }, baselines);
    expect(result.level).toBe("SEV1");
    expect(result.reasons).toContain("Velocity: SEV1 (400 is 10.0× the baseline of 40)");
  });

  test("sentiment in points above the baseline", () => {
    expect(scoreSeverity(model, { ...calm, negative_share: 35 }, baselines).level).toBe("SEV2");
  });

  test("sentiment alone never makes SEV1: it counts for SEV1 only beside another dimension at SEV2 or worse", () => {
    const sour = scoreSeverity(model, { ...calm, negative_share: 90 }, baselines);
    expect(sour.level).toBe("SEV2");
    expect(sour.reasons).toContain(
      "Sentiment is a soft signal: it counts for SEV1 only with another dimension at SEV2 or worse",
    );
    const spreading = scoreSeverity(model, { ...calm, negative_share: 90, reach: "100,000 to 1 million" }, baselines);
    expect(spreading.level).toBe("SEV1");
  });

  test("an unknown answer counts high: if unsure, go higher", () => {
    const result = scoreSeverity(model, { ...calm, mentions_per_hour: null }, baselines);
    expect(result.level).toBe("SEV2");
    expect(scoreSeverity(model, { ...calm, mentions_per_hour: 40 }, {}).level).toBe("SEV2");
  });

  test("hard overrides force a minimum level", () => {
    expect(scoreSeverity(model, { ...calm, personal_data: true }, baselines).level).toBe("SEV1");
    expect(scoreSeverity(model, { ...calm, legal_exposure: true }, baselines)).toMatchObject({
      level: "SEV2",
      overrides: ["legal_exposure"],
    });
  });
});
