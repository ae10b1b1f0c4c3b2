// @module-tag slow (crisis processes that list the modules they load)
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BIN } from "../helpers/pty.js";
import { tempDir } from "../helpers/tmp.js";

/**
 * What `crisis lint <one playbook>` loads (issue 15: it should cost little more than Node
 * starting). A clean playbook takes the fast path, so neither the yaml library (loaded with
 * require where a Document is needed, which an ESM load hook does not see: hence the CommonJS
 * cache is listed too) nor the glob matcher is loaded; a file with a finding still loads yaml.
 */
function run(file: string) {
  const cwd = tempDir();
  const listed = path.join(tempDir(), "loaded.txt");
  const hooks = tempDir({
    "hooks.mjs": `import { appendFileSync } from "node:fs";\nexport async function load(url, context, next) { appendFileSync(${JSON.stringify(listed)}, url + "\\n"); return next(url, context); }\n`,
    "register.mjs": `import { register } from "node:module";\nregister("./hooks.mjs", import.meta.url);\n`,
    "on-exit.cjs": `process.on("exit", () => require("node:fs").appendFileSync(${JSON.stringify(listed)}, Object.keys(require("node:module")._cache).join("\\n") + "\\n"));\n`,
  });
  writeFileSync(listed, "");
  const r = spawnSync(
    process.execPath,
    ["--require", path.join(hooks, "on-exit.cjs"), `--import=${path.join(hooks, "register.mjs")}`, BIN, "lint", file],
    { cwd, env: { ...process.env, NO_COLOR: "1" }, encoding: "utf8" },
  );
  const libraries = new Set(
    readFileSync(listed, "utf8")
      .split("\n")
      .flatMap((m) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(m)?.[1] ?? []),
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, libraries };
}

describe("crisis lint <one playbook>", () => {
  it("loads neither yaml nor the glob matcher for a clean playbook", () => {
    const r = run(path.resolve("playbooks/account-hijack.yaml"));
    expect(r.code, r.stderr).toBe(0);
    expect(r.libraries.has("js-yaml") && r.libraries.has("zod")).toBe(true);
    expect([...r.libraries].filter((l) => ["yaml", "tinyglobby", "picomatch", "fdir"].includes(l))).toEqual([]);
  });

  it("loads yaml for a playbook with a finding, to say where it is", () => {
    const dir = tempDir({ "p.yaml": "id: p\ntitle: P\nversion: 1.0.0\ncrisis_type: other\nsteps: []\nsteps: []\n" });
    const r = run(path.join(dir, "p.yaml"));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("yaml/duplicate-key");
    expect(r.libraries.has("yaml")).toBe(true);
  });
});
