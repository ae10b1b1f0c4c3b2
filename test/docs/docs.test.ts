import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { describe, expect, test } from "vitest";
import { buildProgram } from "../../src/cli.js";
import { configSchema } from "../../src/core/config/schema.js";
import { EXIT } from "../../src/errors.js";
import { fieldDocs, fieldTable } from "../../src/core/playbook/field-docs.js";
import { jsonSchemaFor } from "../../src/core/playbook/json-schema.js";
import { fakeIo } from "../helpers/io.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

/** Visible commands as "playbooks show"-style paths; hidden ones (__complete) are internal. */
function visible(cmd: Command, prefix: string[] = []): string[] {
  return cmd.commands
    .filter((c) => !(c as unknown as { _hidden: boolean })._hidden)
    .flatMap((c) => [[...prefix, c.name()].join(" "), ...visible(c, [...prefix, c.name()])]);
}

describe("docs/cli.md", () => {
  const doc = read("docs/cli.md");

  test("has a section for every command the CLI registers (add one when you add a command)", () => {
    const commands = visible(buildProgram(fakeIo(), () => undefined));
    expect(commands).toEqual(expect.arrayContaining(["init", "completion", "playbooks show"]));
    for (const command of commands)
      expect(doc, `docs/cli.md has no "## crisis ${command}"`).toMatch(new RegExp(`^## crisis ${command}$`, "m"));
  });

  test("lists every exit code", () => {
    for (const code of Object.values(EXIT)) expect(doc).toMatch(new RegExp(`^\\| ${code} \\| \\S`, "m"));
  });
});

describe("docs/configuration.md", () => {
  const doc = read("docs/configuration.md");

  test("documents every config field (run npm run schemas if the generated table is stale)", () => {
    const schema = jsonSchemaFor("config");
    expect(doc).toContain(`<!-- fields:config:start -->\n${fieldTable(schema)}\n<!-- fields:config:end -->`);
    for (const field of fieldDocs(schema)) {
      if (field.path.endsWith("[]")) continue;
      expect(doc, field.path).toMatch(new RegExp(`\`${field.path.replace(/[.[\]]/g, "\\$&")}(\\.|\`)`));
    }
    for (const key of Object.keys(configSchema.shape)) expect(doc).toMatch(new RegExp(`^## ${key}$|\`${key}\``, "m"));
  });
});

describe("links between the docs", () => {
  const pages = [
    "README.md",
    ...readdirSync(path.join(ROOT, "docs"))
      .filter((f) => f.endsWith(".md"))
      .map((f) => `docs/${f}`),
  ];

  test.each(pages)("every relative link in %s points at a file that exists", (page) => {
    const text = read(page).replace(/```[\s\S]*?```/g, "");
    const targets = [...text.matchAll(/\]\(([^)\s#]+)(#[^)]*)?\)/g)]
      .map((m) => m[1] ?? "")
      .filter((t) => !/^[a-z]+:/.test(t));
    const missing = targets.filter((t) => !existsSync(path.resolve(path.dirname(path.join(ROOT, page)), t)));
    expect(missing).toEqual([]);
  });
});

describe("hints that name a page of the docs", () => {
  test("name it where it is from the working folder, so it exists in a team's repository too", async () => {
    const { pointToDocs } = await import("../../src/services/docs-path.js");
    expect(pointToDocs("see docs/configuration.md", ROOT)).toBe("see docs/configuration.md");
    // A team's repository holds the package under node_modules/crisis-cli: the path is relative, inside it.
    const team = path.dirname(ROOT);
    expect(pointToDocs("see docs/start.md for the format", team)).toBe(
      `see ${path.basename(ROOT)}/docs/start.md for the format`,
    );
    const elsewhere = pointToDocs("see docs/start.md", "/");
    expect(existsSync(path.resolve("/", elsewhere.replace(/^see /, "")))).toBe(true);
    expect(pointToDocs("see docs/no-such-page.md", "/")).toBe("see docs/no-such-page.md");
  });

  test("an error's hint points at the installed page (crisis.config.yaml problems → configuration.md)", async () => {
    const { tempDir } = await import("../helpers/tmp.js");
    const { main } = await import("../../src/cli.js");
    const cwd = tempDir({ "crisis.config.yaml": "brand_name: Acme\n" });
    const io = fakeIo({ cwd });
    expect(await main(["node", "crisis", "playbooks"], io)).toBe(2);
    const named = /see (\S+configuration\.md)/.exec(io.err())?.[1] ?? "";
    expect(existsSync(path.resolve(cwd, named)), io.err()).toBe(true);
  });
});
