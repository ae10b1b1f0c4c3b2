import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli.js";
import { loadWorkspace } from "../../src/services/workspace/workspace.js";
import { readBundledAssets } from "../../src/services/init/assets.js";
import { fakeIo } from "../helpers/io.js";
import { tempDir } from "../helpers/tmp.js";

const SAMPLE = readFileSync(path.join(import.meta.dirname, "../fixtures/playbooks/valid/sample.yaml"), "utf8");
const OUR_FINAL = `---
title: Our final statement
kind: final
audience: public
---
That is all from {{brand}} on {{incident_title}}. Help stays at {{support_contact}}.
`;

describe("local over bundled", () => {
  const bundled = readBundledAssets();
  const [overridden, untouched] = bundled.playbooks.map((p) => p.id);

  function teamRepo(): string {
    return tempDir({
      "crisis.config.yaml": "playbook_dirs: [playbooks]\ntemplate_dirs: [templates]\n",
      "playbooks/ours.yaml": SAMPLE.replace("id: sample", `id: ${overridden}`).replace(
        "title: Sample crisis",
        "title: Our own version",
      ),
      "templates/messages/common/final-statement.txt": OUR_FINAL,
      "templates/messages/ours/thanks.txt": OUR_FINAL.replace("Our final statement", "Thanks"),
    });
  }

  test("a local playbook with a bundled id replaces it, and crisis playbooks says which is which", async () => {
    expect(untouched).toBeDefined();
    const cwd = teamRepo();
    const io = fakeIo({ cwd });
    expect(await main(["node", "crisis", "playbooks"], io)).toBe(0);
    const rows = io.out().split("\n");
    expect(rows.find((r) => r.startsWith(`${overridden} `))).toMatch(/Our own version.*\blocal$/);
    expect(rows.find((r) => r.startsWith(`${untouched} `))).toMatch(/\bbundled$/);
    expect(rows.filter((r) => r.startsWith(`${overridden} `))).toHaveLength(1);

    const json = fakeIo({ cwd });
    await main(["node", "crisis", "playbooks", "--json"], json);
    const entry = (
      JSON.parse(json.out()) as { playbooks: { id: string; source: string; file: string }[] }
    ).playbooks.find((p) => p.id === overridden);
    // Relative to the working folder: --json never carries absolute paths.
    expect(entry).toMatchObject({ source: "local", file: "playbooks/ours.yaml" });
  });

  test("a local template with a bundled id replaces it; other bundled templates stay, new ids are added", () => {
    expect(bundled.templates.has("common/final-statement")).toBe(true);
    const { templates } = loadWorkspace(fakeIo({ cwd: teamRepo() }), {});
    const final = templates.templates.get("common/final-statement");
    expect(final).toMatchObject({ source: "local", meta: { title: "Our final statement" } });
    expect(final?.body).toBe("That is all from {{brand}} on {{incident_title}}. Help stays at {{support_contact}}.");
    expect(templates.templates.get("common/internal-staff-notice")?.source).toBe("bundled");
    expect(templates.templates.get("ours/thanks")?.source).toBe("local");
    expect(templates.problems).toEqual([]);
  });

  test("the overriding playbook is the one that runs: crisis playbooks show renders the local steps", async () => {
    const io = fakeIo({ cwd: teamRepo() });
    expect(await main(["node", "crisis", "playbooks", "show", overridden ?? "", "--json"], io)).toBe(0);
    const shown = (JSON.parse(io.out()) as { playbook: { title: string; source: string; steps: { id: string }[] } })
      .playbook;
    expect(shown).toMatchObject({ title: "Our own version", source: "local" });
    expect(shown.steps.map((s) => s.id)).toContain("extra");
  });
});
