// @module-tag slow (the built CLI in a pseudo-terminal)
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { readBundledAssets } from "../../src/services/init/assets.js";
import { KEY, spawnCrisis } from "../helpers/pty.js";
import { tempDir } from "../helpers/tmp.js";

describe("crisis init in a terminal", () => {
  test("asks its questions and writes what was answered", { timeout: 30_000 }, async () => {
    const dir = tempDir();
    const first = readBundledAssets().playbooks[0]?.id;
    expect(first).toBeDefined();
    const t = spawnCrisis(["init"], dir, {}, { cols: 120, rows: 40 });
    const script: [expect: string, keys: string][] = [
      ["Brand name", `Acme${KEY.enter}`],
      ["Where does the brand post?", `${KEY.space}${KEY.enter}`],
      ["Official account on X", `@acme${KEY.enter}`],
      ["Where customers get help", KEY.enter],
      ["Where journalists are sent", KEY.enter],
      ["Crisis hub or status page URL", `https://acme.example/updates${KEY.enter}`],
      ["Mentions per hour", `40${KEY.enter}`],
      ["Share of negative mentions", KEY.enter],
      ["Keep the playbooks' response targets", KEY.enter],
      ["Copy bundled playbooks", `${KEY.space}${KEY.enter}`],
      ["Also copy the common spine", KEY.enter],
      ["Copy the message templates", KEY.enter],
      ["Add a GitHub Actions workflow", `n${KEY.enter}`],
      ["Add VS Code settings", KEY.enter],
      ["Incident records", `${KEY.down}${KEY.enter}`],
    ];
    for (const [question, keys] of script) await t.answer(question, keys);
    const code = await t.exited();
    const screen = t.text();
    expect(code, screen).toBe(0);
    expect(screen).toContain("created");
    const config = readFileSync(path.join(dir, "crisis.config.yaml"), "utf8");
    expect(config).toMatch(/^ {2}name: Acme$/m);
    expect(config).toMatch(/^ {4}x: "@acme"$/m);
    expect(config).toMatch(/^ {2}hub_url: https:\/\/acme\.example\/updates$/m);
    expect(config).toMatch(/^ {2}mentions_per_hour: 40$/m);
    expect(existsSync(path.join(dir, "playbooks", `${first}.yaml`))).toBe(true);
    expect(existsSync(path.join(dir, ".github"))).toBe(false);
    expect(existsSync(path.join(dir, ".vscode/settings.json"))).toBe(true);
    expect(existsSync(path.join(dir, "incidents/.gitkeep"))).toBe(true);
  });
});
