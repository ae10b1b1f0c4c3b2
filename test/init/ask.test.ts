import { describe, expect, test } from "vitest";
import type { BundledAssets } from "../../src/core/init/assets.js";
import { askChoices, withDefaults } from "../../src/core/init/ask.js";
import { scriptedPrompter } from "../helpers/prompter.js";

const assets: BundledAssets = {
  playbooks: [
    { rel: "outage.yaml", text: "", id: "outage", title: "Outage", summary: "Down.", extends: "common", templates: [] },
  ],
  spines: [
    {
      rel: "spine/common.yaml",
      text: "",
      id: "common",
      templates: [],
      targets: { SEV1: { first_response: "30m", update_interval: "30m" } },
    },
  ],
  templates: new Map(),
};

/** Answers by question key; a question without an answer fails the test, so extra or missing prompts show. */
function scripted(answers: Record<string, unknown>) {
  const { prompter, asked } = scriptedPrompter(answers, { auto: false });
  return Object.assign(prompter, { asked: () => asked.map((a) => a.key) });
}

describe("crisis init questions", () => {
  test("the answers become the choices; empty answers leave fields for later", async () => {
    const prompter = scripted({
      "init.brand": "Acme",
      "init.channels": ["x", "bluesky"],
      "init.handle_x": "@acme",
      "init.handle_bluesky": "@acme.example",
      "init.support_contact": "",
      "init.media_contact": "press@acme.example",
      "init.hub_url": "https://acme.example/updates",
      "init.mentions_per_hour": 40,
      "init.negative_share": undefined,
      "init.keep_targets": false,
      "init.targets_SEV1_first_response": "15m",
      "init.targets_SEV1_update_interval": "30m",
      "init.targets_SEV2_first_response": "1h",
      "init.targets_SEV2_update_interval": "1h",
      "init.targets_SEV3_first_response": "2h",
      "init.targets_SEV3_update_interval": "4h",
      "init.targets_SEV4_first_response": "4h",
      "init.targets_SEV4_update_interval": "1d",
      "init.playbooks": ["outage"],
      "init.spine": false,
      "init.templates": true,
      "init.ci": true,
      "init.editor": false,
      "init.incidents": "commit",
    });
    const choices = await askChoices(prompter, { config: {} }, assets);
    expect(choices).toEqual({
      config: {
        brand: {
          name: "Acme",
          handles: { x: "@acme", bluesky: "@acme.example" },
          support_contact: undefined,
          media_contact: "press@acme.example",
          hub_url: "https://acme.example/updates",
          status_page_url: undefined,
        },
        baselines: { mentions_per_hour: 40, negative_share: undefined },
        targets: {
          SEV1: { first_response: "15m", update_interval: "30m" },
          SEV2: { first_response: "1h", update_interval: "1h" },
          SEV3: { first_response: "2h", update_interval: "4h" },
          SEV4: { first_response: "4h", update_interval: "1d" },
        },
      },
      playbooks: ["outage"],
      spine: false,
      templates: true,
      ci: true,
      editor: false,
      commitIncidents: true,
    });
  });

  test("questions answered by flags are not asked", async () => {
    const prompter = scripted({
      "init.support_contact": "",
      "init.media_contact": "",
      "init.hub_url": "",
      "init.keep_targets": true,
      "init.negative_share": undefined,
      "init.spine": false,
      "init.editor": true,
    });
    const choices = await askChoices(
      prompter,
      {
        config: { brand: { name: "Acme", handles: { x: "@acme" } }, baselines: { mentions_per_hour: 10 } },
        playbooks: [],
        ci: false,
        commitIncidents: false,
      },
      assets,
    );
    expect(prompter.asked()).not.toContain("init.brand");
    expect(prompter.asked()).not.toContain("init.channels");
    expect(prompter.asked()).not.toContain("init.playbooks");
    expect(prompter.asked()).not.toContain("init.templates");
    expect(choices).toMatchObject({
      playbooks: [],
      ci: false,
      editor: true,
      commitIncidents: false,
      config: { brand: { name: "Acme" }, baselines: { mentions_per_hour: 10 } },
    });
    expect(choices.config.targets).toBeUndefined();
  });

  test("a URL that is not one is refused at the prompt", async () => {
    const prompter = scripted({
      "init.brand": "",
      "init.channels": [],
      "init.support_contact": "",
      "init.media_contact": "",
      "init.hub_url": "acme.example",
    });
    await expect(askChoices(prompter, { config: {} }, assets)).rejects.toThrow(/expected a full URL/);
  });

  test("--yes takes the defaults for anything not given", () => {
    expect(withDefaults({ config: {}, ci: false })).toEqual({
      config: {},
      playbooks: [],
      spine: false,
      templates: true,
      ci: false,
      editor: true,
      commitIncidents: false,
    });
  });
});
