import { describe, expect, test } from "vitest";
import { parseConfig } from "../../src/core/config/parse.js";
import { configSchema } from "../../src/core/config/schema.js";
import type { BundledAssets } from "../../src/core/init/assets.js";
import { defaultChoices, type InitChoices } from "../../src/core/init/choices.js";
import { renderConfigFile } from "../../src/core/init/config-file.js";
import { planInit, withSchemaComment, type PlanContext, type PlannedFile } from "../../src/core/init/plan.js";

const PLAYBOOK = `# yaml-language-server: $schema=../schema/playbook.schema.json
id: outage
title: Outage
`;
const SPINE = `# yaml-language-server: $schema=../../schema/spine.schema.json
spine: common
`;

const assets: BundledAssets = {
  playbooks: [
    {
      rel: "outage.yaml",
      text: PLAYBOOK,
      id: "outage",
      title: "Outage",
      summary: "When it is down.",
      extends: "common",
      templates: ["outage/holding", "common/final"],
    },
    {
      rel: "recall.yaml",
      text: "id: recall\n",
      id: "recall",
      title: "Recall",
      summary: "Product recall.",
      extends: "common",
      templates: [],
    },
  ],
  spines: [
    {
      rel: "spine/common.yaml",
      text: SPINE,
      id: "common",
      templates: ["common/staff"],
      targets: { SEV1: { first_response: "15m", update_interval: "30m" } },
    },
  ],
  templates: new Map([
    ["outage/holding", { rel: "messages/outage/holding.txt", text: "---\ntitle: H\n---\nbody" }],
    ["outage/unused", { rel: "messages/outage/unused.txt", text: "---\ntitle: U\n---\nbody" }],
    ["common/final", { rel: "messages/common/final.txt", text: "final" }],
    ["common/staff", { rel: "messages/common/staff.txt", text: "staff" }],
    ["recall/notice", { rel: "messages/recall/notice.txt", text: "notice" }],
  ]),
};

const context: PlanContext = {
  schemaDir: "node_modules/crisis-cli/schema",
  docsDir: "node_modules/crisis-cli/docs",
  hasPackageJson: true,
  version: "1.2.3",
};

const choices = (over: Partial<InitChoices> = {}): InitChoices => ({ ...defaultChoices(), ...over });
const paths = (plan: PlannedFile[]) => plan.map((f) => f.path);
const content = (plan: PlannedFile[], path: string): string => {
  const file = plan.find((f) => f.path === path);
  if (!file || file.kind !== "file") throw new Error(`no file ${path} in the plan`);
  return file.content;
};

describe("crisis init plan", () => {
  test("--yes plans the config, folder guides, CI workflow, editor settings and a .gitignore entry, and copies nothing", () => {
    const plan = planInit(choices(), assets, context);
    expect(paths(plan)).toEqual([
      "crisis.config.yaml",
      "playbooks/README.md",
      "templates/messages/README.md",
      ".github/workflows/crisis-lint.yml",
      ".vscode/settings.json",
      ".vscode/extensions.json",
      ".gitignore",
    ]);
    expect(plan.find((f) => f.path === ".gitignore")).toMatchObject({
      kind: "lines",
      lines: ["node_modules/", "/crisis.sarif", "/incidents/"],
    });
  });

  test("a copied playbook keeps its content and its schema comment points at the installed schema from its new place", () => {
    const plan = planInit(choices({ playbooks: ["outage"] }), assets, context);
    const copy = content(plan, "playbooks/outage.yaml");
    expect(copy.split("\n")[0]).toBe(
      "# yaml-language-server: $schema=../node_modules/crisis-cli/schema/playbook.schema.json",
    );
    expect(copy.split("\n").slice(1).join("\n")).toBe(PLAYBOOK.split("\n").slice(1).join("\n"));
  });

  test("the playbook's own templates and its group's are copied; the spine's are not unless the spine is", () => {
    const plan = planInit(choices({ playbooks: ["outage"] }), assets, context);
    expect(paths(plan)).toEqual(
      expect.arrayContaining([
        "templates/messages/outage/holding.txt",
        "templates/messages/outage/unused.txt",
        "templates/messages/common/final.txt",
      ]),
    );
    expect(paths(plan)).not.toContain("templates/messages/common/staff.txt");
    expect(paths(plan)).not.toContain("playbooks/spine/common.yaml");
    expect(paths(plan)).not.toContain("templates/messages/recall/notice.txt");
  });

  test("--spine copies the spine with its schema comment fixed, and its templates", () => {
    const plan = planInit(choices({ playbooks: ["outage"], spine: true }), assets, context);
    expect(content(plan, "playbooks/spine/common.yaml").split("\n")[0]).toBe(
      "# yaml-language-server: $schema=../../node_modules/crisis-cli/schema/spine.schema.json",
    );
    expect(paths(plan)).toContain("templates/messages/common/staff.txt");
  });

  test("--no-templates copies playbooks without templates", () => {
    const plan = planInit(choices({ playbooks: ["outage"], templates: false }), assets, context);
    expect(paths(plan).filter((p) => p.endsWith(".txt"))).toEqual([]);
  });

  test("committed incidents get a .gitkeep and stop being ignored, in the configured folder", () => {
    const plan = planInit(
      choices({ commitIncidents: true, config: { incidents_dir: "records/incidents/" } }),
      assets,
      context,
    );
    expect(paths(plan)).toContain("records/incidents/.gitkeep");
    expect(plan.find((f) => f.path === ".gitignore")).toMatchObject({
      lines: ["node_modules/", "/crisis.sarif"],
      remove: ["records/incidents"],
    });
    const ignored = planInit(choices({ config: { incidents_dir: "./records" } }), assets, context);
    expect(ignored.find((f) => f.path === ".gitignore")).toMatchObject({
      lines: ["node_modules/", "/crisis.sarif", "/records/"],
    });
  });

  test("without a package.json, the workflow installs the published package crisis-cli at this version", () => {
    const plan = planInit(choices({}), assets, { ...context, hasPackageJson: false });
    const workflow = plan.find((f) => f.path === ".github/workflows/crisis-lint.yml");
    expect(workflow?.kind === "file" ? workflow.content : "").toContain(
      "npm install --no-save --no-audit --no-fund crisis-cli@^1.2.3",
    );
  });

  test("an unknown playbook id is a usage error that suggests the closest bundled id", () => {
    expect(() => planInit(choices({ playbooks: ["outgae"] }), assets, context)).toThrow(
      /no bundled playbook "outgae" \(did you mean "outage"\?\)/,
    );
  });

  test("--no-ci and --no-editor leave those files out", () => {
    const plan = planInit(choices({ ci: false, editor: false }), assets, context);
    expect(paths(plan).some((p) => p.startsWith(".github") || p.startsWith(".vscode"))).toBe(false);
  });

  test("the editor settings map the playbook and config schemas onto the team's files", () => {
    const settings = JSON.parse(content(planInit(choices(), assets, context), ".vscode/settings.json")) as Record<
      string,
      Record<string, string[]>
    >;
    expect(settings["yaml.schemas"]).toEqual({
      "./node_modules/crisis-cli/schema/playbook.schema.json": ["playbooks/**/*.yaml", "playbooks/**/*.yml"],
      "./node_modules/crisis-cli/schema/config.schema.json": ["crisis.config.yaml"],
    });
  });
});

describe("withSchemaComment", () => {
  test("replaces an existing comment and adds one where there was none", () => {
    expect(
      withSchemaComment("# yaml-language-server: $schema=x.json\nid: a\n", "p/a.yaml", "s/playbook.schema.json"),
    ).toBe("# yaml-language-server: $schema=../s/playbook.schema.json\nid: a\n");
    expect(withSchemaComment("id: a\n", "a.yaml", "s/playbook.schema.json")).toBe(
      "# yaml-language-server: $schema=s/playbook.schema.json\nid: a\n",
    );
  });
});

describe("the generated crisis.config.yaml", () => {
  const ctx = {
    schemaPath: "node_modules/crisis-cli/schema/config.schema.json",
    spineTargets: { SEV1: { first_response: "15m", update_interval: "30m" } },
  };

  test("with defaults, loads as a config with only the folders set", () => {
    const text = renderConfigFile({}, ctx);
    expect(text.split("\n")[0]).toBe(
      "# yaml-language-server: $schema=node_modules/crisis-cli/schema/config.schema.json",
    );
    expect(parseConfig(text, "crisis.config.yaml")).toEqual({
      incidents_dir: "incidents",
      playbook_dirs: ["playbooks"],
      template_dirs: ["templates"],
    });
  });

  test("with every value set, loads back to the same values", () => {
    const config = {
      brand: {
        name: 'Acme: "the" #1',
        handles: { x: "@acme", "status-page": "status.acme.example" },
        support_contact: "help@acme.example",
        media_contact: "press@acme.example",
        hub_url: "https://acme.example/updates",
        status_page_url: "https://status.acme.example",
      },
      incidents_dir: "records",
      baselines: { mentions_per_hour: 40, negative_share: 12.5 },
      targets: { SEV1: { first_response: "20m", update_interval: "30m" } },
      channels: { x: { limit: 25000, public: true } },
      lint: { max_review_age: "90d" },
    };
    expect(parseConfig(renderConfigFile(config, ctx), "crisis.config.yaml")).toEqual({
      ...config,
      playbook_dirs: ["playbooks"],
      template_dirs: ["templates"],
    });
  });

  test("mentions every top-level field and every brand field, set or commented out, so none has to be looked up", () => {
    const text = renderConfigFile({}, ctx);
    for (const key of Object.keys(configSchema.shape)) expect(text).toMatch(new RegExp(`^(# )?${key}:`, "m"));
    const brand = configSchema.shape.brand.unwrap();
    for (const key of Object.keys(brand.shape)) expect(text).toMatch(new RegExp(`^  (# )?${key}:`, "m"));
    expect(text).toContain("#   SEV1: { first_response: 15m, update_interval: 30m }");
  });
});
