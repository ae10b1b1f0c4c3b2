// @module-tag slow (crisis processes that list the modules they load)
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { crisisRecordingModules } from "../helpers/loaded-modules.js";
import { tempDir } from "../helpers/tmp.js";

/**
 * What `crisis lint <one playbook>` loads (issue 15: it should cost little more than Node
 * starting). A clean playbook takes the fast path, so neither the yaml library (loaded with
 * require where a Document is needed, which an ESM load hook does not see: hence the CommonJS
 * cache is listed too), zod (core/playbook/schema-on-demand.ts) nor the glob matcher is loaded; a
 * file with a finding still loads yaml, one with a schema finding zod.
 */
function run(file: string) {
  return crisisRecordingModules(tempDir(), { ...process.env, NO_COLOR: "1" })(["lint", file]);
}

describe("crisis lint <one playbook>", () => {
  it("loads neither yaml, zod nor the glob matcher for a clean playbook", () => {
    for (const file of ["account-hijack", "data-breach", "viral-complaint"]) {
      const r = run(path.resolve(`playbooks/${file}.yaml`));
      expect(r.code, r.stderr).toBe(0);
      expect(r.libraries.has("js-yaml")).toBe(true);
      // The quick check (core/playbook/quick-check.ts) accepts it, its spine and its templates' front matter.
      expect([...r.libraries].filter((l) => ["yaml", "zod", "tinyglobby", "picomatch", "fdir"].includes(l))).toEqual(
        [],
      );
    }
  });

  it("loads zod for a playbook with a schema finding, and reports it as a run with zod would", () => {
    const dir = tempDir({
      "p.yaml": readFileSync("playbooks/account-hijack.yaml", "utf8").replace("type: select", "type: pick"),
    });
    const r = run(path.join(dir, "p.yaml"));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /error: steps\.\d+\.prompts\.\d+\.type: expected one of "text", .* got "pick" \[schema\/enum\]/,
    );
    expect(r.stdout).not.toContain("internal/crash");
    expect(r.libraries.has("zod")).toBe(true);
  });

  it("loads zod's CommonJS build only, never its ES modules nor its locales (core/zod/zod-lib.ts)", () => {
    const dir = tempDir({ "p.yaml": "id: p\ntitle: P\nversion: 1.0.0\ncrisis_type: other\nstepz: []\n" });
    const r = run(path.join(dir, "p.yaml"));
    const zod = r.modules.filter((m) => m.includes("/node_modules/zod/"));
    expect(zod.some((m) => m.endsWith("/node_modules/zod/index.cjs"))).toBe(true);
    expect(zod.filter((m) => !m.endsWith(".cjs"))).toEqual([]);
    // Nor its locales but the English one its messages come from: the index is a stand-in
    // (core/zod/defer-locales.ts), which would load them all when read.
    const locales = zod.filter((m) => m.includes("/locales/") && !m.endsWith("/index.cjs"));
    expect(locales.map((m) => path.basename(m))).toEqual(["en.cjs"]);
  });

  it("loads yaml for a playbook the fast path cannot read, to explain it", () => {
    const dir = tempDir({ "p.yaml": "id: p\ntitle: P\nversion: 1.0.0\ncrisis_type: other\nsteps: [\n" });
    const r = run(path.join(dir, "p.yaml"));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("yaml/syntax");
    expect(r.libraries.has("yaml")).toBe(true);
  });

  it("places a duplicate key and a schema finding without yaml (core/yaml/fast-locate.ts)", () => {
    const twice = tempDir({ "p.yaml": "id: p\ntitle: P\nversion: 1.0.0\ncrisis_type: other\nsteps: []\nsteps: []\n" });
    const dup = run(path.join(twice, "p.yaml"));
    expect(dup.code).toBe(1);
    expect(dup.stdout).toContain("6:1: error: duplicate key");
    expect(dup.libraries.has("yaml")).toBe(false);
    const misspelt = tempDir({ "p.yaml": "id: p\ntitle: P\nversion: 1.0.0\ncrisis_type: other\nstepz: []\n" });
    const unknown = run(path.join(misspelt, "p.yaml"));
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toContain("schema/unknown-key");
    expect(unknown.libraries.has("yaml")).toBe(false);
  });
});
