import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import formats from "ajv-formats";
import { parse } from "yaml";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli.js";
import { yamlFilesIn } from "../../src/services/workspace/workspace.js";
import { fieldDocs, fieldTable } from "../../src/core/playbook/field-docs.js";
import { jsonSchemaFor, type SchemaKind } from "../../src/core/playbook/json-schema.js";
import { fakeIo } from "../helpers/io.js";

const committed = (kind: SchemaKind) =>
  JSON.parse(readFileSync(`schema/${kind}.schema.json`, "utf8")) as Record<string, unknown>;

describe("the JSON Schemas", () => {
  test.each(["playbook", "spine", "config", "journal"] as const)(
    "schema/%s.schema.json is up to date (run npm run schemas)",
    (kind) => {
      expect(committed(kind)).toEqual(jsonSchemaFor(kind));
    },
  );

  test("crisis schema prints the playbook schema, with descriptions for editor hover", async () => {
    const io = fakeIo();
    expect(await main(["node", "crisis", "schema"], io)).toBe(0);
    const printed = JSON.parse(io.out()) as { properties: Record<string, { description?: string }> };
    expect(printed).toEqual(committed("playbook"));
    expect(printed.properties.last_reviewed?.description).toMatch(/last review/);
  });

  test(
    "an independent validator (ajv) accepts the schema and validates every bundled playbook",
    { tags: ["slow"] },
    () => {
      const ajv = new Ajv({ allErrors: true, strict: false });
      formats.default(ajv);
      const validatePlaybook = ajv.compile(committed("playbook"));
      const validateSpine = ajv.compile(committed("spine"));
      const files = yamlFilesIn("playbooks");
      expect(files.length).toBeGreaterThanOrEqual(9);
      for (const file of files) {
        const value = parse(readFileSync(file, "utf8")) as Record<string, unknown>;
        const validate = "spine" in value ? validateSpine : validatePlaybook;
        expect(validate(value), `${file}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      }
    },
  );

  test("ajv rejects what the zod schema rejects", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(committed("playbook"));
    expect(validate({ id: "x", title: "t", steps: [{ id: "a", phase: "nope", title: "t" }] })).toBe(false);
  });

  test("every bundled playbook starts with a yaml-language-server $schema line", () => {
    for (const file of yamlFilesIn("playbooks")) {
      const first = readFileSync(file, "utf8").split("\n")[0] ?? "";
      expect(first, file).toMatch(/^# yaml-language-server: \$schema=\S+\/schema\/(playbook|spine)\.schema\.json$/);
    }
  });
});

describe("docs/playbook-format.md", () => {
  const doc = readFileSync("docs/playbook-format.md", "utf8");

  test.each(["playbook", "spine"] as const)("documents every %s field (run npm run schemas if this fails)", (kind) => {
    expect(doc).toContain(
      `<!-- fields:${kind}:start -->\n${fieldTable(jsonSchemaFor(kind))}\n<!-- fields:${kind}:end -->`,
    );
    for (const field of fieldDocs(jsonSchemaFor(kind))) expect(doc).toContain(`| \`${field.path}\` |`);
  });

  test("its complete example is a valid playbook", () => {
    const example = /```yaml\n(# yaml-language-server[\s\S]*?)```/.exec(doc)?.[1] ?? "";
    expect(example).toContain("extends: common");
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(committed("playbook"));
    expect(validate(parse(example)), ajv.errorsText(validate.errors)).toBe(true);
  });
});
