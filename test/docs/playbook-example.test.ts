import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli.js";
import { fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("docs/playbook-format.md, the complete example", () => {
  const page = readFileSync(path.join(ROOT, "docs/playbook-format.md"), "utf8");
  const section = page.slice(page.indexOf("## A complete example"));
  const playbook = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  const template = /```text\n([\s\S]*?)```/.exec(section)?.[1] ?? "";

  test("saved as the page says in a repository set up by crisis init, it lints with no findings at all", async () => {
    const repo = tempDir();
    expect(await main(["node", "crisis", "init", "--yes", "--brand", "Northwind"], fakeIo({ cwd: repo }))).toBe(0);
    const files = {
      "playbooks/delivery-delay.yaml": playbook,
      "templates/messages/delivery-delay/holding-short.txt": template,
    };
    for (const [file, text] of Object.entries(files)) {
      expect(page, `the page names ${file}`).toContain(file);
      mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
      writeFileSync(path.join(repo, file), text);
    }
    const io = fakeIo({ cwd: repo });
    const code = await main(["node", "crisis", "lint", "--json"], io);
    const doc = JSON.parse(io.out()) as { findings: unknown[]; files: { path: string }[] };
    expect(doc.findings).toEqual([]);
    expect(code).toBe(0);
    expect(doc.files.map((f) => f.path)).toEqual(expect.arrayContaining(Object.keys(files)));
  });

  test("its $schema comment points at the schema installed in a team's repository", () => {
    const ref = /\$schema=(\S+)/.exec(playbook)?.[1] ?? "";
    expect(ref).toBe("../node_modules/crisis-cli/schema/playbook.schema.json");
    // From playbooks/, the installed package's schema/ is this repository's schema/.
    expect(existsSync(path.join(ROOT, "schema/playbook.schema.json"))).toBe(true);
  });
});
